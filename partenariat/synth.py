"""Synthetic territories: realistic data folders of any size, for benchmarks and tests.

Organisations are placed on the real communes (bundled COG 2026 reference), by population:
about two thirds act at commune level (CCAS, associations, centres sociaux…), a quarter at
EPCI level (missions locales, CIAS, CHRS…), a tenth at département level (Département,
CAF, CPAM, UDAF…). Links are mostly local (same département, often the same EPCI), with
département-level hubs getting more of them, and a share of organisations without any
link. Cases gather 1 to 30+ organisations of the same area, with dates and a referent for
some. The same ``seed`` gives the same folder.

>>> data = synthesize(200, seed=1)
>>> len(data.organisations), len(data.links) > 400, len(data.interventions) > 1000
(200, True, True)
>>> synthesize(200, seed=1) == data
True
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from partenariat.model import Dataset, Intervention, Link, Organisation
from partenariat.reference import reference
from partenariat.vocabulary import PUBLICS


@dataclass(frozen=True)
class _Kind:
    type: str
    sector: str
    fields: tuple[str, ...]
    weight: float


COMMUNE_KINDS = (
    _Kind("CCAS", "public", ("accès aux droits", "alimentation", "personnes âgées", "logement"), 3),
    _Kind("association d'entraide", "association", ("alimentation", "lien social", "budget"), 3),
    _Kind("centre social", "association", ("famille", "jeunesse", "numérique", "lien social"), 2),
    _Kind("France Services", "public", ("accès aux droits", "numérique"), 1),
    _Kind("épicerie solidaire", "association", ("alimentation", "budget"), 1),
    _Kind("maison de santé", "private", ("santé",), 1),
)
EPCI_KINDS = (
    _Kind("mission locale", "association", ("emploi", "jeunesse", "logement", "mobilité"), 2),
    _Kind("CIAS", "public", ("accès aux droits", "personnes âgées", "handicap"), 1),
    _Kind("CHRS", "association", ("hébergement", "insertion", "logement"), 1),
    _Kind("PLIE", "public", ("emploi", "insertion"), 1),
    _Kind("CMP", "public", ("santé mentale",), 1),
    _Kind("service d'aide à domicile", "association", ("personnes âgées", "handicap"), 1),
)
DEPARTEMENT_KINDS = (
    _Kind(
        "Département",
        "public",
        ("protection de l'enfance", "insertion", "famille", "accès aux droits"),
        2,
    ),
    _Kind("CAF", "public", ("famille", "accès aux droits", "logement"), 1),
    _Kind("CPAM", "public", ("santé", "accès aux droits"), 1),
    _Kind("UDAF", "association", ("famille", "budget"), 1),
    _Kind("CIDFF", "association", ("violences intrafamiliales", "accès aux droits"), 1),
    _Kind("SIAO", "association", ("hébergement", "logement"), 1),
    _Kind("MDPH", "public", ("handicap",), 1),
)
LINK_TYPES = (("formal", 45), ("informal", 35), ("referral", 15), ("funding", 5))


def synthesize(
    organisations: int,
    *,
    seed: int = 0,
    links_per_organisation: float = 4.0,
    cases_per_organisation: float = 3.0,
    isolated_share: float = 0.05,
    scope: str | None = None,
) -> Dataset:
    """A synthetic dataset of ``organisations`` on the communes of ``scope`` (all France by
    default; a département or région code to stay local)."""
    rng = random.Random(seed)
    communes = _communes(scope)
    cumulative = list(itertools.accumulate(max(population, 1) for _, population, _, _ in communes))
    orgs: list[Organisation] = []
    area: list[tuple[str, str]] = []
    for number in range(organisations):
        code, _, epci, departement = communes[
            bisect.bisect(cumulative, rng.random() * cumulative[-1])
        ]
        level = rng.random()
        kinds: tuple[_Kind, ...]
        if level < 0.10:
            kinds, territory = DEPARTEMENT_KINDS, departement
        elif level < 0.35 and epci:
            kinds, territory = EPCI_KINDS, epci
        else:
            kinds, territory = COMMUNE_KINDS, code
        kind = rng.choices(kinds, weights=[k.weight for k in kinds])[0]
        fields = tuple(sorted(rng.sample(kind.fields, rng.randint(1, min(3, len(kind.fields))))))
        publics = (
            () if rng.random() < 0.6 else tuple(sorted(rng.sample(PUBLICS, rng.randint(1, 2))))
        )
        name = reference()[territory].name
        orgs.append(
            Organisation.model_construct(
                id=f"o{number:06d}",
                name=f"{kind.type} {name} {number}",
                type=kind.type,
                sector=kind.sector,
                territories=(territory,),
                fields=fields,
                publics=publics,
                siret=None,
                address=None,
                lat=None,
                lon=None,
                email=None,
                phone=None,
                website=None,
                updated=dt.date(2025, 6, 1) + dt.timedelta(days=rng.randint(0, 540)),
                description=None,
                source="synth",
                extra=(),
            )
        )
        area.append((departement, epci or departement))
    links = _links(rng, orgs, area, links_per_organisation, isolated_share)
    interventions = _cases(rng, orgs, area, cases_per_organisation)
    return Dataset.model_construct(
        organisations=tuple(orgs),
        links=tuple(links),
        territories=(),
        services=(),
        interventions=tuple(interventions),
    )


def _communes(scope: str | None) -> list[tuple[str, int, str, str]]:
    territories = reference()
    rows = []
    for territory in territories.values():
        if territory.level != "commune":
            continue
        parents = territory.parents
        departement = next((p for p in parents if territories[p].level == "département"), "")
        epci = next((p for p in parents if territories[p].level == "EPCI"), "")
        if not departement:
            continue
        if scope and scope not in (departement, territories[departement].parents[0]):
            continue
        rows.append((territory.code, territory.population or 0, epci, departement))
    if not rows:
        raise ValueError(f"no commune in the scope {scope!r}")
    return sorted(rows)


def _links(
    rng: random.Random,
    orgs: list[Organisation],
    area: list[tuple[str, str]],
    per_organisation: float,
    isolated_share: float,
) -> list[Link]:
    linkable = [i for i in range(len(orgs)) if rng.random() >= isolated_share]
    by_departement: dict[str, list[int]] = defaultdict(list)
    by_epci: dict[str, list[int]] = defaultdict(list)
    for i in linkable:
        by_departement[area[i][0]].append(i)
        by_epci[area[i][1]].append(i)
    hubs = [i for i in linkable if orgs[i].type in {k.type for k in DEPARTEMENT_KINDS}]
    types = [t for t, _ in LINK_TYPES]
    weights = [w for _, w in LINK_TYPES]
    links: list[Link] = []
    seen: set[tuple[int, int]] = set()
    target_count = int(len(orgs) * per_organisation)
    attempts = 0
    while len(links) < target_count and attempts < target_count * 4 and len(linkable) > 1:
        attempts += 1
        source = rng.choice(hubs) if hubs and rng.random() < 0.2 else rng.choice(linkable)
        draw = rng.random()
        pool = (
            by_epci[area[source][1]]
            if draw < 0.5
            else by_departement[area[source][0]]
            if draw < 0.95
            else linkable
        )
        target = rng.choice(pool)
        pair = (min(source, target), max(source, target))
        if source == target or pair in seen:
            continue
        seen.add(pair)
        links.append(
            Link.model_construct(
                source=orgs[source].id,
                target=orgs[target].id,
                type=rng.choices(types, weights=weights)[0],
                since=dt.date(2015, 1, 1) + dt.timedelta(days=rng.randint(0, 3650)),
                weight=float(rng.randint(1, 3)),
                note=None,
                extra=(),
            )
        )
    return links


def _cases(
    rng: random.Random,
    orgs: list[Organisation],
    area: list[tuple[str, str]],
    per_organisation: float,
) -> list[Intervention]:
    by_departement: dict[str, list[int]] = defaultdict(list)
    for i, (departement, _) in enumerate(area):
        by_departement[departement].append(i)
    interventions: list[Intervention] = []
    for number in range(int(len(orgs) * per_organisation)):
        anchor = rng.randrange(len(orgs))
        size = min(1 + int(rng.expovariate(1 / 3.1)), 40)
        pool = by_departement[area[anchor][0]]
        members = {anchor, *(rng.choice(pool) for _ in range(size - 1))}
        start = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 1000))
        referent = rng.random() < 0.3
        for rank, i in enumerate(sorted(members)):
            begin = start + dt.timedelta(days=rng.randint(0, 120))
            end = None if rng.random() < 0.4 else begin + dt.timedelta(days=rng.randint(30, 600))
            interventions.append(
                Intervention.model_construct(
                    case=f"C{number:07d}",
                    organisation=orgs[i].id,
                    field=rng.choice(orgs[i].fields),
                    start=begin,
                    end=end,
                    role="référent" if referent and rank == 0 else None,
                    extra=(),
                )
            )
    return interventions


def write_synthetic(
    organisations: int,
    folder: str | Path,
    *,
    seed: int = 0,
    overwrite: bool = False,
    scope: str | None = None,
) -> list[Path]:
    """Write a synthetic data folder (see :func:`synthesize`)."""
    from partenariat.io.write import write_folder

    return write_folder(
        synthesize(organisations, seed=seed, scope=scope), folder, overwrite=overwrite
    )
