"""Where the application finds its bundled files and keeps the user's."""

from __future__ import annotations

import sys
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "Annotator"
_HERE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    """A folder shipped with the application: frozen bundle, wheel, or source checkout."""
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = [Path(frozen) / name] if frozen else []
    candidates += [_HERE / f"_{name}", _HERE.parent / name]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"the application's {name} folder is missing (looked in "
        + ", ".join(str(c) for c in candidates)
        + ")"
    )


def resources_dir() -> Path:
    return _bundled("resources")


def sample_docs_dir() -> Path:
    return _bundled("sample_docs")


def default_schema_path() -> Path:
    return resources_dir() / "schemas" / "news.toml"


#: The PNG sizes of the application icon in resources/icons (packaging/make_icons.py).
ICON_SIZES: tuple[int, ...] = (16, 32, 48, 64, 128, 256)


def app_icon_path(size: int | None = None) -> Path:
    """The application icon: the SVG, or the PNG of ``size`` pixels (one of ICON_SIZES)."""
    if size is None:
        return resources_dir() / "icons" / "annotator.svg"
    if size not in ICON_SIZES:
        raise ValueError(f"no {size} px icon; sizes: {', '.join(map(str, ICON_SIZES))}")
    return resources_dir() / "icons" / f"annotator-{size}.png"


def default_project_path() -> Path:
    """The project opened when none is named: one SQLite file in the user's data folder."""
    return user_data_path(APP_NAME, appauthor=False) / "default.annotator"
