"""Charts of the report as inline SVG, drawn with matplotlib (headless, deterministic).

Text stays text in the SVG (searchable, selectable); the same data gives the same bytes.

>>> svg = bar_chart_svg(["logement", "santé"], [1200, 300], title="Population")
>>> svg.startswith("<svg"), "logement" in svg
(True, True)
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot as plt
from matplotlib.patches import Rectangle

GAP = "#D7301F"
THIN = "#FDAE61"
PARTIAL = "#FEE08B"
COVERED = ("#C6DBEF", "#9ECAE1", "#6BAED6", "#4292C6", "#2171B5", "#08519C")
TEXT = "#1D1D1D"

_STYLE: Any = {
    "svg.fonttype": "none",
    "svg.hashsalt": "partenariat",
    "font.family": "sans-serif",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _svg(figure: Any) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg"):]


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


def heatmap_svg(rows: Sequence[str], columns: Sequence[str],
                counts: Sequence[Sequence[int]], statuses: Sequence[Sequence[str]], *,
                title: str = "") -> str:
    """A territory x field heatmap; each cell's SVG id is ``{status}-{row}-{column}``."""
    with plt.rc_context(_STYLE):
        width = min(2.2 + 0.42 * len(columns), 16)
        height = min(1.2 + 0.3 * len(rows), 40)
        figure, axes = plt.subplots(figsize=(width, height))
        annotate = len(rows) * len(columns) <= 1200
        for i, row in enumerate(counts):
            for j, count in enumerate(row):
                status = statuses[i][j]
                axes.add_patch(Rectangle((j, i), 1, 1, facecolor=cell_colour(count, status),
                                         edgecolor="white", linewidth=0.8,
                                         gid=f"{status}-{i}-{j}"))
                if annotate:
                    dark = (status == "covered" and count >= 4) or status == "gap"
                    axes.text(j + 0.5, i + 0.5, str(count), ha="center", va="center",
                              fontsize=7, color="white" if dark else TEXT)
        axes.set_xlim(0, len(columns))
        axes.set_ylim(len(rows), 0)
        axes.set_xticks([j + 0.5 for j in range(len(columns))])
        axes.set_xticklabels(columns, rotation=50, ha="right")
        axes.set_yticks([i + 0.5 for i in range(len(rows))])
        axes.set_yticklabels(rows)
        axes.tick_params(length=0)
        for spine in axes.spines.values():
            spine.set_visible(False)
        axes.xaxis.tick_top()
        plt.setp(axes.get_xticklabels(), rotation=50, ha="left")
        if title:
            axes.set_title(title, loc="left", pad=12)
        return _svg(figure)


def bar_chart_svg(labels: Sequence[str], values: Sequence[float], *, title: str = "",
                  colour: str = GAP, value_format: str = "{:,.0f}") -> str:
    """Horizontal bars, largest first as given."""
    with plt.rc_context(_STYLE):
        figure, axes = plt.subplots(figsize=(7, 0.8 + 0.32 * max(len(labels), 1)))
        positions = list(range(len(labels)))
        axes.barh(positions, values, color=colour)
        axes.set_yticks(positions)
        axes.set_yticklabels(labels)
        axes.invert_yaxis()
        top = max(values, default=0) or 1
        for y, value in zip(positions, values, strict=True):
            axes.text(value + top * 0.01, y, value_format.format(value).replace(",", "\u202f"),
                      va="center", fontsize=8, color=TEXT)
        axes.set_xlim(0, top * 1.18)
        axes.xaxis.set_visible(False)
        axes.spines["bottom"].set_visible(False)
        if title:
            axes.set_title(title, loc="left")
        return _svg(figure)


def histogram_svg(bins: Sequence[str], counts: Sequence[int], *, threshold: int,
                  title: str = "", small_label: str = "< 5", xlabel: str = "",
                  ylabel: str = "") -> str:
    """Bars per bin; a bin under ``threshold`` is drawn hatched at the threshold's height
    and labelled ``small_label``, so that no small count can be read off the chart."""
    with plt.rc_context(_STYLE):
        figure, axes = plt.subplots(figsize=(7, 3))
        for x, count in enumerate(counts):
            hidden = 0 < count < threshold
            height = threshold if hidden else count
            axes.bar(x, height, color="#FFFFFF" if hidden else "#4292C6",
                     edgecolor="#4292C6", hatch="///" if hidden else None)
            label = small_label if hidden else str(count)
            axes.text(x, height + max(counts, default=1) * 0.02, label, ha="center",
                      fontsize=8, color=TEXT)
        axes.set_xticks(list(range(len(bins))))
        axes.set_xticklabels(bins)
        axes.set_ylim(0, max([*counts, threshold], default=1) * 1.2)
        if xlabel:
            axes.set_xlabel(xlabel)
        if ylabel:
            axes.set_ylabel(ylabel)
        if title:
            axes.set_title(title, loc="left")
        return _svg(figure)


def size_bins(sizes: Sequence[int]) -> tuple[list[str], list[int]]:
    """Organisations per case grouped in bins: 1, 2, 3-4, 5-9, 10-19, 20+.

    >>> size_bins([1, 2, 2, 4, 12, 25])
    (['1', '2', '3–4', '5–9', '10–19', '20+'], [1, 2, 1, 0, 1, 1])
    """
    edges = [(1, 1), (2, 2), (3, 4), (5, 9), (10, 19), (20, math.inf)]
    labels = ["1", "2", "3–4", "5–9", "10–19", "20+"]
    counts = [sum(1 for s in sizes if low <= s <= high) for low, high in edges]
    return labels, counts
