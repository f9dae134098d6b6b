"""What the application remembers per machine (QSettings): every key and its reader.

Every value is read with a type and a default, then checked: a settings file edited by
hand, left by another version or cut short gives the default, never an error.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

GEOMETRY = "window/geometry"
STATE = "window/state"
SPLITTER = "window/splitter"
MIDDLE = "window/middle"
MIDDLE_REVIEW = "window/middle-review"  # review mode has one more pane: sizes of its own
THEME = "view/theme"
ZOOM = "view/zoom"
HIDDEN = "view/hidden"
RECENT = "projects/recent"
LAST = "projects/last"
ANNOTATOR = "annotator/name"
MODEL_THRESHOLD = "model/threshold"

THEMES = ("system", "light", "dark")
DEFAULT_THEME = "system"
DEFAULT_ZOOM = 100
ZOOM_RANGE = (50, 300)
ZOOM_STEP = 10
MAX_RECENT = 8
#: A trained model's suggestions below this confidence are not offered, unless set otherwise.
DEFAULT_THRESHOLD = 0.5


def read_str(settings: QSettings, key: str, default: str, allowed: tuple[str, ...] = ()) -> str:
    """A string; ``default`` when missing, not a string, or not one of ``allowed``."""
    value = settings.value(key, default, type=str)
    if not isinstance(value, str) or (allowed and value not in allowed):
        return default
    return value


def read_int(settings: QSettings, key: str, default: int, low: int, high: int) -> int:
    """An integer in [low, high]; ``default`` otherwise.

    Read as text: QSettings turns "abc" read as an int into 0, which would pass for a value.
    """
    text = read_str(settings, key, str(default))
    try:
        number = int(text.strip())
    except ValueError:
        return default
    return number if low <= number <= high else default


def read_float(settings: QSettings, key: str, default: float, low: float, high: float) -> float:
    """A number in [low, high]; ``default`` otherwise (read as text, as ``read_int``)."""
    text = read_str(settings, key, str(default))
    try:
        number = float(text.strip())
    except ValueError:
        return default
    return number if low <= number <= high else default  # NaN fails both: the default


def read_strings(settings: QSettings, key: str) -> list[str]:
    """A list of strings; [] when missing or garbled."""
    value = settings.value(key, [], type=list)
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, str) and item]


def read_sizes(settings: QSettings, key: str, count: int) -> list[int] | None:
    """Splitter sizes: ``count`` non-negative integers with some room, or None."""
    sizes = []
    for item in read_strings(settings, key):
        try:
            sizes.append(int(item))
        except ValueError:
            return None
    if len(sizes) != count or any(s < 0 or s > 100_000 for s in sizes) or sum(sizes) <= 0:
        return None
    return sizes


def read_bytes(settings: QSettings, key: str) -> QByteArray:
    """Bytes (window geometry or state); empty when missing or not bytes."""
    value = settings.value(key, QByteArray(), type=QByteArray)
    return value if isinstance(value, QByteArray) else QByteArray()


# -- view --------------------------------------------------------------------------------


def theme() -> str:
    return read_str(QSettings(), THEME, DEFAULT_THEME, THEMES)


def set_theme(name: str) -> None:
    QSettings().setValue(THEME, name if name in THEMES else DEFAULT_THEME)


def zoom() -> int:
    """The article text's zoom, in percent."""
    return read_int(QSettings(), ZOOM, DEFAULT_ZOOM, *ZOOM_RANGE)


def set_zoom(percent: int) -> None:
    QSettings().setValue(ZOOM, percent)


def hidden_panels() -> set[str]:
    return set(read_strings(QSettings(), HIDDEN))


def set_hidden_panels(names: set[str]) -> None:
    QSettings().setValue(HIDDEN, sorted(names))


# -- the trained model -------------------------------------------------------------------


def model_threshold() -> float:
    """The confidence from which a trained model's suggestions are offered (0 to 1)."""
    return read_float(QSettings(), MODEL_THRESHOLD, DEFAULT_THRESHOLD, 0.0, 1.0)


