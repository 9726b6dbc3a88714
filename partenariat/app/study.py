"""A study: one data folder (or workbook) read, validated and coded once, its settings, its
study area, and its analyses computed when first asked.

Every front end (the command line, a script, a notebook) opens a :class:`Study` and asks
it; the same data gives the same answers whichever way it came in.

Examples:
    >>> study = Study.open("examples/melun-val-de-seine")
    >>> sections = study.sections()
    >>> len(sections.coverage.gaps), "structure" in vars(sections)  # only what was asked
    (59, False)
    >>> study.diagnose() is study.diagnose(), study.diagnose().summary["organisations"]
    (True, 40)
    >>> sorted(name for name, _ in study.fingerprints())[:2]
    ['interventions.csv', 'liens.csv']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from partenariat.analysis.options import DiagnosisOptions
from partenariat.errors import InputError, PartenariatError
from partenariat.i18n import Lang
from partenariat.io.folder import Source, input_paths, read
from partenariat.io.frames import MEMORY
from partenariat.model import Dataset
from partenariat.network import Network
from partenariat.problems import ValidationReport
from partenariat.settings import StudySettings as StudySettings  # the app's type too
from partenariat.settings import read_settings

if TYPE_CHECKING:  # the analyses are imported when asked (a map needs few of them)
    from partenariat.analysis.diagnosis import Diagnosis, Sections
    from partenariat.app.tables import Table
    from partenariat.export.html_map import MapView
    from partenariat.study_area import StudyArea

#: What the analyses are asked (the name the application has always used).
AnalysisOptions = DiagnosisOptions


class ScopeError(PartenariatError, LookupError):
    """A territory of the study area that cannot be found (a code or name unknown)."""


@dataclass(frozen=True)
class Study:
    """One data folder (or workbook, or tables in memory), read, validated and coded once.

    ``network`` is coded over the study area; ``settings`` are those of the folder's
    ``partenariat.toml`` (see :mod:`partenariat.settings`) with what the caller gave
    winning over them. ``path`` is the folder or workbook read; for tables given in
    memory it is ``Path("<memory>")`` (:data:`partenariat.io.frames.MEMORY`), which
    names no file: such a study has no :meth:`inputs`.
    """

    path: Path
    dataset: Dataset
    validation: ValidationReport
    network: Network
    inferred: bool = False
    """Whether the study area was inferred from the local partners (no ``scope``)."""
    wider_partners: tuple[str, ...] = ()
    lang: Lang = "fr"
    settings: StudySettings = field(default_factory=StudySettings)

    @classmethod
    def open(
        cls,
        path: Source,
        *,
        scope: tuple[str, ...] | None = None,
        settings: StudySettings | None = None,
        today: dt.date | None = None,
        lang: Lang | None = None,
        stale_after: int | None = None,
        infer: bool = True,
    ) -> Study:
        """Read and validate ``path``; raises :class:`InputError` when the data has errors,
        :class:`ScopeError` for a territory of ``scope`` that cannot be found, and
        :class:`~partenariat.errors.PartenariatError` for a study file that cannot be used.

        ``settings``: the study file's settings (read from ``path/partenariat.toml`` when
        not given); ``scope``, ``lang`` and ``stale_after`` (years without update after
        which an entry is stale, default 2) win over them. Without a scope, the study
        area is inferred from the local partners (see :mod:`partenariat.study_area`) when
        the territories are France's; a territory file of the user's own is the area as
        it is.

        ``path`` may also be a mapping of table name (``organisations``, ``links`` or
        ``liens``, ``territories`` or ``territoires``, ``services``, ``interventions``) to
        a pandas or polars DataFrame or a list of dicts, read by the same rules as files
        (see :mod:`partenariat.io.frames`): each problem is located in the table named as
        given, at the row number a spreadsheet would show (the header is line 1). Such a
        study has no study file (``settings`` default to none), its ``path`` is
        ``Path("<memory>")``, its :meth:`fingerprints` are the SHA-256 of each table's
        canonical CSV text and its :meth:`inputs` are none. Raises :class:`TypeError` for
        a table of another type.

        >>> study = Study.open({
        ...     "organisations": [
        ...         {"id": "A", "nom": "CCAS", "territoires": 77288, "domaines": "logement"},
        ...         {"id": "B", "nom": "CAF", "territoires": 77288, "domaines": "famille"},
        ...     ],
        ...     "liens": [{"source": "A", "cible": "B"}],
        ... })
        >>> str(study.path), study.inputs(), [name for name, _ in study.fingerprints()]
        ('<memory>', (), ['liens', 'organisations'])
        >>> study.diagnose().summary["links"]
        1
        """
        if not isinstance(path, Mapping) and not Path(path).exists():
            import errno
            import os

            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))
        if settings is None:
            settings = StudySettings() if isinstance(path, Mapping) else read_settings(path)
        dataset, validation = read(
            path,
            today=today,
            stale_after=stale_after if stale_after is not None else settings.stale_after_years,
        )
        if not validation.valid:
            raise InputError(validation)
        return cls.of(
            MEMORY if isinstance(path, Mapping) else Path(path),
            dataset,
            validation,
            scope=settings.scope if scope is None else scope,
            settings=settings,
            lang=lang or settings.lang or "fr",
            infer=infer,
        )

    @classmethod
    def of(
        cls,
        path: Path,
        dataset: Dataset,
        validation: ValidationReport,
        *,
        scope: tuple[str, ...] = (),
        settings: StudySettings | None = None,
        lang: Lang = "fr",
        infer: bool = True,
    ) -> Study:
        """The study of a dataset already read and valid, over ``scope`` (inferred when
        empty and ``infer``)."""
        from partenariat.scope import with_scope
        from partenariat.study_area import infer_codes

        wider: tuple[str, ...] = ()
        inferred = False
        if infer and not scope and dataset.on_reference():
            scope, wider = infer_codes(dataset)
            inferred = bool(scope)
        try:
            network = with_scope(Network(dataset), scope)
        except PartenariatError as error:
            raise ScopeError(str(error), french=error.french) from None
        return cls(
            path,
            dataset,
            validation,
            network,
            inferred,
            wider,
            lang,
            settings or StudySettings(),
        )

    def in_language(self, lang: Lang) -> Study:
        """The same study, its words in ``lang`` (nothing is read or computed again)."""
        return self if lang == self.lang else replace(self, lang=lang)

    @cached_property
    def area(self) -> StudyArea:
        """The study area, named (built when an output asks for it)."""
        from partenariat.analysis.offers import offer_index
        from partenariat.study_area import describe_area

        return describe_area(
            offer_index(self.network).tree,
            self.network.scope,
            inferred=self.inferred,
            wider=self.wider_partners,
            lang=self.lang,
        )

    @property
    def title(self) -> str | None:
        """The study's title, from its study file (``None`` when it has none)."""
        return self.settings.title

    def options(self, **given: Any) -> DiagnosisOptions:
        """The analysis options of this study: ``given`` wins over the study file (whose
        reference fields apply when no ``fields`` are given)."""
        if not given.get("fields"):
            given["fields"] = self.settings.fields
        return DiagnosisOptions(**given)

    def sections(self, options: DiagnosisOptions | None = None) -> Sections:
        """The analyses of this study under ``options`` (the study's own by default), each
        computed when first asked, once per options."""
        from partenariat.analysis.diagnosis import sections

        return sections(self.network, options or self.options())

    def diagnose(self, options: DiagnosisOptions | None = None) -> Diagnosis:
        """Every analysis, computed once per options."""
        return self.sections(options).diagnosis

    def show(
        self,
        *,
        color_by: Literal["type", "field", "community", "territory"] = "type",
        size_by: Literal["degree", "betweenness"] = "degree",
        title: str | None = None,
        height: int = 650,
    ) -> MapView:
        """The interactive map, inline in a Jupyter notebook (the last expression of a
        cell; nothing written to disk): organisations coloured by ``color_by``, sized by
        ``size_by``, in the study's language.

        >>> view = Study.open("examples/melun-val-de-seine").show(color_by="field")
        >>> view._repr_html_().startswith("<iframe srcdoc=")
        True
        """
        from partenariat.export.html_map import MapOptions, show

        options = MapOptions(
            color_by=color_by, size_by=size_by, lang=self.lang, title=title or self.title
        )
        return show(self.network, options, height=height)

    # -- named tables (see :mod:`partenariat.app.tables`): names beside ids, to_polars(),
    # to_pandas(), to_dict(); each computes only the section it reads.

    def gaps(self, options: DiagnosisOptions | None = None) -> Table:
        """Territories and fields nobody serves (territory, territory_name, field,
        population).

        >>> Study.open("examples/melun-val-de-seine").gaps().columns[:2]
        ('territory', 'territory_name')
        """
        return self._table("gaps", options)

    def thin_cells(self, options: DiagnosisOptions | None = None) -> Table:
        """Cells served by one organisation only, with its name."""
        return self._table("thin_cells", options)

    def coverage(self, options: DiagnosisOptions | None = None) -> Table:
        """The coverage matrix in long form: one row per territory and field."""
        return self._table("coverage", options)

    def overlaps(self, options: DiagnosisOptions | None = None) -> Table:
        """Overlapping offers, with the organisations' names."""
        return self._table("overlaps", options)

    def isolated(self, options: DiagnosisOptions | None = None) -> Table:
        """Isolated organisations (organisation, name, reason)."""
        return self._table("isolated", options)

    def brokers(self, options: DiagnosisOptions | None = None) -> Table:
        """Brokers (organisation, name, cut_off, degree)."""
        return self._table("brokers", options)

    def centrality(self, options: DiagnosisOptions | None = None) -> Table:
        """Every organisation's degree and betweenness, most central first."""
        return self._table("centrality", options)

    def suggestions(self, options: DiagnosisOptions | None = None) -> Table:
        """The partnerships worth creating, ranked, with both organisations' names."""
        return self._table("suggestions", options)

    def cases(self, options: DiagnosisOptions | None = None) -> Table:
        """The support of each case (empty when the study has no interventions)."""
        return self._table("cases", options)

    def measures(self, options: DiagnosisOptions | None = None) -> Table:
        """The network's measures, one row each (measure, value)."""
        return self._table("measures", options)

    def _table(self, name: str, options: DiagnosisOptions | None) -> Table:
        from partenariat.app.tables import TABLES

        return TABLES[name](self, options)

    def _repr_html_(self) -> str:
        """A one-screen summary in a notebook: the study area and the headline counts
        (the analyses are computed when this is shown)."""
        import html

        summary = self.diagnose().summary
        rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(key)}</th>"
            f"<td>{html.escape(str(summary[key]))}</td></tr>"
            for key in (
                "organisations",
                "links",
                "fields",
                "gaps",
                "overlaps",
                "uncoordinated_overlaps",
                "isolated",
                "brokers",
                "suggestions",
                "cases",
                "fragmented_cases",
            )
            if key in summary
        )
        area = html.escape(self.area.describe(self.lang))
        title = html.escape(self.title or str(self.path))
        return f"<div><strong>{title}</strong><p>{area}</p><table>{rows}</table></div>"

    def __repr__(self) -> str:
        counts = self.dataset.counts()
        return (
            f"<Study {str(self.path)!r}: {counts['organisations']} organisations, "
            f"{counts['links']} links, area {', '.join(self.network.scope) or 'all'}>"
        )

    def to_networkx(self, *, directed: bool = False) -> Any:
        """The network as networkx users expect it (see :func:`partenariat.graphs.to_networkx`):
        an ``nx.Graph`` with one edge per partnership and flat attributes that
        ``nx.write_graphml`` and ``nx.write_gexf`` accept; ``directed=True``, an
        ``nx.MultiDiGraph`` where referral and funding keep their direction.

        >>> graph = Study.open("examples/melun-val-de-seine").to_networkx()
        >>> graph.number_of_nodes(), graph.nodes["caf77"]["name"]
        (40, 'CAF de Seine-et-Marne')
        """
        from partenariat.graphs import to_networkx

        return to_networkx(self.network, directed=directed)

    def inputs(self) -> tuple[Path, ...]:
        """The files the reader used (an output must never replace one of them); none for
        tables given in memory."""
        if self.path == MEMORY:
            return ()
        return tuple(input_paths(self.path))

    def fingerprints(self) -> tuple[tuple[str, str], ...]:
        """The name and SHA-256 of each input file the reader used, sorted by name (from
        the bytes it read: no file is opened again); for tables given in memory, of each
        table's canonical CSV text, under the table's name."""
        return self.validation.sources


