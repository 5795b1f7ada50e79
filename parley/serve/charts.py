"""Geometry for the server-drawn SVG charts: bars over a date axis (role timelines, the issue board).

Only numbers and labels are computed here; the templates turn them into SVG with autoescaping on, so a
label taken from a report cannot become markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

WIDTH = 760
LABEL_WIDTH = 230
ROW_HEIGHT = 26
AXIS_HEIGHT = 24
MIN_BAR = 6  # px: a post seen on a single day still shows as a tick


def day(value: str | None) -> date | None:
    """A YYYY, YYYY-MM or YYYY-MM-DD string as its first day; None when absent or malformed."""
    if not value:
        return None
    parts = value.split("-")
    try:
        nums = [int(p) for p in parts] + [1] * (3 - len(parts))
        return date(nums[0], nums[1], nums[2])
    except (ValueError, IndexError):
        return None


@dataclass(slots=True)
class Bar:
    label: str
    start: str | None
    end: str | None
    css: str  # a fixed class name chosen by the caller
    href: str | None = None
    tooltip: str = ""


@dataclass(slots=True)
class Chart:
    width: int
    height: int
    label_width: int
    rows: list[dict] = field(default_factory=list)
    ticks: list[dict] = field(default_factory=list)


def bar_chart(bars: list[Bar], *, width: int = WIDTH, label_width: int = LABEL_WIDTH) -> Chart:
    """Lay `bars` out one per row on a shared date axis with month ticks."""
    days = [d for b in bars for d in (day(b.start), day(b.end)) if d]
    chart = Chart(width, AXIS_HEIGHT + ROW_HEIGHT * max(1, len(bars)) + 6, label_width)
    if not days:
        lo = hi = date.today()
    else:
        lo, hi = min(days), max(days)
    span = max(1, (hi - lo).days)
    plot = width - label_width - 16

    def x(d: date) -> float:
        return round(label_width + plot * (d - lo).days / span, 1)

    month = date(lo.year, lo.month, 1)
    months = []
    while month <= hi:
        months.append(month)
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    step = max(1, len(months) // 8)  # at most ~8 labelled ticks
    for m in months[::step]:
        if m >= lo:
            chart.ticks.append({"x": x(m), "label": m.strftime("%b %Y")})
    for n, b in enumerate(bars):
        y = AXIS_HEIGHT + n * ROW_HEIGHT
        s: date | None = day(b.start)
        e: date | None = day(b.end)
        row = {"y": y, "text_y": round(y + ROW_HEIGHT * 0.65, 1), "label": b.label, "css": b.css, "href": b.href,
               "tooltip": b.tooltip, "bar": None}
        first, last = s or e, e or s
        if first is not None and last is not None:
            x0, x1 = x(first), x(last)
            row["bar"] = {"x": x0, "width": max(MIN_BAR, round(x1 - x0, 1)), "y": y + 5,
                          "height": ROW_HEIGHT - 10}
        chart.rows.append(row)
    return chart
