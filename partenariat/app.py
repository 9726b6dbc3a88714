"""The application layer: load a data folder once, diagnose it once, hand results to renderers.

A :class:`Study` is what every command works on: the dataset and its validation report read
once, the network built once (over the study area when a scope is given), and the known
input files with their fingerprints. Its analyses are computed once per options and shared
by every output of the run (text, JSON, CSV, map, report).

Examples:
    >>> study = Study.open("examples/melun-val-de-seine")
    >>> diagnosis = study.diagnose(AnalysisOptions())
    >>> diagnosis is study.diagnose(AnalysisOptions()), diagnosis.summary["organisations"]
    (True, 40)
    >>> sorted(name for name, _ in study.fingerprints())[:2]
    ['interventions.csv', 'liens.csv']
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from partenariat.analysis.cases import CROWDED
from partenariat.analysis.offers import FieldLevel
from partenariat.errors import InputError
from partenariat.i18n import Lang
from partenariat.io.folder import input_paths, read
from partenariat.model import Dataset
from partenariat.network import Network
from partenariat.problems import ValidationReport
from partenariat.study_area import StudyArea, describe_area, infer_codes
from partenariat.territory import LEAVES

if TYPE_CHECKING:  # the analyses are imported when asked (a map needs few of them)
    from partenariat.analysis.compare import Evolution
    from partenariat.analysis.diagnosis import Diagnosis


@dataclass(frozen=True)
class AnalysisOptions:
    """What the analyses are asked (see :func:`partenariat.analysis.diagnosis.diagnose`)."""

    level: str = LEAVES
    fields: tuple[str, ...] = ()
    by_public: bool = False
    resolution: float = 1.0
    at: dt.date | None = None
    crowded: int = CROWDED
    field_level: FieldLevel = "sub"


@dataclass(frozen=True)
class Study:
    """One data folder (or workbook), read, validated and coded once."""

    path: Path
    dataset: Dataset
    validation: ValidationReport
    network: Network
    inferred: bool = False
    """Whether the study area was inferred from the local partners (no ``scope``)."""
    wider_partners: tuple[str, ...] = ()
    lang: Lang = "fr"

    @cached_property
    def area(self) -> StudyArea:
        """The study area, named (built when an output asks for it)."""
        from partenariat.analysis.offers import offer_index

        return describe_area(
            offer_index(self.network).tree,
            self.network.scope,
            inferred=self.inferred,
            wider=self.wider_partners,
            lang=self.lang,
        )

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        today: dt.date | None = None,
        scope: tuple[str, ...] = (),
        lang: Lang = "fr",
        stale_after: int | None = None,
        infer: bool = True,
        diagnosing: float | None = None,
    ) -> Study:
        """Read and validate ``path`` (``stale_after``: years without update after which an
        entry is stale, default 2); raises :class:`InputError` when the data has errors,
        :class:`~partenariat.errors.PartenariatError` for a scope that cannot be read.

        Without ``scope`` the study area is inferred from the local partners (see
        :mod:`partenariat.study_area`) when the territories are France's; a territory file
        of the user's own is the area as it is. With ``scope``, the scope is the area.

        ``diagnosing``: the resolution of the communities of a diagnosis to come; what igraph
        computes for it (see :func:`~partenariat.analysis.structure.start_betweenness`)
        then begins as soon as the organisations and links are read, while the other tables
        are read and the study area is inferred.
        """
        from partenariat.scope import on_reference, with_scope

        graph: list[Network] = []
        dataset, validation = read(
            path,
            today=today,
            stale_after=stale_after,
            graph_read=_graph_starter(diagnosing, graph),
        )
        if not validation.valid:
            raise InputError(validation)
        wider: tuple[str, ...] = ()
        inferred = False
        read_network = Network(dataset)
        if graph and graph[0].ids == read_network.ids:  # the same codes, pairs, graph work
            read_network.share_graph(graph[0])
        if infer and not scope and on_reference(dataset):
            scope, wider = infer_codes(dataset)
            inferred = bool(scope)
        network = with_scope(read_network, scope)
        network.share_graph(read_network)
        return cls(Path(path), dataset, validation, network, inferred, wider, lang)

    def diagnose(self, options: AnalysisOptions) -> Diagnosis:
        """Every analysis, computed once per options."""
        from partenariat.analysis.diagnosis import diagnose

        return diagnose(
            self.network,
            level=options.level,
            fields=options.fields,
            by_public=options.by_public,
            resolution=options.resolution,
            at=options.at,
            crowded=options.crowded,
            field_level=options.field_level,
        )

    def fingerprints(self) -> tuple[tuple[str, str], ...]:
        """The SHA-256 of each input file the reader used (never of other files)."""
        return fingerprints(self.path)


def _graph_starter(
    resolution: float | None, started: list[Network]
) -> Callable[[Dataset], None] | None:
    """What begins the graph work of a diagnosis at ``resolution`` (see
    :func:`~partenariat.analysis.structure.start_betweenness`) as soon as the organisations
    and links are read, while the other tables are; the network it works on is added to
    ``started``."""
    if resolution is None:
        return None

    def start(organisations_and_links: Dataset) -> None:
        from partenariat.analysis.structure import start_betweenness

        started.append(Network(organisations_and_links))
        start_betweenness(started[-1], resolution)

    return start


def fingerprints(path: str | Path) -> tuple[tuple[str, str], ...]:
    """The name and SHA-256 of each input file of the folder or workbook at ``path``, sorted
    by name; files the reader ignores are neither named nor read."""
    found = []
    for file in input_paths(path):
        digest = hashlib.sha256()
        with file.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
        found.append((file.name, digest.hexdigest()))
    return tuple(sorted(found))


def compare_paths(
    old: str | Path,
    new: str | Path,
    *,
    scope: tuple[str, ...] = (),
    today: dt.date | None = None,
    lang: Lang = "fr",
) -> tuple[Study, Study, Evolution]:
    """Read two snapshots and compare them over one study area: ``scope`` when given,
    otherwise the area inferred from the **new** snapshot, used for the old one too.

    >>> _, _, evolution = compare_paths("examples/melun-val-de-seine",
    ...                                 "examples/melun-val-de-seine")
    >>> evolution.added, evolution.links_added, evolution.gaps_opened
    ((), (), ())
    """
    from partenariat.analysis.compare import compare
    from partenariat.errors import PartenariatError

    after = Study.open(new, today=today, scope=scope, lang=lang)
    try:
        before = Study.open(old, today=today, scope=after.network.scope, lang=lang, infer=False)
    except InputError:
        raise
    except PartenariatError as error:
        raise PartenariatError(
            f"{old}: {error}", french=f"{old}\u00a0: {error.text('fr')}"
        ) from None
    return before, after, compare(before.network, after.network)
