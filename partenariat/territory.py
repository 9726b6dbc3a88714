"""The territory tree: a hierarchy where a territory may have several parents.

A commune lies in its EPCI *and* in its département; some EPCI span two départements. The
leaves are the territories with no child. Without a territory file, the territories are the
flat set of codes the organisations name (each one a leaf, with no population).

Examples:
    >>> from partenariat.model import Territory
    >>> tree = TerritoryTree([
    ...     Territory(code="77", name="Seine-et-Marne", level="département"),
    ...     Territory(code="CA", name="CA Melun", parents=("77",), level="EPCI"),
    ...     Territory(code="m", name="Melun", parents=("CA", "77"), population=40000),
    ...     Territory(code="d", name="Dammarie", parents=("CA", "77"), population=20000),
    ... ])
    >>> tree.leaves
    ('d', 'm')
    >>> sorted(tree.ancestors("m")), tree.leaves_under("77"), tree.population("77")
    (['77', 'CA'], ('d', 'm'), 60000)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property, lru_cache

from partenariat.model import Territory
from partenariat.text import fold

#: The value of ``--level`` meaning "the most detailed level".
LEAVES = "leaves"


class TerritoryTree:
    """Ancestors, descendants, leaves, levels and population over a multi-parent hierarchy."""

    def __init__(
        self, territories: Sequence[Territory], named: Iterable[str] = (), scope: Iterable[str] = ()
    ) -> None:
        self._territories: dict[str, Territory] = {t.code: t for t in territories}
        self._scope = tuple(scope)
        for code in named:
            if code not in self._territories:
                self._territories[code] = Territory.model_construct(
                    code=code, name=code, parents=(), level=None, population=None, extra=()
                )
        self._children: dict[str, list[str]] = defaultdict(list)
        self._parents: dict[str, tuple[str, ...]] = {}
        for territory in self._territories.values():
            known = tuple(p for p in territory.parents if p in self._territories)
            self._parents[territory.code] = known
            for parent in known:
                self._children[parent].append(territory.code)
        self._above: dict[tuple[str, ...], frozenset[str]] = {}
        self.ancestors = lru_cache(maxsize=None)(self._ancestors)
        self.leaves_under = lru_cache(maxsize=None)(self._leaves_under)

    def __contains__(self, code: object) -> bool:
        return code in self._territories

    def __len__(self) -> int:
        return len(self._territories)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(sorted(self._territories))

    def name(self, code: str) -> str:
        return self._territories[code].name

    def level(self, code: str) -> str | None:
        return self._territories[code].level

    def parents(self, code: str) -> tuple[str, ...]:
        return self._parents[code]

    def children(self, code: str) -> tuple[str, ...]:
        return tuple(sorted(self._children.get(code, ())))

    def _ancestors(self, code: str) -> frozenset[str]:
        """Every territory containing ``code`` (not itself); see :func:`strict_ancestors`.
        They depend only on the parents: the communes of one EPCI share one set."""
        direct = self._parents[code]
        above = self._above.get(direct)
        if above is None:
            above = above_parents(direct, self.parents, self.ancestors)
            self._above[direct] = above
        return above - {code} if code in above else above

    def descendants(self, code: str) -> frozenset[str]:
        """Every territory contained in ``code`` (not itself): those it is an ancestor of."""
        return self._descendants.get(code, frozenset())

    @cached_property
    def _descendants(self) -> dict[str, frozenset[str]]:
        below: dict[str, set[str]] = defaultdict(set)
        for code in self._territories:
            for ancestor in self.ancestors(code):
                below[ancestor].add(code)
        return {code: frozenset(items) for code, items in below.items()}

    def _leaves_under(self, code: str) -> tuple[str, ...]:
        """The leaves at or below ``code``, sorted (``(code,)`` for a leaf)."""
        if not self._children.get(code):
            return (code,)
        return tuple(sorted(d for d in self.descendants(code) if not self._children.get(d)))

    @cached_property
    def leaves(self) -> tuple[str, ...]:
        """Territories with no child, sorted by code; with a ``scope``, only those at or
        below the scope's codes (the study area)."""
        all_leaves = (code for code in self.codes if not self._children.get(code))
        if not self._scope:
            return tuple(all_leaves)
        # a leaf is at or below a scope code when it is one or has one among its ancestors
        # (what leaves_under says, without every territory's descendants)
        scope = frozenset(code for code in self._scope if code in self)
        return tuple(
            leaf
            for leaf in all_leaves
            if leaf in scope or not scope.isdisjoint(self.ancestors(leaf))
        )

    def is_leaf(self, code: str) -> bool:
        return not self._children.get(code)

    @cached_property
    def levels(self) -> tuple[str, ...]:
        """The level names used, from the broadest to the most detailed."""
        depth: dict[str, int] = {}
        for code, territory in self._territories.items():
            if territory.level:
                rank = len(self.ancestors(code))
                depth[territory.level] = max(depth.get(territory.level, 0), rank)
        return tuple(sorted(depth, key=lambda lvl: (depth[lvl], lvl)))

    def at_level(self, level: str) -> tuple[str, ...]:
        """The territories of ``level`` (``"leaves"``: the leaves); accents and case ignored.

        With a study area (``scope``), only the territories of that level that lie in it or
        contain part of it. Raises :class:`~partenariat.errors.UnknownLevelError` (a
        ``KeyError``) naming the known levels when there is no such level.
        """
        if fold(level) == LEAVES:
            return self.leaves
        wanted = fold(level)
        codes = tuple(
            code for code in self.codes if fold(self._territories[code].level or "") == wanted
        )
        if codes and self._scope:
            studied = set(self.leaves)
            codes = tuple(c for c in codes if studied.intersection(self.leaves_under(c)))
        if not codes:
            known = ", ".join([LEAVES, *self.levels])
            from partenariat.errors import UnknownLevelError

            raise UnknownLevelError(
                f"no territory has the level {level!r}; levels: {known}",
                french=f"aucun territoire n'a le niveau «\u00a0{level}\u00a0»\u00a0; "
                f"niveaux\u00a0: {known}",
            )
        return codes

    def population(self, code: str) -> int | None:
        """The population given for ``code``, else the sum over its leaves when all are known."""
        own = self._territories[code].population
        if own is not None:
            return own
        leaves = self.leaves_under(code)
        if leaves == (code,):
            return None
        values = [self._territories[leaf].population for leaf in leaves]
        if any(v is None for v in values):
            return None
        return sum(v for v in values if v is not None)

    def leaves_served_by(self, codes: Iterable[str]) -> frozenset[str]:
        """The leaves served by an offer naming ``codes`` (each code and everything below)."""
        served: set[str] = set()
        for code in codes:
            if code in self._territories:
                served.update(self.leaves_under(code))
        return frozenset(served)


