"""Bar charts drawn on the server as SVG (no script, no library): groups of bars, one group per
category (a year), one bar per series (预算, 决算). Every text is escaped; coordinates are computed
with ``Decimal`` from the amounts and printed to one decimal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from markupsafe import Markup, escape

from yusuan.review.context import fmt

WIDTH = 640
HEIGHT = 260
LEFT = 56
BOTTOM = 36
TOP = 24
#: The series' fill colours, in order.
COLOURS = ("#2f6db5", "#d9822b", "#5a9e6f", "#8e6bb8")
_ONE = Decimal("0.1")


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Decimal | None]


def _n(value: Decimal) -> str:
    return format(value.quantize(_ONE, rounding=ROUND_HALF_UP), "f")


def _nice_max(top: Decimal) -> Decimal:
    """A round axis maximum at or above ``top`` (1, 2 or 5 times a power of ten)."""
    if top <= 0:
        return Decimal(1)
    exponent = top.adjusted()
    for step in (Decimal(1), Decimal(2), Decimal(5), Decimal(10)):
        bound = step.scaleb(exponent)
        if bound >= top:
            return bound
    return Decimal(10).scaleb(exponent)


def bar_chart(title: str, categories: Sequence[str], series: Sequence[Series], unit: str = "万元") -> Markup:
    """An SVG bar chart (``role="img"`` with its title for screen readers); blank values draw no bar."""
    values = [v for s in series for v in s.values if v is not None]
    top = _nice_max(max((abs(v) for v in values), default=Decimal(0)))
    plot_w, plot_h = Decimal(WIDTH - LEFT - 12), Decimal(HEIGHT - TOP - BOTTOM)
    base_y = Decimal(TOP) + plot_h
    group_w = plot_w / max(len(categories), 1)
    bar_w = min(group_w * Decimal("0.8") / max(len(series), 1), Decimal(48))
    parts: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<text x="{LEFT}" y="14" font-size="12" fill="#333">{escape(title)}（{escape(unit)}）</text>',
    ]
    for k in range(5):
        y = base_y - plot_h * k / 4
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - 12}" y1="{_n(y)}" y2="{_n(y)}" stroke="#e3e3e3"/>')
        label = fmt(top * k / 4).removesuffix(".00")
        parts.append(
            f'<text x="{LEFT - 6}" y="{_n(y + 4)}" font-size="10" text-anchor="end" fill="#666">{escape(label)}</text>'
        )
    for i, category in enumerate(categories):
        x0 = Decimal(LEFT) + group_w * i + (group_w - bar_w * len(series)) / 2
        for j, s in enumerate(series):
            v = s.values[i] if i < len(s.values) else None
            if v is None:
                continue
            h = plot_h * max(v, Decimal(0)) / top
            x = x0 + bar_w * j
            colour = COLOURS[j % len(COLOURS)]
            parts.append(
                f'<rect x="{_n(x)}" y="{_n(base_y - h)}" width="{_n(bar_w - 2)}" height="{_n(h)}" fill="{colour}">'
                f"<title>{escape(category)} {escape(s.name)}：{escape(fmt(v))} {escape(unit)}</title></rect>"
            )
        cx = Decimal(LEFT) + group_w * i + group_w / 2
        parts.append(
            f'<text x="{_n(cx)}" y="{_n(base_y + 16)}" font-size="11" text-anchor="middle" fill="#333">'
            f"{escape(category)}</text>"
        )
    for j, s in enumerate(series):
        lx = LEFT + 110 * j
        parts.append(
            f'<rect x="{lx}" y="{HEIGHT - 12}" width="10" height="10" fill="{COLOURS[j % len(COLOURS)]}"/>'
            f'<text x="{lx + 14}" y="{HEIGHT - 3}" font-size="11" fill="#333">{escape(s.name)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


#: Bars drawn at most in a ranked chart (the rest are counted below it).
MAX_BARS = 30
_BAR_H = 18
_LABEL_W = 220


def ranked_chart(title: str, items: Sequence[tuple[str, Decimal]], unit: str, flagged: frozenset[int] = frozenset()
                 ) -> Markup:  # fmt: skip
    """Horizontal bars, largest first (``items`` as given, at most :data:`MAX_BARS`); the bars whose
    index is in ``flagged`` (outliers) drawn in another colour."""
    shown = list(items)[:MAX_BARS]
    top = _nice_max(max((abs(v) for _label, v in shown), default=Decimal(0)))
    height = TOP + _BAR_H * len(shown) + 24
    plot_w = Decimal(WIDTH - _LABEL_W - 70)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
        f'<text x="4" y="14" font-size="12" fill="#333">{escape(title)}（{escape(unit)}）</text>',
    ]
    for i, (label, value) in enumerate(shown):
        y = TOP + _BAR_H * i
        w = plot_w * max(value, Decimal(0)) / top
        colour = "#d92d20" if i in flagged else COLOURS[0]
        short = label if len(label) <= 16 else label[:15] + "…"
        parts.append(
            f'<text x="{_LABEL_W - 6}" y="{y + 13}" font-size="11" text-anchor="end" fill="#333">'
            f"<title>{escape(label)}</title>{escape(short)}</text>"
            f'<rect x="{_LABEL_W}" y="{y + 3}" width="{_n(w)}" height="{_BAR_H - 6}" fill="{colour}">'
            f"<title>{escape(label)}：{escape(fmt(value))} {escape(unit)}</title></rect>"
            f'<text x="{_n(_LABEL_W + w + 4)}" y="{y + 13}" font-size="10" fill="#555">{escape(fmt(value))}</text>'
        )
    if len(items) > len(shown):
        rest = len(items) - len(shown)
        parts.append(f'<text x="{_LABEL_W}" y="{height - 6}" font-size="11" fill="#667">另有 {rest} 个未画出</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
