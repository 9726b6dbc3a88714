"""Small text helpers shared by the readers and the analyses.

>>> fold("  Mise à jour ")
'mise a jour'
>>> fold("Télé-phone_N°")
'tele phone n°'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SEPARATORS = re.compile(r"[\s_\-]+")


def strip_accents(text: str) -> str:
    """Remove diacritics: ``"Département"`` -> ``"Departement"``.

    >>> strip_accents("Île-de-France, œuvre")
    'Ile-de-France, œuvre'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1 << 17)
def fold(text: str) -> str:
    """Case-, accent- and separator-insensitive form, for matching headers and names."""
    return _SEPARATORS.sub(" ", strip_accents(text).casefold()).strip()
