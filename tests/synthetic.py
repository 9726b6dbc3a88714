"""Seeded random networks for tests (not a model of real territories)."""

from __future__ import annotations

import random

from partenariat import Dataset, Link, Network, Organisation, Territory

TYPES = ["CCAS", "association", "CAF", "mission locale", "CHRS", "France Services"]
FIELDS = ["logement", "santé", "emploi", "alimentation", "famille", "numérique"]


def random_network(
    organisations: int, *, links_per_organisation: float = 2.0, seed: int = 7
) -> Network:
    rng = random.Random(seed)
    communes = [
        Territory(
            code=f"c{i:03d}",
            name=f"Commune {i}",
            parents=("D",),
            population=rng.randint(100, 20_000),
        )
        for i in range(40)
    ]
    territories = (Territory(code="D", name="Département"), *communes)
    orgs = tuple(
        Organisation(
            id=f"o{i:05d}",
            name=f"Organisation {i}",
            type=rng.choice(TYPES),
            territories=(rng.choice(communes).code,),
            fields=tuple(sorted(set(rng.sample(FIELDS, 2)))),
        )
        for i in range(organisations)
    )
    ids = [o.id for o in orgs]
    links = tuple(
        Link(source=a, target=b, type=rng.choice(["formal", "informal", "referral"]))
        for a, b in (
            (rng.choice(ids), rng.choice(ids))
            for _ in range(int(organisations * links_per_organisation))
        )
        if a != b
    )
    return Network(Dataset(territories=territories, organisations=orgs, links=links))
