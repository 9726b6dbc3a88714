"""Parsing of cell values: dates, numbers with decimal commas, ``|`` lists.

Each parser returns ``None`` for a value it cannot read; the caller reports the problem.

Examples:
    >>> parse_date("13/02/2025"), parse_date("2025-02-13"), parse_date("31/02/2025")
    (datetime.date(2025, 2, 13), datetime.date(2025, 2, 13), None)
    >>> parse_number("1 234,5"), parse_number("48.5"), parse_number("douze")
    (1234.5, 48.5, None)
    >>> parse_list("Logement | Santé||santé mentale")
    ('Logement', 'Santé', 'santé mentale')
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import lru_cache

from partenariat.i18n import fq

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$")
_SPACES = re.compile(r"[\s\u00a0\u202f']")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_MANGLED = re.compile(r"^\d+(?:[.,]\d+)?[eE]\+?\d+$|^\d+[.,]0+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

DATE_FORMATS_HELP = "YYYY-MM-DD or DD/MM/YYYY"


@lru_cache(maxsize=1 << 16)
def parse_date(text: str) -> dt.date | None:
    """An ISO (``2025-02-13``) or French (``13/02/2025``) date; ``None`` if invalid.

    Cached: a file holds few distinct dates, many times each.
    """
    text = text.strip()
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _DAY_FIRST.match(text)
        if not match:
            return None
        day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def date_problem(text: str) -> tuple[str, str]:
    """Why ``text`` is not a date, in French and English: a date of the right form that
    does not exist (31 February) is told apart from a text that is no date at all.

    >>> date_problem("31/02/2024")[1]
    "'31/02/2024' does not exist (the month has fewer days)"
    >>> date_problem("mardi")[0]
    "«\xa0mardi\xa0» n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA)"
    """
    stripped = text.strip()
    if _ISO.match(stripped) or _DAY_FIRST.match(stripped):
        return (
            f"{fq(text)} n'existe pas (le mois a moins de jours)",
            f"{text!r} does not exist (the month has fewer days)",
        )
    return (
        f"{fq(text)} n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA)",
        f"{text!r} is not a date ({DATE_FORMATS_HELP})",
    )


@lru_cache(maxsize=1 << 16)
def parse_number(text: str) -> float | None:
    """A number written the French or English way; spaces as thousands separators.

    >>> parse_number("-2,35"), parse_number("12\\u202f000"), parse_number("1,234.5")
    (-2.35, 12000.0, 1234.5)
    >>> parse_number("nan") is None, parse_number("1,2,3") is None
    (True, True)
    """
    compact = _SPACES.sub("", text.strip())
    if "," in compact and "." in compact:
        if compact.rfind(",") > compact.rfind("."):
            compact = compact.replace(".", "").replace(",", ".")
        else:
            compact = compact.replace(",", "")
    elif compact.count(",") == 1:
        compact = compact.replace(",", ".")
    if not _NUMBER.match(compact):
        return None
    value = float(compact)
    return value if math.isfinite(value) else None


def parse_list(text: str) -> tuple[str, ...]:
    """Split a ``|`` list, strip items, drop empty and repeated ones (order kept)."""
    seen: dict[str, None] = {}
    for part in text.split("|"):
        item = part.strip()
        if item:
            seen.setdefault(item, None)
    return tuple(seen)


_LABELLED_CODE = re.compile(r"^(?P<name>.*\S)\s*\((?P<code>[0-9A-Za-z:]{2,16})\)$")


def labelled_code(text: str) -> str:
    """The code of a territory written as its name and code, as the collection workbook's
    lists show them; any other text as it is.

    >>> labelled_code("Sevrier (74267)"), labelled_code("CA du Grand Annecy (200066793)")
    ('74267', '200066793')
    >>> labelled_code("Auvergne-Rhône-Alpes (region:84)")
    'region:84'
    >>> labelled_code("Saint-Martin (Guadeloupe)"), labelled_code("74267")
    ('Saint-Martin (Guadeloupe)', '74267')
    """
    found = _LABELLED_CODE.match(text.strip())
    if found is None or not any(c.isdigit() for c in found["code"]):
        return text
    return found["code"]


def looks_mangled(identifier: str) -> bool:
    """True for an identifier Excel has turned into a number (``6.04876475005E+13``, ``59014.0``).

    >>> looks_mangled("6,04876475005E+13"), looks_mangled("59014.0"), looks_mangled("59014")
    (True, True, False)
    """
    return bool(_MANGLED.match(identifier))


def mangled_problem(value: str) -> tuple[str, str]:
    """Why ``value`` (an identifier) looks rewritten by Excel, in French and English.

    >>> mangled_problem("59014.0")[1]
    "'59014.0' looks like a number rewritten by Excel; format the column as text"
    """
    return (
        f"{fq(value)} ressemble à un nombre réécrit par Excel\u00a0; mettre la colonne au "
        "format Texte",
        f"{value!r} looks like a number rewritten by Excel; format the column as text",
    )


def looks_like_email(text: str) -> bool:
    """A loose e-mail check: one ``@``, a dot in the domain, no space.

    >>> looks_like_email("accueil@ccas-melun.fr"), looks_like_email("accueil ccas")
    (True, False)
    """
    return bool(_EMAIL.match(text))


def unneutralised(text: str) -> str:
    """A cell written by a spreadsheet-safe writer, back as it was: ``'=x`` -> ``=x``.

    >>> unneutralised("'+33 1 64"), unneutralised("'tout"), unneutralised("l'aide")
    ('+33 1 64', "'tout", "l'aide")
    """
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        return text[1:]
    return text
