"""Who stands apart: isolated organisations, peripheral ones, brokers and components.

The part of the structure (see :mod:`partenariat.analysis.structure`, whose definitions
these are) that needs neither betweenness nor communities: ``partenariat isolated``
computes only this.

Examples:
    >>> from partenariat.model import Dataset, Link, Organisation
    >>> from partenariat.network import Network
    >>> orgs = tuple(Organisation(id=i, name=i) for i in "abcdxyz")
    >>> links = tuple(Link(source=s, target=t) for s, t in ["ab", "bc", "cd", "xy"])
    >>> found = isolation(Network(Dataset(organisations=orgs, links=links)))
    >>> [(i.organisation, i.reason) for i in found.isolated]
    [('x', 'outside-main-component'), ('y', 'outside-main-component'), ('z', 'no-link')]
    >>> found.peripheral, [b.organisation for b in found.brokers], len(found.components)
    (('a', 'd', 'x', 'y'), ['b', 'c'], 3)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from partenariat.analysis.structure import (
    Broker,
    Isolated,
    brokers,
    components_by_size,
    isolated,
)
from partenariat.jsonout import record
from partenariat.network import Network


@dataclass(frozen=True)
class Isolation:
    """Isolated and peripheral organisations, brokers and components of one network."""

    isolated: tuple[Isolated, ...]
    peripheral: tuple[str, ...]
    """Organisations with exactly one partner."""
    brokers: tuple[Broker, ...]
    components: tuple[tuple[str, ...], ...]

    def to_dict(self, *, limit: int | None = None) -> dict[str, Any]:
        """The JSON of these lists, each cut to ``limit`` entries (the keys and entries of
        the diagnosis' JSON)."""
        return {
            "isolated": [record(i) for i in self.isolated[:limit]],
            "peripheral": list(self.peripheral[:limit]),
            "brokers": [record(b) for b in self.brokers[:limit]],
            "components": [
                {"size": len(c), "organisations": list(c)} for c in self.components[:limit]
            ],
        }


def isolation(network: Network) -> Isolation:
    """The :class:`Isolation` of ``network`` (computed once per network)."""

    def compute() -> Isolation:
        components = components_by_size(network)
        ids = network.ids
        return Isolation(
            isolated=isolated(network, components),
            peripheral=tuple(ids[i] for i in np.flatnonzero(network.degrees == 1)),
            brokers=brokers(network),
            components=components,
        )

    return network.memo("isolation", compute)
