"""Geometry for the dashboard's charts, drawn as SVG by the templates (no script, no CDN)."""

from dataclasses import dataclass


@dataclass
class Bar:
    label: str
    value: float
    shown: str
    url: str
    title: str
    css: str = ""
    short: str = ""
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0


def horizontal_bars(bars: list[Bar], *, width: int = 420, row: int = 30, label_width: int = 150):
    """Lay out one bar per row, longest bar = the width left after the labels."""
    top = max((bar.value for bar in bars), default=0) or 1
    room = width - label_width - 90
    for i, bar in enumerate(bars):
        bar.x, bar.y = label_width, i * row + 4
        bar.width, bar.height = max(room * bar.value / top, 1 if bar.value else 0), row - 10
    return {
        "bars": bars,
        "width": width,
        "height": row * len(bars) + 4,
        "label_width": label_width,
    }


def columns(bars: list[Bar], *, height: int = 180, column: int = 34):
    """Lay out one column per bar, tallest = the chart's height less room for labels."""
    top = max((bar.value for bar in bars), default=0) or 1
    room = height - 40
    for i, bar in enumerate(bars):
        bar.height = room * bar.value / top
        bar.width = column - 8
        bar.x = i * column + 4
        bar.y = 16 + room - bar.height
    return {"bars": bars, "width": column * len(bars) + 8, "height": height, "base": 16 + room}
