"""Words coordinators use: the usual fields of social action, publics and types of
organisation, offered as drop-down lists in the collection workbook (with the network's own
words first) and used by the synthetic territories.

>>> "santé mentale" in FIELDS, "CCAS" in TYPES, "jeunes" in PUBLICS
(True, True, True)
>>> merged(["logement", "Zèbre", "santé"], ["santé", "alimentation"])
('logement', 'santé', 'Zèbre', 'alimentation')
"""

from __future__ import annotations

from collections.abc import Iterable

from partenariat.text import fold

FIELDS = (
    "accès aux droits",
    "alimentation",
    "logement",
    "hébergement",
    "emploi",
    "insertion",
    "santé",
    "santé mentale",
    "famille",
    "protection de l'enfance",
    "jeunesse",
    "personnes âgées",
    "handicap",
    "mobilité",
    "numérique",
    "budget",
    "violences intrafamiliales",
    "lien social",
)
PUBLICS = (
    "jeunes",
    "familles",
    "femmes",
    "personnes âgées",
    "personnes en situation de handicap",
    "personnes sans domicile",
    "demandeurs d'emploi",
)
TYPES = (
    "Département",
    "CAF",
    "CPAM",
    "MDPH",
    "CCAS",
    "CIAS",
    "France Services",
    "mission locale",
    "centre social",
    "association d'entraide",
    "épicerie solidaire",
    "CHRS",
    "SIAO",
    "CMP",
    "maison de santé",
    "PLIE",
    "UDAF",
    "CIDFF",
    "service d'aide à domicile",
    "bailleur social",
)
SECTORS = ("public", "association", "privé")


def merged(own: Iterable[str], usual: Iterable[str]) -> tuple[str, ...]:
    """The network's own words (sorted, accents ignored), then the usual ones it lacks."""
    mine = sorted({w for w in own if w}, key=lambda w: (fold(w), w))
    known = {fold(w) for w in mine}
    return (*mine, *(w for w in usual if fold(w) not in known))