def settings_of(path: str | Path) -> StudySettings:
    """The settings of the study file of the data folder ``path`` (none for a workbook or
    a folder without ``partenariat.toml``); raises
    :class:`~partenariat.errors.PartenariatError` for a study file that cannot be used.

    >>> settings_of("examples/melun-val-de-seine").title is None
    True
    """
    return read_settings(path)


def inputs_of(path: str | Path) -> tuple[Path, ...]:
    """The files a study of ``path`` reads: its tables (or workbook) and its study file, so
    that an output can be refused before anything is computed.

    >>> sorted(p.name for p in inputs_of("examples/melun-val-de-seine"))[:2]
    ['interventions.csv', 'liens.csv']
    """
    found = list(input_paths(path))
    settings = Path(path) / "partenariat.toml"
    if settings.is_file():
        found.append(settings)
    return tuple(found)


def reference_fields(path: str | Path) -> tuple[str, ...]:
    """The reference list of fields in the file ``path`` (one per line, or a CSV column
    ``domaine``); raises :class:`InputError` for a file that cannot be read."""
    from partenariat.io.reference import read_field_list

    return read_field_list(path)


def parse_day(text: str) -> dt.date | None:
    """A date as users write it (``YYYY-MM-DD`` or ``DD/MM/YYYY``), ``None`` when it is not
    one.

    >>> parse_day("24/11/2026"), parse_day("31/02/2026")
    (datetime.date(2026, 11, 24), None)
    """
    from partenariat.io.values import parse_date

    return parse_date(text)
