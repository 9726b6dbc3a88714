"""Colours that colour-blind readers can tell apart (Okabe-Ito, then Tableau), and grey for
the rest.

>>> colours_for(["b", "a", "b", "c"])
{'b': '#E69F00', 'a': '#56B4E9', 'c': '#009E73'}
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

PALETTE = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#4E79A7",
    "#F28E2B",
    "#59A14F",
    "#B07AA1",
    "#9C755F",
    "#76B7B2",
    "#EDC948",
)
OTHER = "#B0B0B0"


def colours_for(values: Iterable[str]) -> dict[str, str]:
    """A colour per value, the most frequent values first; beyond the palette, grey."""
    counts = Counter(values)
    ordered = sorted(counts, key=lambda v: (-counts[v], v))
    return {value: PALETTE[i] if i < len(PALETTE) else OTHER for i, value in enumerate(ordered)}
