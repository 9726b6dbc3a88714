"""Plain-text tables that read well in an 80-column terminal.

>>> print(table(["Nom", "Population"], [["Melun", 45995], ["Le Mée-sur-Seine", 19527]]))
Nom               Population
----------------  ----------
Melun                 45 995
Le Mée-sur-Seine      19 527
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from partenariat.i18n import Lang, colon

WIDTH = 80


def number(value: object, lang: Lang = "en") -> str:
    """Numbers with a thin thousands separator (and a decimal comma in French); ``None``
    as an empty cell.

    >>> number(142622), number(0.4567), number(None), number(3.25, "fr")
    ('142 622', '0.457', '', '3,25')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ")
    if isinstance(value, float):
        text = f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}".replace(",", " ")
        return text.replace(".", ",") if lang == "fr" else text
    return str(value)


def percent(
    value: float | None, missing: str = "–", *, precise: bool = False, lang: Lang = "fr"
) -> str:
    """A share as a whole percentage (one decimal under 10 % when ``precise``, with a
    decimal comma in French); ``missing`` when there is none.

    >>> percent(0.4333), percent(None), percent(None, missing="")
    ('43\xa0%', '–', '')
    >>> percent(0.0833, precise=True), percent(0.0833, precise=True, lang="en")
    ('8,3\xa0%', '8.3\xa0%')
    """
    if value is None:
        return missing
    if precise and 100 * value < 10:
        text = f"{100 * value:.1f}"
        return (text.replace(".", ",") if lang == "fr" else text) + "\u00a0%"
    return f"{round(100 * value)}\u00a0%"


def cut(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` characters with an ellipsis.

    >>> cut("Maison départementale des solidarités", 20)
    'Maison départementa…'
    """
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    width: int = WIDTH,
    indent: str = "",
) -> str:
    """Align ``rows`` under ``headers``; numbers right-aligned; the widest text column is cut
    so that the table fits in ``width`` characters."""
    cells = [[number(v) for v in row] for row in rows]
    numeric = [
        all(isinstance(row[i], (int, float)) or row[i] is None for row in rows) and bool(rows)
        for i in range(len(headers))
    ]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    available = width - len(indent) - 2 * (len(headers) - 1)
    while sum(widths) > available:
        widest = max(range(len(widths)), key=lambda i: (not numeric[i], widths[i]))
        if widths[widest] <= 8:
            break
        widths[widest] -= 1
    lines = [
        _line(list(headers), widths, [False] * len(headers)),
        "  ".join("-" * w for w in widths),
    ]
    lines += [_line(row, widths, numeric) for row in cells]
    return "\n".join(indent + line.rstrip() for line in lines)


def _line(cells: list[str], widths: list[int], numeric: list[bool]) -> str:
    parts = []
    for cell, width, right in zip(cells, widths, numeric, strict=True):
        text = cut(cell, width)
        parts.append(text.rjust(width) if right else text.ljust(width))
    return "  ".join(parts)


def heading(text: str, count: object = None, lang: Lang = "fr") -> str:
    """A section heading, underlined (French typography puts a space before the colon).

    >>> print(heading("Zones blanches", 3, lang="en"))
    Zones blanches: 3
    =================
    """
    title = text if count is None else f"{text}{colon(lang)} {number(count)}"
    return f"{title}\n{'=' * min(len(title), WIDTH)}"


def wrap(text: str, *, indent: str = "", first_indent: str = "") -> list[str]:
    """Wrap ``text`` to the terminal width, continuation lines indented.

    >>> wrap("un deux trois quatre", indent="  ")
    ['un deux trois quatre']
    """
    return textwrap.wrap(
        text,
        width=WIDTH,
        initial_indent=first_indent,
        subsequent_indent=indent,
        break_on_hyphens=False,
    ) or [""]
