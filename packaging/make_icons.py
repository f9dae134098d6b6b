"""Render resources/icons/annotator.svg to the PNG, ICO and ICNS files committed beside it.

Run it after changing the SVG:  .venv/bin/python packaging/make_icons.py
The PNGs are the hicolor sizes Linux desktops use (install-desktop.sh copies them); the
ICO is for the Windows build and the ICNS for the macOS one (annotator.spec picks them).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

# Before Qt loads: rendering needs no screen, so this runs on a build server too.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the checkout's annotator, installed or not

from annotator.paths import ICON_SIZES  # noqa: E402

ICONS = ROOT / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS entry types holding PNG data, by pixel size; the @2x types reuse the same pixels.
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic11", 32),
    (b"icp6", 64),
    (b"ic12", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic13", 256),
    (b"ic09", 512),
    (b"ic14", 512),
    (b"ic10", 1024),
)


def render_png(renderer: QSvgRenderer, size: int) -> bytes:
    """The SVG drawn on a transparent square of ``size`` pixels, as PNG bytes."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QImageWriter(buffer, QByteArray(b"png"))
    if not writer.write(image):
        raise RuntimeError(f"Qt could not encode a {size} px PNG: {writer.errorString()}")
    buffer.close()
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows icon holding PNG images (readable since Windows Vista)."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = b"", b""
    for size in sizes:
        blob = pngs[size]
        side = 0 if size >= 256 else size  # 0 stands for 256 in the one-byte fields
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset)
        blobs += blob
        offset += len(blob)
    return header + entries + blobs


def icns(pngs: dict[int, bytes]) -> bytes:
    """A macOS icon family of PNG entries."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    """Write every icon file; print what was written."""
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # QtSvg needs one
    renderer = QSvgRenderer(str(ICONS / "annotator.svg"))
    if not renderer.isValid():
        print(f"error: {ICONS / 'annotator.svg'} is not a valid SVG", file=sys.stderr)
        return 2
    wanted = sorted({*ICON_SIZES, *ICO_SIZES, *(size for _, size in ICNS_TYPES)})
    pngs = {size: render_png(renderer, size) for size in wanted}
    outputs = {ICONS / f"annotator-{size}.png": pngs[size] for size in ICON_SIZES}
    outputs[ICONS / "annotator.ico"] = ico({size: pngs[size] for size in ICO_SIZES})
    outputs[ICONS / "annotator.icns"] = icns(pngs)
    for path, data in outputs.items():
        path.write_bytes(data)
        print(f"{path.relative_to(ROOT)}: {len(data):,} bytes")
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
