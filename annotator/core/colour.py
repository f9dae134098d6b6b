"""Colour arithmetic for label palettes: contrast of text, colour-vision deficiency, CIEDE2000.

Pure Python (no Qt), so that a schema's colours can be checked anywhere. Colours are
``#rrggbb`` strings, as in schema files.

References: WCAG 2.1 (relative luminance and contrast ratio); Machado, Oliveira and
Fernandes 2009, "A Physiologically-based Model for Simulation of Color Vision
Deficiency" (the severity 1.0 matrices, applied to linear RGB); Sharma, Wu and Dalal
2005, "The CIEDE2000 Color-Difference Formula" (the formula and its test data).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

RGB = tuple[float, float, float]  # each in [0, 1]
Lab = tuple[float, float, float]
Matrix = tuple[RGB, RGB, RGB]

#: Machado et al. 2009, severity 1.0: dichromats, the strongest form of each deficiency.
DEFICIENCIES: dict[str, Matrix] = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}

BLACK = "#000000"
WHITE = "#ffffff"


def parse(colour: str) -> RGB:
    """``#rrggbb`` (or ``#rgb``) as three floats in [0, 1]; ValueError names the colour."""
    text = colour.strip().lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    if len(text) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    try:
        return (int(text[0:2], 16) / 255, int(text[2:4], 16) / 255, int(text[4:6], 16) / 255)
    except ValueError:
        raise ValueError(f"not a #rrggbb colour: {colour!r}") from None


def _to_linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _from_linear(c: float) -> float:
    c = min(max(c, 0.0), 1.0)
    return c * 12.92 if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def linear(rgb: RGB) -> RGB:
    """sRGB to linear RGB."""
    return (_to_linear(rgb[0]), _to_linear(rgb[1]), _to_linear(rgb[2]))


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance: 0 for black, 1 for white."""
    r, g, b = linear(parse(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio, from 1 (same) to 21 (black on white)."""
    a, b = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def readable_text(background: str) -> str:
    """Black or white, whichever contrasts more with ``background``.

    Highlighted text takes this colour whatever the theme: light text over a light
    label tint (a dark theme's default) would be unreadable.
    """
    return (
        BLACK if contrast_ratio(background, BLACK) >= contrast_ratio(background, WHITE) else WHITE
    )


def simulate(colour: str, deficiency: str) -> RGB:
    """How ``colour`` looks to a dichromat (sRGB in [0, 1]); deficiency: a DEFICIENCIES key."""
    matrix = DEFICIENCIES[deficiency]
    lin = linear(parse(colour))
    seen = tuple(sum(m * c for m, c in zip(row, lin, strict=True)) for row in matrix)
    return (_from_linear(seen[0]), _from_linear(seen[1]), _from_linear(seen[2]))


def to_lab(rgb: RGB) -> Lab:
    """sRGB in [0, 1] to CIE L*a*b* (D65 white)."""
    r, g, b = linear(rgb)
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = f(x), f(y), f(z)
    return (116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz))


def ciede2000(first: Lab, second: Lab) -> float:
    """The CIEDE2000 colour difference (kL = kC = kH = 1); about 2.3 is just noticeable."""
    l1, a1, b1 = first
    l2, a2, b2 = second
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dl = l2 - l1
    dc = c2p - c1p
    if c1p * c2p == 0:
        dh = 0.0
    elif abs(h2p - h1p) <= 180:
        dh = h2p - h1p
    elif h2p - h1p > 180:
        dh = h2p - h1p - 360
    else:
        dh = h2p - h1p + 360
    d_big_h = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_mean = (l1 + l2) / 2
    cp_mean = (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_mean = (h1p + h2p) / 2
    elif h1p + h2p < 360:
        h_mean = (h1p + h2p + 360) / 2
    else:
        h_mean = (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.20 * math.cos(math.radians(4 * h_mean - 63))
    )
    d_theta = 30 * math.exp(-(((h_mean - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_mean**7 / (cp_mean**7 + 25**7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * cp_mean
    s_h = 1 + 0.015 * cp_mean * t
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    return math.sqrt(
        (dl / s_l) ** 2
        + (dc / s_c) ** 2
        + (d_big_h / s_h) ** 2
        + r_t * (dc / s_c) * (d_big_h / s_h)
    )


def difference(first: str, second: str, deficiency: str | None = None) -> float:
    """CIEDE2000 between two colours as seen with normal vision or with ``deficiency``."""
    if deficiency is None:
        return ciede2000(to_lab(parse(first)), to_lab(parse(second)))
    return ciede2000(to_lab(simulate(first, deficiency)), to_lab(simulate(second, deficiency)))


def worst_difference(
    colours: Sequence[str], deficiencies: Sequence[str | None] = (None, *DEFICIENCIES)
) -> tuple[float, str, str, str]:
    """The closest pair of ``colours`` over every vision: (ΔE00, first, second, vision)."""
    worst = (math.inf, "", "", "")
    for vision in deficiencies:
        for i, first in enumerate(colours):
            for second in colours[i + 1 :]:
                d = difference(first, second, vision)
                if d < worst[0]:
                    worst = (d, first, second, vision or "normal")
    return worst
