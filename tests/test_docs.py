"""The user guide and the README: every image they show and every link they make exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "guide.md"
DOCUMENTS = [ROOT / "README.md", GUIDE]
SECTIONS = (
    "Install",
    "Your first project",
    "Annotating",
    "Suggestions",
    "Reviewing several annotators",
    "Working as a team",
    "Compare accounts",
    "Exporting training data",
    "Troubleshooting",
)


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to -."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(markdown: str) -> set[str]:
    outside_code = re.sub(r"```.*?```", "", markdown, flags=re.DOTALL)
    return {_slug(h) for h in re.findall(r"^#{1,6} (.+)$", outside_code, flags=re.MULTILINE)}


def _links(markdown: str) -> list[str]:
    outside_code = re.sub(r"```.*?```", "", markdown, flags=re.DOTALL)
    return re.findall(r"\]\(([^)\s]+)\)", outside_code)


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.name)
def test_every_image_and_local_link_exists(document: Path) -> None:
    text = document.read_text(encoding="utf-8")
    for target in _links(text):
        if re.match(r"[a-z]+://|mailto:", target):
            continue  # the web is not checked: tests never go online
        path, _, anchor = target.partition("#")
        linked = (document.parent / path).resolve() if path else document
        assert linked.exists(), f"{document.name} links to {target}, which is missing"
        if anchor and linked.suffix == ".md":
            anchors = _anchors(linked.read_text(encoding="utf-8"))
            assert anchor in anchors, f"{document.name}: no heading for #{anchor}"


def test_the_guide_covers_each_step_with_screenshots() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    for section in SECTIONS:
        assert section in headings
    images = re.findall(r"!\[[^\]]+\]\((screenshots/[^)]+\.png)\)", text)
    assert len(images) >= 7
    # The screenshot script makes every image the guide shows, so they stay current.
    script = (ROOT / "docs" / "make_screenshots.py").read_text(encoding="utf-8")
    for image in images:
        assert f'"{Path(image).name}"' in script, image


def test_the_readme_links_to_the_guide() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/guide.md" in _links(readme)