def set_model_threshold(value: float) -> None:
    QSettings().setValue(MODEL_THRESHOLD, str(min(1.0, max(0.0, value))))


# -- who is annotating ------------------------------------------------------------------


def annotator() -> str:
    """The name the person chose in the window (first run, or File > Change annotator…);
    "" until they have. A one-off ``--annotator`` on the command line is never stored."""
    return read_str(QSettings(), ANNOTATOR, "").strip()


def set_annotator(name: str) -> None:
    QSettings().setValue(ANNOTATOR, name.strip())


# -- projects ----------------------------------------------------------------------------

#: Projects named on this run's command line (resolved): opened and listed in Open Recent,
#: but not made the project a bare ``annotator`` opens next, since a one-off ``--db``
#: (a reviewer's project, say) is not the person's choice of where to work from now on.
_ONE_OFF: set[Path] = set()


def open_once(path: Path) -> None:
    """``path`` was named on the command line: it is the last project for this run only."""
    _ONE_OFF.add(path.resolve())


def chose_project(path: Path) -> None:
    """The person chose ``path`` in the window (Open Recent, say): windows opened on it
    from now on make it the project a bare ``annotator`` opens next."""
    _ONE_OFF.discard(path.resolve())


def recent_projects() -> list[Path]:
    """The projects opened last, newest first (some may have been moved or deleted)."""
    return [Path(p) for p in read_strings(QSettings(), RECENT)][:MAX_RECENT]


def remember_project(path: Path) -> None:
    """``path`` was opened: first of the recent projects, and the one to open next time
    unless it was named on this run's command line (``open_once``)."""
    path = path.resolve()
    recent = [p for p in recent_projects() if p != path]
    settings = QSettings()
    settings.setValue(RECENT, [str(p) for p in [path, *recent][:MAX_RECENT]])
    if path not in _ONE_OFF:
        settings.setValue(LAST, str(path))


def forget_project(path: Path) -> None:
    path = path.resolve()
    QSettings().setValue(RECENT, [str(p) for p in recent_projects() if p.resolve() != path])


def clear_recent() -> None:
    QSettings().remove(RECENT)


def last_project() -> Path | None:
    """The project opened last, if it still exists."""
    text = read_str(QSettings(), LAST, "")
    if not text:
        return None
    path = Path(text)
    return path if path.is_file() else None


# -- the window --------------------------------------------------------------------------


def save_window(
    window: QMainWindow, splitter: QSplitter, middle: QSplitter, *, reviewing: bool
) -> None:
    """Remember the window's geometry, toolbar state and splitter sizes."""
    settings = QSettings()
    settings.setValue(GEOMETRY, window.saveGeometry())
    settings.setValue(STATE, window.saveState())
    settings.setValue(SPLITTER, [str(s) for s in splitter.sizes()])
    settings.setValue(MIDDLE_REVIEW if reviewing else MIDDLE, [str(s) for s in middle.sizes()])


def restore_window(
    window: QMainWindow, splitter: QSplitter, middle: QSplitter, *, reviewing: bool
) -> bool:
    """Put the window back as it was last closed; False when there was nothing to restore.

    Review mode has one more pane in the middle: its sizes are kept apart.
    """
    settings = QSettings()
    geometry = read_bytes(settings, GEOMETRY)
    restored = not geometry.isEmpty() and window.restoreGeometry(geometry)
    state = read_bytes(settings, STATE)
    if not state.isEmpty():
        window.restoreState(state)
    for split, key in ((splitter, SPLITTER), (middle, MIDDLE_REVIEW if reviewing else MIDDLE)):
        sizes = read_sizes(settings, key, split.count())
        if sizes is not None:
            split.setSizes(sizes)
    return restored


def has_geometry() -> bool:
    """Whether a window was closed on this machine before (and so has a size to restore)."""
    return not read_bytes(QSettings(), GEOMETRY).isEmpty()
