"""The README's promises: its test command is what CI runs, its examples are real commands."""

from __future__ import annotations

import re
from pathlib import Path

from annotator.cli import _HANDLERS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    return re.findall(r"```sh\n(.*?)\n```", README, flags=re.DOTALL)


def test_the_two_commands_come_first_and_ci_runs_the_second() -> None:
    first, second = _commands()[:2]
    assert first.endswith(".venv/bin/annotator")
    assert "pytest" in second
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert second in ci.splitlines()


def test_every_subcommand_in_the_readme_exists() -> None:
    used = set(re.findall(r"^annotator (\w+)", README, flags=re.MULTILINE))
    assert used, "the README shows the command line"
    assert used <= set(_HANDLERS)


def test_the_screenshot_is_in_the_repository() -> None:
    for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README):
        assert (ROOT / image).is_file(), image
