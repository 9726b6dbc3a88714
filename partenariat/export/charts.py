"""Charts of the report as inline SVG, written directly (no plotting library).

Every label is XML-escaped text (searchable, selectable, never interpreted: a ``$`` or a
``<`` in a name is shown as written); the same data gives the same bytes. Widths follow the
labels' lengths so that long commune names are not cut.

>>> svg = bar_chart_svg(["logement", "santé"], [1200, 300], title="Population")
>>> svg.startswith("<svg"), "logement" in svg, "1\\u202f200" in svg
(True, True, True)
>>> "&lt;b&gt;" in bar_chart_svg(["<b>"], [1])
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

GAP = "#D7301F"
THIN = "#FDAE61"
PARTIAL = "#FEE08B"
COVERED = ("#C6DBEF", "#9ECAE1", "#6BAED6", "#4292C6", "#2171B5", "#08519C")
TEXT = "#1D1D1D"
BAR = "#4292C6"

_FONT = 'font-family="sans-serif"'
#: Approximate width of one character at 9 px, for laying out labels.
_CHAR = 5.4


def cell_colour(count: int, status: str) -> str:
    """The colour of a heatmap cell: red gap, orange thin, yellow partial, blues by count.

    >>> cell_colour(0, "gap"), cell_colour(1, "thin"), cell_colour(9, "covered")
    ('#D7301F', '#FDAE61', '#08519C')
    """
    if status == "gap":
        return GAP
    if status == "partial":
        return PARTIAL
    if status == "thin":
        return THIN
    return COVERED[min(max(count - 2, 0), len(COVERED) - 1)]


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: int = 9,
    anchor: str = "start",
    colour: str = TEXT,
    extra: str = "",
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{colour}"{extra}>{escape(text)}</text>'
    )


def _svg(width: float, height: float, body: list[str], title: str) -> str:
    heading = [_text(0, 14, title, size=12, extra=' font-weight="bold"')] if title else []
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" '
        f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" {_FONT} '
        f'role="img">' + "".join(heading + body) + "</svg>"
    )


def _thousands(value: float) -> str:
    return f"{value:,.0f}".replace(",", "\u202f")


def heatmap_svg(
    rows: Sequence[str],
    columns: Sequence[str],
    counts: Sequence[Sequence[int]],
    statuses: Sequence[Sequence[str]],
    *,
    title: str = "",
) -> str:
    """A territory x field heatmap; each cell's SVG id is ``{status}-{row}-{column}``."""
    cell = 22
    top = (24 if title else 4) + max((len(c) for c in columns), default=1) * _CHAR * 0.72 + 8
    left = max((len(r) for r in rows), default=1) * _CHAR + 10
    width = left + cell * len(columns) + 60
    height = top + cell * len(rows) + 6
    body: list[str] = []
    for j, column in enumerate(columns):
        x = left + cell * j + cell / 2
        body.append(
            _text(x, top - 6, column, extra=f' transform="rotate(-45 {x:.1f} {top - 6:.1f})"')
        )
    annotate = len(rows) * len(columns) <= 1200
    for i, row in enumerate(rows):
        y = top + cell * i
        body.append(_text(left - 6, y + cell / 2 + 3, row, anchor="end"))
        for j, count in enumerate(counts[i]):
            status = statuses[i][j]
            x = left + cell * j
            body.append(
                f'<rect id="{escape(status)}-{i}-{j}" x="{x:.1f}" y="{y:.1f}" '
                f'width="{cell}" height="{cell}" fill="{cell_colour(count, status)}" '
                f'stroke="#FFFFFF"><title>{escape(row)} · {escape(columns[j])} : '
                f"{count}</title></rect>"
            )
            if annotate:
                dark = (status == "covered" and count >= 4) or status == "gap"
                body.append(
                    _text(
                        x + cell / 2,
                        y + cell / 2 + 3,
                        str(count),
                        size=8,
                        anchor="middle",
                        colour="#FFFFFF" if dark else TEXT,
                    )
                )
    return _svg(width, height, body, title)


