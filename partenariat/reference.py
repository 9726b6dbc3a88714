"""France's territories, bundled: régions, départements, EPCI, EPT, communes (COG 2026).

Codes are read as INSEE codes: 5 characters a commune (or a municipal arrondissement of
Paris, Lyon, Marseille), 2 or 3 characters a département (``2A``, ``971``), 9 digits an EPCI
or EPT (SIREN), ``france``, and ``region:NN`` a région. A name is accepted when it matches
exactly one territory (accents and case ignored); otherwise :class:`Resolution` lists the
candidates.

Examples:
    >>> resolve("59").code, resolve("Roubaix").code, resolve("region:32").name
    ('59', '59512', 'Hauts-de-France')
    >>> [c for c, _ in resolve("Paris").candidates]
    ['75', '75056']
    >>> len([c for c in leaves_under("59") if reference()[c].level == "commune"])
    647
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from partenariat.i18n import Lang, fq
from partenariat.model import Territory, built
from partenariat.territory import above_parents
from partenariat.text import fold

LEVEL_ORDER = ("pays", "région", "département", "EPCI", "EPT", "commune", "arrondissement")


_Row = tuple[str, str, tuple[str, ...], int | None]


class _Rows(Mapping[str, _Row]):
    """Every bundled territory as ``code -> (name, level, parents, population)``, held as
    columns; a row is made when read (a command reads a few hundred of 36,000)."""

    def __init__(self, frame: Any) -> None:
        self.frame = frame
        self._codes: list[str] = frame["code"].to_list()
        self._at = {code: i for i, code in enumerate(self._codes)}
        self._names: list[str] = frame["name"].to_list()
        self._levels: list[str] = frame["level"].to_list()
        self._parents: list[str] = frame["parents"].to_list()
        self._populations: list[int | None] = frame["population"].to_list()

    def __getitem__(self, code: str) -> _Row:
        i = self._at[code]
        parents = self._parents[i]
        return (
            self._names[i],
            self._levels[i],
            tuple(part for part in parents.split("|") if part) if parents else (),
            self._populations[i],
        )

    def __contains__(self, code: object) -> bool:
        return code in self._at

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)

    def names(self) -> Iterator[tuple[str, str]]:
        """Each territory's code and name."""
        return zip(self._codes, self._names, strict=True)


@cache
def _rows() -> _Rows:
    """Every bundled territory (read once, by polars: a few milliseconds)."""
    import polars as pl

    raw = (resources.files("partenariat.data") / "territoires.csv.gz").read_bytes()
    frame = pl.read_csv(gzip.decompress(raw), infer_schema=False).with_columns(
        pl.col("parents").fill_null(""),
        pl.col("population").cast(pl.Int64, strict=False),
    )
    return _Rows(frame)


@cache
def postcodes() -> dict[str, frozenset[str]]:
    """The postcodes of each commune and municipal arrondissement (INSEE code), read once.

    >>> sorted(postcodes()["77288"])
    ['77000']
    """
    raw = (resources.files("partenariat.data") / "codes-postaux.csv.gz").read_bytes()
    reader = csv.reader(io.StringIO(gzip.decompress(raw).decode("utf-8")))
    next(reader)
    return {code: frozenset(codes.split("|")) for code, codes in reader}


#: A French postcode in an address (five digits standing alone).
POSTCODE = re.compile(r"(?<!\d)(\d{5})(?!\d)")


def address_postcode(address: str | None) -> str | None:
    """The postcode written in an address, if any (the last one: a street number of five
    digits is rare, the postcode comes last).

    >>> address_postcode("2 rue de la Gare, 77000 Melun"), address_postcode("Melun")
    ('77000', None)
    """
    if not address:
        return None
    found = POSTCODE.findall(address)
    return found[-1] if found else None


class _Reference(Mapping[str, Territory]):
    """The bundled territories by code; each :class:`Territory` is built when first read."""

    def __init__(self, rows: _Rows) -> None:
        self._rows = rows
        self._built: dict[str, Territory] = {}

    def __getitem__(self, code: str) -> Territory:
        found = self._built.get(code)
        if found is None:
            name, level, parents, population = self._rows[code]
            found = built(
                Territory,
                {
                    "code": code,
                    "name": name,
                    "parents": parents,
                    "level": level,
                    "population": population,
                    "extra": (),
                },
            )
            self._built[code] = found
        return found

    def __contains__(self, code: object) -> bool:
        return code in self._rows

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


@cache
def reference() -> Mapping[str, Territory]:
    """Every bundled territory by code (about 36,000, read once)."""
    return _Reference(_rows())


@cache
def _children() -> dict[str, tuple[str, ...]]:
    """Each territory's children, sorted (by polars over the columns)."""
    import polars as pl

    found = (
        _rows()
        .frame.select("code", pl.col("parents").str.split("|").alias("parent"))
        .explode("parent")
        .filter(pl.col("parent") != "")
        .group_by("parent")
        .agg(pl.col("code").sort())
    )
    return dict(zip(found["parent"].to_list(), map(tuple, found["code"].to_list()), strict=True))


