"""Readable text in every theme: WCAG contrast, and a foreground nudged until it is readable.

Theme variables such as `$text-muted`, `$success` or `$error` fall below WCAG AA
(4.5:1) against some themes' stripes and cursor; the results view passes its
styles through `readable`, which keeps the theme's hue and moves the foreground
towards black or white only as far as 4.5:1 needs. Colours a terminal's own
palette decides (the ANSI themes) are left alone: their contrast is not known here.
"""

from __future__ import annotations

from rich.color import Color as RichColor
from rich.color import ColorType
from rich.style import Style

# WCAG 2 level AA for normal text.
MINIMUM = 4.5


def _channel(value: int) -> float:
    v = value / 255
    return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4


def luminance(color: tuple[int, int, int]) -> float:
    """WCAG relative luminance of an sRGB colour."""
    r, g, b = color
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def ratio(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    """WCAG contrast ratio of two colours, 1 to 21."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def known(color: RichColor | None) -> bool:
    """Whether the colour is an RGB value (not one the terminal's palette decides)."""
    return color is not None and color.type in (ColorType.TRUECOLOR, ColorType.EIGHT_BIT)


def style_ratio(style: Style) -> float | None:
    """The contrast of a style's text on its background (None when the terminal decides it)."""
    fg, bg = (style.bgcolor, style.color) if style.reverse else (style.color, style.bgcolor)
    if not (known(fg) and known(bg)):
        return None
    assert fg is not None and bg is not None
    return ratio(tuple(fg.get_truecolor()), tuple(bg.get_truecolor()))  # type: ignore[arg-type]


def _mix(color: tuple[int, int, int], target: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    return tuple(round(c + (t - c) * amount) for c, t in zip(color, target, strict=True))  # type: ignore[return-value]


def readable(style: Style, minimum: float = MINIMUM) -> Style:
    """`style`, its text colour moved towards black or white until it reaches `minimum` contrast."""
    current = style_ratio(style)
    if current is None or current >= minimum:
        return style
    fg_color, bg_color = (style.bgcolor, style.color) if style.reverse else (style.color, style.bgcolor)
    assert fg_color is not None and bg_color is not None
    fg, bg = tuple(fg_color.get_truecolor()), tuple(bg_color.get_truecolor())
    # Away from the background: towards white on a dark one, towards black on a light one.
    target = (255, 255, 255) if ratio((255, 255, 255), bg) >= ratio((0, 0, 0), bg) else (0, 0, 0)  # type: ignore[arg-type]
    moved = fg
    for step in range(1, 21):
        moved = _mix(fg, target, step / 20)  # type: ignore[arg-type]
        if ratio(moved, bg) >= minimum:  # type: ignore[arg-type]
            break
    new = RichColor.from_rgb(*moved)
    return style + (Style(bgcolor=new) if style.reverse else Style(color=new))