def bar_chart_svg(
    labels: Sequence[str], values: Sequence[float], *, title: str = "", colour: str = GAP
) -> str:
    """Horizontal bars, in the order given, each with its value."""
    bar, gap = 16, 6
    top = 26 if title else 4
    left = max((len(label) for label in labels), default=1) * _CHAR + 10
    span = 360
    width = left + span + 90
    height = top + (bar + gap) * len(labels) + 4
    highest = max(values, default=0) or 1
    body: list[str] = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + (bar + gap) * i
        length = span * value / highest
        body.append(_text(left - 6, y + bar / 2 + 3, label, anchor="end"))
        body.append(
            f'<rect x="{left:.1f}" y="{y:.1f}" width="{length:.1f}" height="{bar}" '
            f'fill="{colour}"/>'
        )
        body.append(_text(left + length + 4, y + bar / 2 + 3, _thousands(value), size=8))
    return _svg(width, height, body, title)


def suppressed(counts: Sequence[int], threshold: int) -> list[bool]:
    """Which counts to hide when their total is published: every count between 1 and
    ``threshold - 1`` (primary), and, when that hides exactly one, the smallest other
    non-zero count too (secondary), so that no hidden count is the total minus the others.

    >>> suppressed([3, 40, 12, 0], 5), suppressed([3, 4, 12], 5), suppressed([9, 12], 5)
    ([True, False, True, False], [True, True, False], [False, False])
    """
    hidden = [0 < count < threshold for count in counts]
    if sum(hidden) == 1:
        others = [(count, i) for i, count in enumerate(counts) if count and not hidden[i]]
        if others:
            hidden[min(others)[1]] = True
    return hidden


def histogram_svg(
    bins: Sequence[str],
    counts: Sequence[int],
    *,
    threshold: int,
    title: str = "",
    small_label: str = "< 5",
    xlabel: str = "",
    ylabel: str = "",
    hidden_label: str = "masqué",
) -> str:
    """Bars per bin; a bin under ``threshold`` is drawn hatched at the threshold's height
    and labelled ``small_label``, so that no small count can be read off the chart; a bin
    hidden only so that the first cannot be recomputed from the total (see
    :func:`suppressed`) is drawn the same way, labelled ``hidden_label``."""
    hiding = suppressed(counts, threshold)
    column, gap, chart = 56, 10, 160
    top = 30 if title else 8
    left = 40 if ylabel else 10
    width = left + (column + gap) * len(bins) + 10
    height = top + chart + 40
    highest = max([*counts, threshold], default=1) * 1.15
    body = [
        '<defs><pattern id="masked" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#FFFFFF"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{BAR}" stroke-width="2"/>'
        "</pattern></defs>"
    ]
    for x, (name, count) in enumerate(zip(bins, counts, strict=True)):
        hidden = hiding[x]
        shown = threshold if hidden else count
        tall = chart * shown / highest
        left_x = left + (column + gap) * x
        body.append(
            f'<rect class="{"masked" if hidden else "bar"}" x="{left_x:.1f}" '
            f'y="{top + chart - tall:.1f}" width="{column}" height="{tall:.1f}" '
            f'fill="{"url(#masked)" if hidden else BAR}" stroke="{BAR}"/>'
        )
        body.append(
            _text(
                left_x + column / 2,
                top + chart - tall - 4,
                (small_label if count < threshold else hidden_label) if hidden else str(count),
                size=8,
                anchor="middle",
            )
        )
        body.append(_text(left_x + column / 2, top + chart + 14, name, anchor="middle"))
    if xlabel:
        body.append(
            _text(left + (column + gap) * len(bins) / 2, top + chart + 32, xlabel, anchor="middle")
        )
    if ylabel:
        body.append(
            _text(
                12,
                top + chart / 2,
                ylabel,
                anchor="middle",
                extra=f' transform="rotate(-90 12 {top + chart / 2:.1f})"',
            )
        )
    return _svg(width, height, body, title)


def size_bins(sizes: Sequence[int]) -> tuple[list[str], list[int]]:
    """Organisations per case grouped in bins: 1, 2, 3-4, 5-9, 10-19, 20+.

    >>> size_bins([1, 2, 2, 4, 12, 25])
    (['1', '2', '3–4', '5–9', '10–19', '20+'], [1, 2, 1, 0, 1, 1])
    """
    edges = [(1, 1), (2, 2), (3, 4), (5, 9), (10, 19), (20, math.inf)]
    labels = ["1", "2", "3–4", "5–9", "10–19", "20+"]
    counts = [sum(1 for s in sizes if low <= s <= high) for low, high in edges]
    return labels, counts
