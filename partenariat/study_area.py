"""The study area: which territory a diagnosis covers, inferred from the local partners.

A network mixes partners named at local level (a commune, an EPCI) with partners named at
a wider one (the CAF or the SIAO of a département, an ARS for a région). The wider ones
*serve* the territory but must not *widen* the study: a CAF coded ``59`` would otherwise
make every commune of the Nord a place to examine, and the gaps would be counted in Lille
for a network of the Douaisis.

By default the area is the union of the EPCIs that contain the territories named at local
level (a commune without EPCI counts as itself; an EPCI named directly is itself). Local
means a commune, a municipal arrondissement or an EPCI when the territories have levels
(the bundled French reference has), else a leaf or a territory whose children are all
leaves. The inference applies to France's territories (codes or names read against the
bundled reference): a territory file of the user's own already says what to study.
A scope given (``--scope`` on the command line) replaces the inferred area. Every output
names the area and says how it was
chosen.

Examples:
    >>> from partenariat.model import Dataset, Organisation, Territory
    >>> T = Territory
    >>> data = Dataset(territories=(
    ...     T(code="59", name="Nord", level="département"),
    ...     T(code="E", name="CA du Douaisis", parents=("59",), level="EPCI"),
    ...     T(code="F", name="CA de Lille", parents=("59",), level="EPCI"),
    ...     T(code="d", name="Douai", parents=("E", "59"), level="commune", population=40000),
    ...     T(code="s", name="Sin", parents=("E", "59"), level="commune", population=6000),
    ...     T(code="l", name="Lille", parents=("F", "59"), level="commune", population=230000)),
    ...   organisations=(Organisation(id="ccas", name="CCAS", territories=("d",)),
    ...                  Organisation(id="caf", name="CAF", territories=("59",))))
    >>> infer_codes(data)
    (('E',), ('caf',))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from partenariat.i18n import Lang
from partenariat.model import Dataset
from partenariat.territory import TerritoryTree
from partenariat.text import fold

#: Levels of territories named by local partners (folded).
LOCAL_LEVELS = frozenset(
    {
        "commune",
        "arrondissement",
        "arrondissement municipal",
        "commune deleguee",
        "epci",
        "ept",
        "intercommunalite",
    }
)
#: Levels that group communes into a study area (folded).
GROUPING_LEVELS = frozenset({"epci", "ept", "intercommunalite"})


@dataclass(frozen=True)
class StudyArea:
    """The territory a diagnosis examines, and how it was chosen."""

    codes: tuple[str, ...]
    name: str
    communes: int
    population: int | None
    inferred: bool
    wider_partners: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The ``study_area`` object of the JSON outputs."""
        return {
            "codes": list(self.codes),
            "name": self.name,
            "communes": self.communes,
            "population": self.population,
            "inferred": self.inferred,
            "wider_partners": list(self.wider_partners),
        }

    def describe(self, lang: Lang = "fr", *, width: int | None = None) -> str:
        """The sentence for the headers of the text and HTML outputs (wrapped to ``width``
        columns when given)."""
        text = self._sentence(lang)
        if width is None:
            return text
        import textwrap

        return "\n".join(textwrap.wrap(text, width, break_long_words=False))

    def _sentence(self, lang: Lang) -> str:
        if lang == "fr":
            count = f"{self.communes} commune" + ("s" if self.communes > 1 else "")
            how = (
                "déduit des territoires où agissent les partenaires locaux"
                if self.inferred
                else "choisi pour l'étude"
                if self.codes
                else "tous les territoires nommés par les partenaires"
            )
            return f"Territoire étudié\u202f: {self.name}, {count} — {how}"
        count = f"{self.communes} commune" + ("s" if self.communes > 1 else "")
        how = (
            "inferred from where the local partners act"
            if self.inferred
            else "chosen for the study"
            if self.codes
            else "every territory the partners name"
        )
        return f"Study area: {self.name}, {count} — {how}"


def _named(dataset: Dataset) -> dict[str, set[str]]:
    """The territory codes each organisation names (itself or through its services)."""
    frame = dataset.organisation_columns().frame
    named: dict[str, set[str]] = {
        org: set(codes) for org, codes in frame.select("id", "territories").iter_rows()
    }
    for service in dataset.services:
        named.setdefault(service.organisation, set()).update(service.territories)
    return named


def infer_codes(dataset: Dataset) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The inferred area's codes (sorted; empty when no partner is local) and the
    organisations named only at a wider level that serve it."""
    named = _named(dataset)
    tree = TerritoryTree(dataset.territories, named=[c for codes in named.values() for c in codes])
    levels = any(tree.level(code) for code in tree.codes)
    # Each distinct code is judged once (a national file names 60,000 organisations but a
    # few thousand codes).
    distinct = {code for codes in named.values() for code in codes if code in tree}
    grouping = {
        code: _grouping(tree, code, levels) for code in distinct if _is_local(tree, code, levels)
    }
    area: set[str] = set()
    local_orgs: set[str] = set()
    for org, codes in named.items():
        for code in codes:
            found = grouping.get(code)
            if found is not None:
                local_orgs.add(org)
                area.update(found)
    if not area:
        return (), ()
    leaves = tree.leaves_served_by(area)
    serving: dict[frozenset[str], bool] = {}
    wider: list[str] = []
    for org, codes in named.items():
        if org in local_orgs:
            continue
        key = frozenset(codes)
        if key not in serving:
            serving[key] = bool(tree.leaves_served_by(codes) & leaves)
        if serving[key]:
            wider.append(org)
    return tuple(sorted(area)), tuple(sorted(wider))


def _is_local(tree: TerritoryTree, code: str, levels: bool) -> bool:
    level = tree.level(code)
    if levels and level:
        return fold(level) in LOCAL_LEVELS
    return tree.is_leaf(code) or all(tree.is_leaf(child) for child in tree.children(code))


def _grouping(tree: TerritoryTree, code: str, levels: bool) -> set[str]:
    """The EPCI(s) a local territory lies in, or the territory itself."""
    if levels:
        if fold(tree.level(code) or "") in GROUPING_LEVELS:
            return {code}
        found = {a for a in tree.ancestors(code) if fold(tree.level(a) or "") in GROUPING_LEVELS}
        return found or {code}
    if not tree.is_leaf(code):
        return {code}
    found = {
        p for p in tree.parents(code) if all(tree.is_leaf(child) for child in tree.children(p))
    }
    return found or {code}


def describe_area(
    tree: TerritoryTree,
    codes: tuple[str, ...],
    *,
    inferred: bool,
    wider: tuple[str, ...] = (),
    lang: Lang = "fr",
) -> StudyArea:
    """The :class:`StudyArea` of ``codes`` in ``tree`` (every leaf when ``codes`` is empty)."""
    leaves = tree.leaves
    populations = [tree.population(leaf) for leaf in leaves]
    population = None if any(p is None for p in populations) else sum(p or 0 for p in populations)
    names = [tree.name(code) for code in codes if code in tree]
    if not names:
        name = "tous les territoires des données" if lang == "fr" else "every territory of the data"
    elif len(names) <= 3:
        joined = ", ".join(names[:-1])
        name = f"{joined} {'et' if lang == 'fr' else 'and'} {names[-1]}" if joined else names[0]
    else:
        more = len(names) - 2
        name = (
            f"{names[0]}, {names[1]} et {more} autres"
            if lang == "fr"
            else f"{names[0]}, {names[1]} and {more} more"
        )
    return StudyArea(codes, name, len(leaves), population, inferred, wider)