@cache
def _by_name() -> dict[str, tuple[str, ...]]:
    names: dict[str, list[str]] = defaultdict(list)
    for code, name in _rows().names():
        names[fold(name)].append(code)
    return {name: tuple(sorted(codes)) for name, codes in names.items()}


@cache
def _parents(code: str) -> tuple[str, ...]:
    """The parents of a territory that are themselves bundled territories."""
    rows = _rows()
    row = rows.get(code)
    return tuple(p for p in row[2] if p in rows) if row else ()


@cache
def ancestors(code: str) -> frozenset[str]:
    """Every reference territory containing ``code`` (see ``strict_ancestors``)."""
    found = _above(_parents(code))
    return found - {code} if code in found else found


@cache
def _above(direct: tuple[str, ...]) -> frozenset[str]:
    return above_parents(direct, _parents, ancestors)


@cache
def descendants(code: str) -> frozenset[str]:
    """Every reference territory contained in ``code``: those reached going down its
    children whose (containment-exact) ancestors include it."""
    children = _children()
    found: set[str] = set()
    stack = list(children.get(code, ()))
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.add(current)
        stack.extend(children.get(current, ()))
    return frozenset(c for c in found if code in ancestors(c))


def leaves_under(code: str) -> tuple[str, ...]:
    """The most detailed territories at or below ``code``."""
    children = _children()
    if code not in children:
        return (code,)
    return tuple(sorted(c for c in descendants(code) if c not in children))


@dataclass(frozen=True)
class Resolution:
    """A code or name looked up in the reference: ``code`` when found, else candidates."""

    text: str
    code: str | None = None
    candidates: tuple[tuple[str, str], ...] = field(default=())

    @property
    def name(self) -> str | None:
        return reference()[self.code].name if self.code else None

    def explain(self, lang: Lang = "en") -> str:
        """Why the text was not resolved, in words."""
        return self.explained()[0 if lang == "fr" else 1]

    def explained(self) -> tuple[str, str]:
        """Why the text was not resolved, in French and in English."""
        if self.candidates:
            listed = ", ".join(
                f"{code} ({reference()[code].level} {name})" for code, name in self.candidates[:8]
            )
            extra = len(self.candidates) - 8
            more = f" and {extra} more" if extra > 0 else ""
            autres = f" et {extra} autres" if extra > 0 else ""
            return (
                f"{fq(self.text)} correspond à {len(self.candidates)} territoires\u00a0: "
                f"{listed}{autres}\u00a0; utiliser le code",
                f"{self.text!r} matches {len(self.candidates)} territories: {listed}"
                f"{more}; use the code",
            )
        hint_fr, hint_en = _zero_hint(self.text)
        return (
            f"{fq(self.text)} n'est ni un code INSEE (commune\u00a0: 5 caractères, "
            "département\u00a0: 2 ou 3, EPCI\u00a0: 9 chiffres, france, region:NN) ni le nom "
            "d'un territoire français\u00a0; fournir un fichier territories.csv pour utiliser "
            "des codes à soi" + hint_fr,
            f"{self.text!r} is neither an INSEE code (commune: 5 characters, département: "
            "2-3, EPCI: 9 digits, france, region:NN) nor the name of a French territory; "
            "give a territories.csv file to use codes of your own" + hint_en,
        )


def resolve(text: str) -> Resolution:
    """Look ``text`` up as a code, then as a name."""
    territories = reference()
    cleaned = text.strip()
    for candidate in _code_spellings(cleaned):
        if candidate in territories:
            return Resolution(text, candidate)
    codes = _by_name().get(fold(cleaned), ())
    if len(codes) == 1:
        return Resolution(text, codes[0])
    return Resolution(text, None, tuple((c, territories[c].name) for c in codes))


def _code_spellings(text: str) -> list[str]:
    lowered = text.lower()
    spellings = [text, text.upper()]
    if lowered in ("france", "fr"):
        spellings.append("france")
    for prefix in ("region:", "région:", "reg:", "r"):
        if fold(lowered).replace(" ", "").startswith(fold(prefix)) and ":" in text:
            spellings.append("region:" + text.split(":", 1)[1].strip())
    return spellings


def _zero_hint(text: str) -> tuple[str, str]:
    if text.isdigit() and len(text) in (1, 4, 8):
        padded = text.zfill(len(text) + 1)
        if padded in reference():
            return (
                f"\u00a0; vouliez-vous dire {fq(padded)} (Excel retire les zéros en tête)\u00a0?",
                f"; did you mean {padded!r} (Excel drops leading zeros)?",
            )
    return "", ""


def study_subset(codes: Iterable[str]) -> tuple[Territory, ...]:
    """The territories needed to study ``codes``: themselves, everything above and below."""
    needed: set[str] = set()
    for code in codes:
        if code in reference():
            needed.add(code)
            needed.update(ancestors(code))
            needed.update(descendants(code))
    territories = reference()
    return tuple(territories[c] for c in sorted(needed))