def strict_ancestors(
    code: str, parents: Callable[[str], tuple[str, ...]], ancestors: Callable[[str], frozenset[str]]
) -> frozenset[str]:
    """The territories containing ``code``: its parents, and the ancestors of each parent
    that has a single parent. A parent with several parents (an EPCI across two
    départements) only overlaps each of them: what lies above it counts only when ``code``
    reaches it by another path (a commune names its own département).

    >>> up = {"c62": ("X", "62"), "X": ("59", "62"), "62": ("R",), "59": ("R",)}
    >>> get = lambda c: up.get(c, ())
    >>> def anc(c): return strict_ancestors(c, get, anc)
    >>> sorted(anc("c62")), sorted(anc("X"))
    (['62', 'R', 'X'], ['59', '62', 'R'])
    """
    found = above_parents(parents(code), parents, ancestors)
    return found - {code} if code in found else found


def above_parents(
    direct: tuple[str, ...],
    parents: Callable[[str], tuple[str, ...]],
    ancestors: Callable[[str], frozenset[str]],
) -> frozenset[str]:
    """What contains a territory whose parents are ``direct`` (see
    :func:`strict_ancestors`, which removes the territory itself): it depends on the
    parents only, so the communes of one EPCI share it."""
    found: set[str] = set(direct)
    for parent in direct:
        if len(parents(parent)) <= 1:
            found.update(ancestors(parent))
    for parent in direct:
        if len(parents(parent)) > 1:
            found.update(a for a in ancestors(parent) if a in found)
    return frozenset(found)
