"""A throwaway PostgreSQL server from the machine's own packages, for tests and benchmarks.

``initdb`` into a temporary folder, listening on 127.0.0.1 only, on a free port, with
trust authentication (nobody else can reach it). ``initdb`` refuses to run as root, so
as root the cluster belongs to the ``postgres`` user and its programs run through
``runuser`` (Debian's packages create that user). Nothing is fetched: without the
packages, ``find_bin`` returns None and the caller says so.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

USER = "annotator"  # the cluster's superuser, whose name the URLs carry


def find_bin() -> Path | None:
    """The folder of PostgreSQL's server programs (Debian: /usr/lib/postgresql/N/bin)."""
    override = os.environ.get("ANNOTATOR_PG_BIN")
    candidates = [override] if override else []
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    found = shutil.which("initdb")
    if found:
        candidates.append(str(Path(found).resolve().parent))
    for folder in candidates:
        if folder and (Path(folder) / "initdb").exists() and (Path(folder) / "postgres").exists():
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Cluster:
    """One running (or stopped) throwaway server."""

    bin: Path
    root: Path
    port: int = field(default_factory=_free_port)
    durable: bool = False  # fsync on: for benchmarks that measure commits as a server would
    process: subprocess.Popen[bytes] | None = None

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres") -> str:
        """The address annotators would be given: postgresql://USER@HOST:PORT/DB."""
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def _as_owner(self, argv: list[str]) -> list[str]:
        return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv

    def init(self) -> None:
        self.data.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.data, "postgres")
        subprocess.run(
            self._as_owner(
                [
                    str(self.bin / "initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    USER,
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                ]
            ),
            check=True,
            capture_output=True,
        )

    def start(self) -> None:
        """Start the server (in the foreground of a child, so a SIGKILL is a real crash)."""
        options = [
            "-p",
            str(self.port),
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            f"unix_socket_directories={self.root}",
            "-c",
            "max_connections=60",
            # A container's /dev/shm may be tiny: parallel queries' shared memory in files.
            "-c",
            "dynamic_shared_memory_type=mmap",
        ]
        if not self.durable:
            # Safe against a killed server (the operating system keeps what was written),
            # not against a machine that loses power. synchronous_commit stays on: off, a
            # killed server forgets commits it had already confirmed.
            options += ["-c", "fsync=off"]
        with open(self.root / "server.log", "ab") as log:  # the child keeps its own copy
            self.process = subprocess.Popen(
                self._as_owner([str(self.bin / "postgres"), "-D", str(self.data), *options]),
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
        self.wait_ready()

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"PostgreSQL stopped: {(self.root / 'server.log').read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    pass
                ready = subprocess.run(
                    [str(self.bin / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
                    capture_output=True,
                )
                if ready.returncode == 0:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("PostgreSQL did not start in time")

    def kill(self) -> None:
        """SIGKILL the server: a crash, not a shutdown (it recovers from its log on start)."""
        if self.process is not None and self.process.poll() is None:
            self._signal(signal.SIGKILL)
            self.process.wait(timeout=30)
            # The backends notice their postmaster is gone and exit; wait for the port.
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                    time.sleep(0.1)
                except OSError:
                    break
        self.process = None

    def _signal(self, number: int) -> None:
        # runuser forwards no signal: send it to the postmaster itself, by its pid file.
        pid = int((self.data / "postmaster.pid").read_text().split()[0])
        os.kill(pid, number)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self._signal(signal.SIGINT)  # fast shutdown
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
        self.process = None

    def create_database(self, name: str) -> str:
        """A new empty database on this server; its URL."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')  # a name the caller made up
        return self.url(name)


def start_cluster(*, durable: bool = False) -> Cluster:
    """A new running server in a new temporary folder (``Cluster.stop`` and remove it)."""
    folder = find_bin()
    if folder is None:
        raise RuntimeError(
            "PostgreSQL's server programs are not installed (Debian: apt-get install postgresql)"
        )
    cluster = Cluster(folder, Path(tempfile.mkdtemp(prefix="annotator-pg-")), durable=durable)
    cluster.init()
    cluster.start()
    return cluster


def remove(cluster: Cluster) -> None:
    cluster.stop()
    shutil.rmtree(cluster.root, ignore_errors=True)
