"""What a diagnosis is asked, apart from the analyses themselves (so that asking costs no
import of them).

>>> DiagnosisOptions(level="EPCI").level, DiagnosisOptions().crowded
('EPCI', 10)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

#: The level of the coverage by default: the most detailed territories (those without
#: children).
LEAVES = "leaves"
#: A case followed by this many organisations or more is crowded.
CROWDED = 10
#: With data·inclusion thématiques (``category--sub``): examine sub-themes or categories.
FieldLevel = Literal["sub", "category"]


@dataclass(frozen=True)
class DiagnosisOptions:
    """What a diagnosis is asked: the coverage level, a reference list of fields, the gaps
    per public, the resolution of the communities, the date of the cases, the size of a
    crowded case and the level of data·inclusion thématiques."""

    level: str = LEAVES
    fields: tuple[str, ...] = ()
    by_public: bool = False
    resolution: float = 1.0
    at: dt.date | None = None
    crowded: int = CROWDED
    field_level: FieldLevel = "sub"
