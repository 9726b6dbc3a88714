"""Personal data in case files: columns and values that identify a person are refused.

A case file (interventions) describes anonymised *situations*. A column whose header names
a direct identifier of a person — surname, first name, birth date, social security number,
phone, e-mail, home address, identity — is refused, and so is a column whose values look
like one: a NIR (French social security number), a phone number, or a birth date (a date
more than 15 years old in a column that is not a start or end date). Headers are compared
without case, accents or separators, CamelCase split (``DateNaissance``, ``NumSecu``).
A header about an organisation (``téléphone structure``) is not about a person.

>>> [header_is_personal(h) for h in ("DateNaissance", "N° sécu", "Tél.", "Patronyme",
...                                  "Domicile", "domaine", "Téléphone de la structure")]
[True, True, True, True, True, False, False]
>>> looks_like_nir("1 85 05 78 006 084 36"), looks_like_phone("06 12 34 56 78")
(True, True)
"""

from __future__ import annotations

import datetime as dt
import re

from partenariat.text import fold

#: Words (folded) that, alone in a header, name a personal identifier.
PERSONAL_WORDS = frozenset(
    {
        "nom",
        "noms",
        "prenom",
        "prenoms",
        "name",
        "surname",
        "firstname",
        "lastname",
        "patronyme",
        "naissance",
        "birth",
        "birthdate",
        "birthday",
        "dob",
        "ddn",
        "nir",
        "ssn",
        "secu",
        "numsecu",
        "telephone",
        "tel",
        "tel.",
        "phone",
        "portable",
        "mobile",
        "gsm",
        "email",
        "mail",
        "courriel",
        "adresse",
        "address",
        "domicile",
        "identite",
        "identity",
    }
)
#: Phrases (folded, spaces removed) that name a personal identifier anywhere in a header.
PERSONAL_PHRASES = (
    "datedenaissance",
    "datenaissance",
    "nele",
    "neele",
    "nee le",
    "securitesociale",
    "socialsecurity",
    "numerosecu",
    "nsecu",
    "nomdefamille",
    "nomdusage",
    "firstname",
    "lastname",
    "dateofbirth",
    "lieudenaissance",
    "numerodetelephone",
    "adressepostale",
)
_ABOUT_ORGANISATION = re.compile(
    r"\b(organisation|organization|organisme|structure|service|etablissement|partenaire)s?\b"
)
_CAMEL = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ])")
_WORD = re.compile(r"[a-z0-9]+")
_NIR = re.compile(
    r"^[12]\s?\d{2}\s?(0[1-9]|1[0-2]|[2-9]\d)\s?(\d{2}|2[AB])\s?\d{3}\s?\d{3}"
    r"(\s?\d{2})?$",
    re.IGNORECASE,
)
_PHONE = re.compile(r"^(?:(?:\+|00)33\s?\(?0?\)?\s?|0)[1-9](?:[\s.\-]?\d{2}){4}$")
#: A date at least this many years old, outside a start or end column, is a birth date.
BIRTH_YEARS = 15


def header_is_personal(header: str) -> bool:
    """True when ``header`` names a direct identifier of a person."""
    folded = fold(_CAMEL.sub(" ", header))
    if _ABOUT_ORGANISATION.search(folded):
        return False
    words = _WORD.findall(folded.replace("°", " "))
    compact = "".join(words)
    if any(word in PERSONAL_WORDS for word in words):
        return True
    return any(phrase.replace(" ", "") in compact for phrase in PERSONAL_PHRASES)


def looks_like_nir(value: str) -> bool:
    """A French social security number (13 digits, 15 with the key; Corsica 2A/2B)."""
    return bool(_NIR.match(value.strip()))


def looks_like_phone(value: str) -> bool:
    """A French phone number (``06 12 34 56 78``, ``+33 6 12 34 56 78``...)."""
    return bool(_PHONE.match(value.strip()))


def looks_like_birth_date(day: dt.date | None, today: dt.date) -> bool:
    """A date at least ``BIRTH_YEARS`` years before ``today``."""
    return day is not None and day.year <= today.year - BIRTH_YEARS
