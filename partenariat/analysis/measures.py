"""Measures evaluators of partnerships expect, beside the structure: reciprocity of directed
links, multiplexity, Gould-Fernandez brokerage roles, Burt's constraint, a core-periphery
split and the Provan & Milward network-level view. Each is defined, with a worked example,
in docs/analyses.md, and tested on small networks worked out by hand and against networkx
where it has the measure.

- **reciprocity**: among the ordered pairs joined by a directed link (referral, funding),
  the share whose reverse is joined too (networkx's ``reciprocity``); ``None`` without
  directed links.
- **multiplexity**: among the partnered pairs, the share joined by two or more link types
  (untyped links do not count as a type).
- **brokerage roles** (Gould & Fernandez 1989): for each organisation v and each two-path
  a - v - c whose ends are not partners, with the organisations' types (or sectors) as
  groups (``auto``: the type when four organisations in five have one, else the sector) —
  coordinator (a, v, c in one group), consultant (a and c in one group, v in
  another), representative (a with v, c elsewhere), gatekeeper (v with c, a elsewhere),
  liaison (three groups). Partnerships have no direction: each is read both ways, so the
  coordinator, consultant and liaison counts are even and representative = gatekeeper.
  Two-paths through an organisation without a group are left out.
- **constraint** (Burt 1992): c_i = sum over partners j of (p_ij + sum_q p_iq p_qj)^2 with
  p_ij = 1 / degree(i) on the simple partnership graph (networkx's ``constraint``); low
  constraint: the organisation spans structural holes.
- **core-periphery**: the k-core of largest k (igraph's coreness) is the core; the other
  partnered organisations are the periphery.
- **network view** (Provan & Milward 2001): range of services (fields offered, fields per
  organisation), duplication (share of the served territory x field cells served by two
  organisations or more), strength of relations (formal share, mean weight, mean level of
  collaboration in the survey).

Examples:
    >>> from partenariat import Dataset, Link, Network, Organisation
    >>> orgs = tuple(Organisation(id=i, name=i, type=t) for i, t in
    ...              (("a", "CCAS"), ("b", "CAF"), ("c", "CCAS"), ("d", "CAF")))
    >>> links = tuple(Link(source=s, target=t) for s, t in ("ab", "bc", "cd"))
    >>> found = measures(Network(Dataset(organisations=orgs, links=links)))
    >>> [(r.organisation, r.consultant, r.liaison) for r in found.brokerage]
    [('b', 2, 0), ('c', 2, 0)]
    >>> found.core_periphery.k, found.core_periphery.core
    (1, ('a', 'b', 'c', 'd'))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from partenariat.lazy import Rows
from partenariat.model import DIRECTED_LINK_TYPES
from partenariat.network import Network

GroupBy = Literal["type", "sector"]
ROLES = ("coordinator", "consultant", "representative", "gatekeeper", "liaison")


@dataclass(frozen=True)
class BrokerageRoles:
    """How many two-paths an organisation brokers in each Gould-Fernandez role."""

    organisation: str
    coordinator: int
    consultant: int
    representative: int
    gatekeeper: int
    liaison: int

    @property
    def total(self) -> int:
        return sum(getattr(self, role) for role in ROLES)

    def to_dict(self) -> dict[str, Any]:
        return {
            "organisation": self.organisation,
            **{role: getattr(self, role) for role in ROLES},
            "total": self.total,
        }


@dataclass(frozen=True)
class CorePeriphery:
    k: int
    core: tuple[str, ...]
    periphery: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"k": self.k, "core": list(self.core), "periphery": list(self.periphery)}


@dataclass(frozen=True)
class Measures:
    """The measures of one network (see the module docstring)."""

    reciprocity: float | None
    directed_pairs: int
    multiplexity: float | None
    multiplex_pairs: tuple[tuple[str, str, tuple[str, ...]], ...]
    brokerage_group: GroupBy
    brokerage: Sequence[BrokerageRoles]
    """Every broker, most two-paths first (built when read)."""
    constraint: dict[str, float]
    core_periphery: CorePeriphery
    network_view: dict[str, Any] = field(default_factory=dict)

    @property
    def mean_constraint(self) -> float | None:
        """The mean constraint of the partnered organisations (``None`` without any)."""
        return float(np.mean(list(self.constraint.values()))) if self.constraint else None

    def to_dict(self, *, limit: int | None = None) -> dict[str, dict[str, Any]]:
        lowest = sorted(self.constraint.items(), key=lambda kv: (kv[1], kv[0]))
        return {
            "reciprocity": {"share": self.reciprocity, "directed_pairs": self.directed_pairs},
            "multiplexity": {
                "share": self.multiplexity,
                "pairs": [
                    {"organisations": [a, b], "types": list(types)}
                    for a, b, types in self.multiplex_pairs[:limit]
                ],
            },
            "brokerage_roles": {
                "group": self.brokerage_group,
                "organisations": [r.to_dict() for r in self.brokerage[:limit]],
            },
            "constraint": {
                "lowest": [{"organisation": o, "constraint": c} for o, c in lowest[:limit]],
                "mean": float(np.mean(list(self.constraint.values()))) if self.constraint else None,
            },
            "core_periphery": self.core_periphery.to_dict(),
            "network_view": self.network_view,
        }


def measures(
    network: Network,
    *,
    group_by: GroupBy | Literal["auto"] = "auto",
    duplication: float | None = None,
    fields: Sequence[str] = (),
) -> Measures:
    """Every measure of ``network``; ``duplication`` (from the coverage) and ``fields`` (the
    fields offered) complete the network view when the caller has them."""
    if group_by == "auto":
        typed = sum(1 for t in network.attribute("type") if t)
        group_by = "type" if typed >= 0.8 * max(network.size, 1) else "sector"
    triangles = _triangles(network)
    share, pairs = _reciprocity(network)
    multiplexity, multiplex = _multiplexity(network)
    return Measures(
        reciprocity=share,
        directed_pairs=pairs,
        multiplexity=multiplexity,
        multiplex_pairs=multiplex,
        brokerage_group=group_by,
        brokerage=_brokerage(network, group_by, triangles),
        constraint=_constraint(network, triangles),
        core_periphery=_core(network),
        network_view=_view(network, duplication, fields),
    )


def _triangles(network: Network) -> npt.NDArray[np.int64]:
    """Every triangle of the partnership graph, as rows of three codes (computed once per
    network)."""

    def compute() -> npt.NDArray[np.int64]:
        found = network.igraph.list_triangles() if network.size else []
        return np.asarray(found, dtype=np.int64).reshape(-1, 3)

    return network.memo("triangles", compute)


def _coreness(network: Network) -> npt.NDArray[np.int64]:
    """The k-core number of each organisation (igraph's coreness, computed once per
    network)."""
    return network.memo("coreness", lambda: np.asarray(network.igraph.coreness(), dtype=np.int64))


def _reciprocity(network: Network) -> tuple[float | None, int]:
    import polars as pl

    frame = network.dataset.link_columns().frame
    pairs = (
        frame.filter(
            pl.col("type").is_in(sorted(DIRECTED_LINK_TYPES))
            & (pl.col("source") != pl.col("target"))
        )
        .select("source", "target")
        .unique()
    )
    if pairs.height == 0:
        return None, 0
    back = pairs.rename({"source": "target", "target": "source"})
    mutual = pairs.join(back, on=["source", "target"], how="semi").height
    return mutual / pairs.height, pairs.height


def _multiplexity(
    network: Network,
) -> tuple[float | None, tuple[tuple[str, str, tuple[str, ...]], ...]]:
    import polars as pl

    frame = network.dataset.link_columns().frame.filter(pl.col("source") != pl.col("target"))
    if frame.height == 0:
        return None, ()
    ends = frame.select(
        pl.min_horizontal("source", "target").alias("a"),
        pl.max_horizontal("source", "target").alias("b"),
        pl.col("type"),
    )
    partnered = ends.select("a", "b").unique().height
    # the distinct types of each pair, kept for the pairs with two or more
    typed = ends.filter(pl.col("type").is_not_null() & (pl.col("type") != "")).unique()
    several = (
        typed.filter(pl.len().over("a", "b") > 1)
        .sort("a", "b", "type")
        .group_by("a", "b", maintain_order=True)
        .agg("type")
    )
    multiplex = tuple((a, b, tuple(kinds)) for a, b, kinds in several.iter_rows())
    return several.height / partnered, multiplex


def _groups(network: Network, group_by: GroupBy) -> npt.NDArray[np.int64]:
    """Each organisation's group as an integer (-1: none): its type as written, or its
    sector as the structure reads it (the ``sector`` column, else guessed from the type)."""
    from partenariat.analysis.structure import sector_of

    types = network.attribute("type")
    labels: list[str] = [
        (sector_of(sector, type_) if group_by == "sector" else type_) or ""
        for sector, type_ in zip(network.attribute("sector"), types, strict=True)
    ]
    names = {name: i for i, name in enumerate(sorted({n for n in labels if n}))}
    return np.array([names.get(n, -1) for n in labels], dtype=np.int64)


def _brokerage(
    network: Network, group_by: GroupBy, triangles: npt.NDArray[np.int64]
) -> Sequence[BrokerageRoles]:
    n = network.size
    if n == 0:
        return ()
    group = _groups(network, group_by)
    u, v = network.pairs
    keep = (group[u] >= 0) & (group[v] >= 0)
    u, v = u[keep], v[keep]
    width = int(group.max()) + 1 if (group >= 0).any() else 1
    # neighbours of each organisation by group
    counts = np.zeros((n, width), dtype=np.int64)
    np.add.at(counts, (u, group[v]), 1)
    np.add.at(counts, (v, group[u]), 1)
    own = np.where(group >= 0, counts[np.arange(n), np.maximum(group, 0)], 0)
    total = counts.sum(axis=1)
    others = total - own
    squares_other = (counts**2).sum(axis=1) - own**2
    # closed pairs (partnered ends) by kind, from the triangles
    closed = {kind: np.zeros(n, dtype=np.int64) for kind in ("ss", "so", "oo_same", "oo_diff")}
    grouped = triangles[(group[triangles] >= 0).all(axis=1)] if len(triangles) else triangles
    for centre, left, right in ((0, 1, 2), (1, 0, 2), (2, 0, 1)):
        c, a, b = grouped[:, centre], grouped[:, left], grouped[:, right]
        ga, gb, gc = group[a], group[b], group[c]
        same_a, same_b = ga == gc, gb == gc
        np.add.at(closed["ss"], c[same_a & same_b], 1)
        np.add.at(closed["so"], c[same_a ^ same_b], 1)
        np.add.at(closed["oo_same"], c[~same_a & ~same_b & (ga == gb)], 1)
        np.add.at(closed["oo_diff"], c[~same_a & ~same_b & (ga != gb)], 1)
    coordinator = own * (own - 1) - 2 * closed["ss"]
    consultant = (squares_other - others) - 2 * closed["oo_same"]
    representative = own * others - closed["so"]
    liaison = (others**2 - squares_other) - 2 * closed["oo_diff"]
    totals = coordinator + consultant + 2 * representative + liaison
    brokers = np.flatnonzero((group >= 0) & (totals > 0))
    # by total, most first; ties by id (codes follow the ids' order)
    brokers = brokers[np.lexsort((brokers, -totals[brokers]))]
    ids = network.ids

    def roles(k: int) -> BrokerageRoles:
        i = int(brokers[k])
        return BrokerageRoles(
            ids[i],
            int(coordinator[i]),
            int(consultant[i]),
            int(representative[i]),
            int(representative[i]),
            int(liaison[i]),
        )

    return Rows(len(brokers), roles)


def _constraint(network: Network, triangles: npt.NDArray[np.int64]) -> dict[str, float]:
    degrees = network.degrees.astype(float)
    u, v = network.pairs
    if not len(u):
        return {}
    # S[i, j] = sum over common partners q of 1 / degree(q), for each partnered pair.
    keys = np.concatenate([u * network.size + v, v * network.size + u])
    order = np.argsort(keys)
    sorted_keys = keys[order]
    extra = np.zeros(len(keys))
    for a, b, q in ((0, 1, 2), (0, 2, 1), (1, 2, 0)):
        if not len(triangles):
            break
        x, y, z = triangles[:, a], triangles[:, b], triangles[:, q]
        for first, second in ((x, y), (y, x)):
            at = order[np.searchsorted(sorted_keys, first * network.size + second)]
            np.add.at(extra, at, 1.0 / degrees[z])
    rows = np.concatenate([u, v])
    terms = ((1.0 + extra) / degrees[rows]) ** 2
    sums = np.bincount(rows, weights=terms, minlength=network.size)
    return {network.ids[i]: float(sums[i]) for i in range(network.size) if degrees[i] > 0}


def _core(network: Network) -> CorePeriphery:
    if network.size == 0 or not len(network.pairs[0]):
        return CorePeriphery(0, (), ())
    coreness = _coreness(network)
    k = int(coreness.max())
    core = tuple(sorted(network.ids[i] for i in np.flatnonzero(coreness == k)))
    periphery = tuple(
        sorted(network.ids[i] for i in np.flatnonzero((coreness < k) & (network.degrees > 0)))
    )
    return CorePeriphery(k, core, periphery)


def _fields_offered(network: Network) -> tuple[int, float | None]:
    """How many distinct fields the organisations offer (themselves or through their
    services), and how many each offers on average."""
    import polars as pl

    frame = network.dataset.organisation_columns().frame.select("id", "fields")
    services = network.services
    if services:
        extra = pl.DataFrame(
            {
                "id": [org for org, items in services.items() for s in items for _ in s.fields],
                "fields": [f for items in services.values() for s in items for f in s.fields],
            },
            schema={"id": pl.String, "fields": pl.String},
        )
        frame = (
            pl.concat([frame.explode("fields"), extra])
            .group_by("id")
            .agg(pl.col("fields").drop_nulls())
        )
    if not frame.height:
        return 0, None
    offered = frame["fields"].explode().drop_nulls().n_unique()
    return offered, float(np.mean(frame["fields"].list.n_unique().to_numpy()))


def _view(network: Network, duplication: float | None, fields: Sequence[str]) -> dict[str, Any]:
    fields_offered, per_organisation = _fields_offered(network)
    frame = network.dataset.link_columns().frame
    weights = frame["weight"].drop_nulls().to_numpy()
    types = frame["type"].drop_nulls()
    typed = int((types != "").sum())
    levels = [r.level for r in network.dataset.responses if r.partner and r.level]
    return {
        "fields_offered": len(fields) if fields else fields_offered,
        "fields_per_organisation": per_organisation,
        "duplication": duplication,
        "formal_share": int((types == "formal").sum()) / typed if typed else None,
        "mean_weight": float(np.mean(weights)) if len(weights) else None,
        "mean_level": float(np.mean(levels)) if levels else None,
    }
