"""Installing like an application: the wheel, a fresh environment, the desktop entry.

The wheel is built from a copy of the checkout and installed into a new virtual
environment; the installed `annotator` then runs from an unrelated folder, on its own
copies of the schema, the sample articles and the icons.
"""

from __future__ import annotations

import configparser
import importlib.util
import os
import shutil
import struct
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path
from types import ModuleType
from xml.etree import ElementTree

import pytest
from PySide6.QtWidgets import QApplication

import annotator
from annotator import paths

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
#: What building the wheel reads; everything else in the checkout stays out of the copy.
BUILD_INPUTS = ("annotator", "resources", "sample_docs", "pyproject.toml", "setup.py", "README.md")
SAMPLES = sorted(path.name for path in (ROOT / "sample_docs").iterdir() if path.is_file())
ARTICLES = [name for name in SAMPLES if name.endswith(".txt")]
MIME = "{http://www.freedesktop.org/standards/shared-mime-info}"
PIP = (sys.executable, "-m", "pip", "--quiet", "--disable-pip-version-check")


def _run(command: list[str | Path], cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def _clean_env(home: Path) -> dict[str, str]:
    """This environment without Python paths, with a home of its own for settings and data."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.pop("VIRTUAL_ENV", None)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
    )
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the checkout (so no build/ is left in it)."""
    source = tmp_path_factory.mktemp("source")
    for name in BUILD_INPUTS:
        if (ROOT / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    # No build isolation and no index: the build uses this environment's setuptools and
    # never reaches for the network.
    _run(
        [*PIP, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", out, "."],
        cwd=source,
        env=_clean_env(source),
    )
    (built,) = out.glob("annotator-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment holding the installed wheel."""
    venv = tmp_path_factory.mktemp("venv")
    env = _clean_env(venv)
    _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=venv, env=env)
    python = venv / "bin" / "python"
    _run(
        [*PIP, "--python", python, "install", "--no-deps", "--no-index", wheel],
        cwd=venv,
        env=env,
    )
    # The dependencies (PySide6, spaCy and its model: hundreds of MB) are made visible from
    # the test environment's site-packages instead of being installed: downloading them
    # would take minutes and need the network. A plain path line in a .pth file does not
    # run the .pth files in that folder, so the checkout's editable install stays out and
    # `annotator` can only come from the wheel.
    site = Path(
        _run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], venv, env
        ).strip()
    )
    lines = dict.fromkeys(sysconfig.get_paths()[key] for key in ("purelib", "platlib"))
    (site / "_test_dependencies.pth").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return venv


@pytest.mark.slow
def test_the_wheel_carries_the_schema_the_sample_articles_and_the_icons(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "annotator/_resources/schemas/news.toml" in names
    assert {f"annotator/_sample_docs/{name}" for name in SAMPLES} <= names
    assert len(ARTICLES) == 8
    assert "annotator/_resources/icons/annotator.svg" in names
    assert {
        f"annotator/_resources/icons/annotator-{size}.png" for size in paths.ICON_SIZES
    } <= names
    # Inside the package, not beside it: nothing lands at the top of site-packages.
    tops = {name.split("/")[0] for name in names}
    assert tops == {"annotator", f"annotator-{annotator.__version__}.dist-info"}


@pytest.mark.slow
def test_the_installed_command_runs_from_any_folder(venv: Path, tmp_path: Path) -> None:
    out = _run([venv / "bin" / "annotator", "--version"], tmp_path, _clean_env(tmp_path))
    assert out.strip() == f"annotator {annotator.__version__}"


@pytest.mark.slow
def test_the_installed_copy_reads_its_own_files_not_the_checkouts(
    venv: Path, tmp_path: Path
) -> None:
    script = (
        "import annotator, annotator.paths as p\n"
        "for path in (annotator.__file__, p.resources_dir(), p.sample_docs_dir(),"
        " p.default_schema_path(), p.app_icon_path(), p.app_icon_path(256)):\n"
        "    print(path)\n"
    )
    out = _run([venv / "bin" / "python", "-c", script], tmp_path, _clean_env(tmp_path))
    found = [Path(line) for line in out.splitlines()]
    package = next(venv.glob("lib/python*/site-packages/annotator"))
    assert len(found) == 6
    for path in found:
        assert path.is_relative_to(package), path
        assert not path.is_relative_to(ROOT), path
        assert path.exists(), path
    assert sorted(p.name for p in found[2].glob("*.txt")) == ARTICLES


@pytest.mark.slow
def test_the_installed_copy_starts_the_window_with_the_sample_articles(
    venv: Path, tmp_path: Path
) -> None:
    """First run, offscreen: the project is made with the samples, the window shows one."""
    env = _clean_env(tmp_path)
    project = tmp_path / "first.annotator"
    out = _run(
        [venv / "bin" / "annotator", "gui", "--db", project, "--annotator", "ana", "--smoke"],
        tmp_path,
        env,
    )
    lines = dict(line.split(": ", 1) for line in out.splitlines())
    assert lines["ready"].startswith(f"{len(ARTICLES)} documents, window shown in ")
    resources = Path(lines["resources"])
    assert resources.is_relative_to(venv)
    assert lines["model"].startswith("en_core_web_sm")
    stats = _run([venv / "bin" / "annotator", "stats", "--db", project], tmp_path, env)
    assert f"documents: {len(ARTICLES)}" in stats
    assert "analysed (en_core_web_sm" in stats


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(PACKAGING / "annotator.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_desktop_entry_starts_the_command_with_its_icon_and_file_type() -> None:
    entry = _desktop_entry()
    for key in ("Name", "GenericName", "Comment", "Exec", "Icon", "Categories", "MimeType"):
        assert entry.get(key, "").strip(), f"{key} is missing"
    assert entry["Type"] == "Application"
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "scripts"
    ]
    program, *arguments = entry["Exec"].split()
    assert program in scripts, "Exec names a command the wheel does not install"
    assert arguments == ["%f"]  # a project file double-clicked in a file manager
    assert entry["TryExec"] == program
    assert paths.app_icon_path().stem == entry["Icon"]
    assert {"Office", "Science"} <= set(entry["Categories"].rstrip(";").split(";"))

    mime = ElementTree.parse(PACKAGING / "annotator-mime.xml").getroot()
    types = {node.get("type"): node for node in mime.iter(f"{MIME}mime-type")}
    assert set(entry["MimeType"].rstrip(";").split(";")) == set(types)
    (project_type,) = types.values()
    globs = [node.get("pattern") for node in project_type.iter(f"{MIME}glob")]
    assert globs == [f"*{paths.default_project_path().suffix}"]


def test_install_desktop_puts_the_entry_file_type_and_every_icon_size_in_place(
    tmp_path: Path,
) -> None:
    program = tmp_path / "bin with space" / "annotator"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\n", encoding="utf-8")
    program.chmod(0o755)
    env = _clean_env(tmp_path) | {"XDG_DATA_HOME": str(tmp_path / "share")}
    _run(["bash", PACKAGING / "install-desktop.sh", program], tmp_path, env)
    share = tmp_path / "share"
    installed = (share / "applications" / "annotator.desktop").read_text(encoding="utf-8")
    assert f'Exec="{program}" %f' in installed.splitlines()
    assert f"TryExec={program}" in installed.splitlines()
    assert (share / "mime" / "packages" / "annotator.xml").is_file()
    assert (share / "icons/hicolor/scalable/apps/annotator.svg").is_file()
    for size in paths.ICON_SIZES:
        png = share / f"icons/hicolor/{size}x{size}/apps/annotator.png"
        assert png.read_bytes() == paths.app_icon_path(size).read_bytes()

    _run(["bash", PACKAGING / "install-desktop.sh", "--uninstall"], tmp_path, env)
    assert not (share / "applications" / "annotator.desktop").exists()
    assert not list(share.glob("icons/hicolor/*/apps/annotator.*"))


def test_install_desktop_refuses_a_program_that_is_not_there(tmp_path: Path) -> None:
    env = _clean_env(tmp_path) | {"XDG_DATA_HOME": str(tmp_path / "share")}
    result = subprocess.run(
        ["bash", str(PACKAGING / "install-desktop.sh"), str(tmp_path / "nowhere")],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "nowhere is not an executable program" in result.stderr
    assert not (tmp_path / "share" / "applications").exists()


def _make_icons() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_icons", PACKAGING / "make_icons.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_icons_are_drawn_from_the_svg(qapp: QApplication) -> None:
    """Each PNG is the SVG at its size (re-run packaging/make_icons.py after editing it)."""
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtSvg import QSvgRenderer

    make_icons = _make_icons()
    renderer = QSvgRenderer(str(paths.app_icon_path()))
    assert renderer.isValid()
    for size in paths.ICON_SIZES:
        committed = QImage(str(paths.app_icon_path(size)))
        assert (committed.width(), committed.height()) == (size, size)
        fresh = QImage.fromData(make_icons.render_png(renderer, size))
        # Another Qt version may smooth edges a little differently; a changed drawing
        # moves far more than that.
        worst = max(
            abs(channel(committed.pixelColor(x, y)) - channel(fresh.pixelColor(x, y)))
            for y in range(size)
            for x in range(size)
            for channel in (QColor.red, QColor.green, QColor.blue, QColor.alpha)
        )
        assert worst <= 24, f"annotator-{size}.png differs from the SVG by {worst}"


def test_the_windows_and_macos_icons_hold_every_size() -> None:
    icons = paths.app_icon_path().parent
    ico = (icons / "annotator.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", ico)
    assert (reserved, kind) == (0, 1)
    sides = [ico[6 + 16 * i] or 256 for i in range(count)]
    assert set(paths.ICON_SIZES) <= set(sides)
    for i in range(count):
        length, offset = struct.unpack_from("<II", ico, 6 + 16 * i + 8)
        assert ico[offset : offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + length <= len(ico)

    icns = (icons / "annotator.icns").read_bytes()
    assert icns[:4] == b"icns"
    assert struct.unpack_from(">I", icns, 4)[0] == len(icns)
    kinds, at = set(), 8
    while at < len(icns):
        kinds.add(icns[at : at + 4])
        assert icns[at + 8 : at + 16] == b"\x89PNG\r\n\x1a\n"
        at += struct.unpack_from(">I", icns, at + 4)[0]
    assert at == len(icns)
    assert {b"icp4", b"icp5", b"ic07", b"ic08", b"ic09", b"ic10"} <= kinds
