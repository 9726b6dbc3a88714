"""The shared diagnosis (*diagnostic partagé*): one document to open, print or send.

:func:`build_report` gathers every analysis into a :class:`Report` — sections of figures,
tables and charts — that renders as one self-contained HTML page (:func:`report_html`,
with the interactive map embedded) or as Markdown (:func:`report_markdown`, same content
without the map). Case data appears only as aggregates, every count of cases under the
privacy threshold shown as ``< 5``, unless ``show_cases`` is asked.

A renderer: it is handed the network, the validation and the files' fingerprints (those
of :class:`~partenariat.app.study.Study`), and never reads a file.

Examples:
    >>> import datetime
    >>> from partenariat.app.study import Study
    >>> today = datetime.date(2026, 1, 5)
    >>> study = Study.open("examples/melun-val-de-seine", today=today)
    >>> report = build_report(study.network, diagnosis=study.diagnose(), area=study.area,
    ...                       validation=study.validation, files=study.fingerprints(),
    ...                       today=today)
    >>> [s.key for s in report.sections]  # doctest: +NORMALIZE_WHITESPACE
    ['brief', 'coverage', 'overlaps', 'isolated', 'structure', 'cases', 'suggestions',
     'quality', 'map', 'method']
    >>> report_markdown(report).splitlines()[0]
    '# Diagnostic partagé du réseau partenarial'
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from partenariat import __version__
from partenariat.analysis.cases import CasesResult
from partenariat.analysis.coverage import CoverageResult
from partenariat.analysis.diagnosis import Diagnosis
from partenariat.analysis.measures import ROLES, Measures
from partenariat.analysis.offers import offer_index
from partenariat.analysis.survey import SurveyResult
from partenariat.export.charts import bar_chart_svg, heatmap_svg, histogram_svg, size_bins
from partenariat.export.html_map import CSP, MapOptions, map_html
from partenariat.export.shared_tables import file_name
from partenariat.export.survey_text import level_name, rating_text
from partenariat.export.tables import csv_bytes
from partenariat.export.text import suggestion_reason
from partenariat.i18n import MESSAGES, Lang, date_text, t
from partenariat.network import Network
from partenariat.output import check_free, write_safely
from partenariat.problems import ValidationReport, problem_label
from partenariat.render import number, percent
from partenariat.staleness import STALE_AFTER_YEARS, is_stale
from partenariat.study_area import StudyArea

#: Counts of cases under this are shown as "< 5" in shared outputs.
PRIVACY_THRESHOLD = 5
#: At most this many territories in the heatmap (the most populated).
HEATMAP_ROWS = 40
#: The partnerships to create the report lists, most impact first (the rest in the table).
SUGGESTIONS_SHOWN = 10


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


@dataclass(frozen=True)
class Chart:
    key: str
    svg: str
    alt: str


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    paragraphs: tuple[str, ...] = ()
    figures: tuple[tuple[str, str], ...] = ()
    charts: tuple[Chart, ...] = ()
    tables: tuple[Table, ...] = ()


@dataclass(frozen=True)
class Report:
    """Everything the document says, ready to render."""

    title: str
    subtitle: str
    lang: Lang
    sections: tuple[Section, ...]
    map_page: str | None = None
    fingerprints: tuple[tuple[str, str], ...] = field(default=())
    geo_page: str | None = None
    """The geographic map, when the study area's communes have bundled outlines."""

    def tables(self) -> tuple[Table, ...]:
        return tuple(table for section in self.sections for table in section.tables)


# ---------------------------------------------------------------------------- building


def build_report(
    network: Network,
    *,
    diagnosis: Diagnosis,
    validation: ValidationReport | None = None,
    files: tuple[tuple[str, str], ...] = (),
    lang: Lang = "fr",
    today: dt.date | None = None,
    level: str = "leaves",
    limit: int = 15,
    show_cases: bool = False,
    threshold: int = PRIVACY_THRESHOLD,
    with_map: bool = True,
    area: StudyArea | None = None,
    title: str | None = None,
    tables_dir: str | None = None,
    stale_after: int | None = None,
) -> Report:
    """The report of ``network`` and its ``diagnosis`` (see the module docstring; ``level``
    names the diagnosis' coverage level in the method); ``area`` names the study area in
    the header; ``tables_dir``, where the complete tables are written (see
    :mod:`partenariat.export.shared_tables`), is named under each cut table."""
    day = today or dt.date.today()
    result = diagnosis
    builder = _Builder(network, result, lang, limit, threshold, show_cases, day, tables_dir)
    builder.stale_after = stale_after or STALE_AFTER_YEARS
    sections = [
        builder.brief(),
        builder.coverage(),
        builder.overlaps(),
        builder.isolated(),
        builder.structure(),
    ]
    if result.cases is not None:
        sections.append(builder.cases(result.cases))
    if result.survey is not None:
        sections.append(builder.survey(result.survey))
    sections += [builder.suggestions(), builder.quality(validation)]
    map_page = map_html(network, MapOptions(lang=lang)) if with_map else None
    geo_page = _geo_page(network, lang) if with_map else None
    if map_page is not None:
        communes = len(offer_index(network).tree.leaves)
        geo_note = (
            (t("geo_intro", lang),)
            if geo_page
            else (t("geo_too_large", lang, n=number(GEO_MAP_MAX_COMMUNES)),)
            if communes > GEO_MAP_MAX_COMMUNES
            else ()
        )
        intro = (t("map_intro", lang), *geo_note)
        sections.append(Section("map", t("map_section", lang), intro))
    sections.append(builder.method(files, day, level))
    file_names = ", ".join(name for name, _ in files) or "—"
    return Report(
        title=title or t("report_title", lang),
        subtitle=t("report_subtitle", lang, date=date_text(day, lang), files=file_names)
        + (f" — {area.describe(lang)}" if area is not None else ""),
        lang=lang,
        sections=tuple(sections),
        map_page=map_page,
        fingerprints=files,
        geo_page=geo_page,
    )


#: Above this many communes in the study area, the report does not embed the geographic
#: map (a national page of 35,000 outlines is neither quick nor readable);
#: ``partenariat map --geo`` still draws it.
GEO_MAP_MAX_COMMUNES = 3_000


def _geo_page(network: Network, lang: Lang) -> str | None:
    """The geographic map of the report, or nothing when the territories are not French
    communes with an outline, or too many."""
    from partenariat.export.geo_map import GeoOptions, NoOutlineError, geo_map_html

    if len(offer_index(network).tree.leaves) > GEO_MAP_MAX_COMMUNES:
        return None
    try:
        return geo_map_html(network, GeoOptions(lang=lang))
    except NoOutlineError:
        return None


class _Builder:
    def __init__(
        self,
        network: Network,
        result: Diagnosis,
        lang: Lang,
        limit: int,
        threshold: int,
        show_cases: bool,
        today: dt.date,
        tables_dir: str | None = None,
    ) -> None:
        self.stale_after = STALE_AFTER_YEARS
        self.tables_dir = tables_dir
        self.today = today
        self.network = network
        self.result = result
        self.lang = lang
        self.limit = limit
        self.threshold = threshold
        self.show_cases = show_cases

    def name(self, org: str) -> str:
        return self.network.name(org)

    def masked_part(self, part: int, total: int, share: float | None) -> str:
        """A count of cases out of a published total, with its share: hidden (share
        included) when it or the rest of the total is under the privacy threshold, so that
        neither can be recomputed."""
        rest = total - part
        small = any(0 < n < self.threshold for n in (part, rest))
        if self.show_cases or not small:
            return number(part) + (f" ({percent(share)})" if share is not None else "")
        return (
            f"< {self.threshold}"
            if part < self.threshold
            else ("masqué" if self.lang == "fr" else "hidden")
        )

    def masked(self, count: int) -> str:
        """A count of cases, hidden under the privacy threshold unless cases are shown."""
        if self.show_cases or count == 0 or count >= self.threshold:
            return number(count)
        return f"< {self.threshold}"

    def brief(self) -> Section:
        lang, s = self.lang, self.result.summary
        figures = [
            (t("organisations", lang).capitalize(), number(s["organisations"])),
            (t("links", lang).capitalize(), number(s["links"])),
            (t("territories_examined", lang).capitalize(), number(s["level_territories"])),
            (t("fields", lang).capitalize(), number(s["fields"])),
            (t("gaps", lang), number(s["gaps"])),
            (
                f"{t('overlaps', lang)} ({t('uncoordinated', lang)})",
                number(s["uncoordinated_overlaps"]),
            ),
            (t("isolated", lang), number(s["isolated"])),
        ]
        cases = self.result.cases
        if cases is not None:
            figures.insert(4, (t("cases", lang).capitalize(), self.masked(len(cases.cases))))
            figures.append((t("fragmented_list", lang), self.masked(cases.fragmented)))
        return Section("brief", t("in_brief", lang), figures=tuple(figures))

    def coverage(self) -> Section:
        lang, cov = self.lang, self.result.coverage
        rows = _heatmap_rows(cov)
        shown = rows[:HEATMAP_ROWS]
        width = len(cov.fields)
        counts = [[c.organisations for c in cov.cells[i * width : (i + 1) * width]] for i in shown]
        statuses = [[c.status for c in cov.cells[i * width : (i + 1) * width]] for i in shown]
        labels = [cov.names[i] for i in shown]
        charts = (
            [
                Chart(
                    "heatmap",
                    heatmap_svg(labels, cov.fields, counts, statuses),
                    t("coverage_section", lang),
                )
            ]
            if labels and cov.fields
            else []
        )
        by_field = sorted(
            cov.by_field,
            key=lambda f: (-(f.uncovered_population or 0), -f.uncovered_leaves, f.field),
        )
        uncovered = [f for f in by_field if (f.uncovered_population or f.uncovered_leaves)]
        if uncovered:
            values = [
                float(
                    f.uncovered_population
                    if f.uncovered_population is not None
                    else f.uncovered_leaves
                )
                for f in uncovered
            ]
            charts.append(
                Chart(
                    "uncovered",
                    bar_chart_svg([f.field for f in uncovered], values, title=t("uncovered", lang)),
                    t("uncovered", lang),
                )
            )
        paragraphs = [t("coverage_intro", lang)]
        if len(rows) > len(shown):
            paragraphs.append(t("heatmap_cut", lang, shown=len(shown), total=len(rows)))
        gaps = Table(
            "gaps",
            t("top_gaps", lang),
            (t("territory", lang), t("field", lang), t("population", lang)),
            tuple((g.name, g.field, number(g.population)) for g in cov.gaps[: self.limit]),
            _more_note(len(cov.gaps), self.limit, lang, "gaps", self.tables_dir),
        )
        fields_table = Table(
            "coverage_by_field",
            t("uncovered", lang),
            (
                t("field", lang),
                t("organisations", lang).capitalize(),
                t("uncovered_leaves", lang),
                t("population", lang),
            ),
            tuple(
                (
                    f.field,
                    number(f.organisations),
                    f"{f.uncovered_leaves}/{f.leaves}",
                    number(f.uncovered_population),
                )
                for f in by_field
            ),
        )
        figures = (
            (t("gaps", lang), number(len(cov.gaps))),
            (t("thin", lang), number(len(cov.thin_cells))),
        )
        return Section(
            "coverage",
            t("coverage_section", lang),
            tuple(paragraphs),
            figures,
            tuple(charts),
            (gaps, fields_table),
        )

    def overlaps(self) -> Section:
        lang = self.lang
        found = self.result.overlaps
        rows = tuple(
            (
                o.field,
                o.public or t("every_public", lang),
                ", ".join(self.name(x) for x in o.organisations),
                number(len(o.territories)),
                f"{o.unlinked_pair_count}/{o.pair_count}",
            )
            for o in found[: self.limit]
        )
        table = Table(
            "overlaps",
            t("overlaps", lang),
            (
                t("field", lang),
                t("public", lang),
                t("organisations", lang).capitalize(),
                t("territories", lang).capitalize(),
                t("unlinked_pairs", lang),
            ),
            rows,
            _more_note(len(found), self.limit, lang, "overlaps", self.tables_dir),
        )
        uncoordinated = sum(1 for o in found if o.uncoordinated)
        return Section(
            "overlaps",
            t("overlaps", lang),
            (t("overlaps_help", lang),),
            (
                (t("overlaps", lang), number(len(found))),
                (t("uncoordinated", lang).capitalize(), number(uncoordinated)),
            ),
            tables=(table,),
        )

    def isolated(self) -> Section:
        lang, shape = self.lang, self.result.structure
        isolated = Table(
            "isolated",
            t("isolated", lang),
            (t("organisation", lang), t("reason", lang)),
            tuple((self.name(i.organisation), t(i.reason, lang)) for i in shape.isolated),
        )
        brokers = Table(
            "brokers",
            t("brokers", lang),
            (t("organisation", lang), t("cut_off", lang), t("degree", lang)),
            tuple(
                (self.name(b.organisation), number(b.cut_off), number(b.degree))
                for b in shape.brokers[: self.limit]
            ),
            t("brokers_help", lang),
        )
        return Section(
            "isolated", f"{t('isolated', lang)} — {t('brokers', lang)}", tables=(isolated, brokers)
        )

    def structure(self) -> Section:
        lang, shape = self.lang, self.result.structure
        figures: tuple[tuple[str, str], ...] = (
            (
                t("components_plain", lang),
                f"{len(shape.components)} ("
                + ", ".join(str(len(c)) for c in shape.components[:8])
                + ")",
            ),
            (t("density_plain", lang), percent(shape.density, precise=True, lang=lang)),
            (t("average_degree", lang), number(shape.average_degree, lang)),
            (t("centralisation_plain", lang), number(shape.degree_centralisation, lang)),
            (t("communities_plain", lang), number(len(shape.communities))),
            (t("formal_share", lang), percent(shape.formal_share)),
            (t("informal_share", lang), percent(shape.informal_share)),
            (t("cross_sector", lang), number(shape.cross_sector_partnerships)),
        )
        communities = Table(
            "communities",
            t("communities_plain", lang),
            ("#", t("members", lang)),
            tuple(
                (str(i), ", ".join(self.name(o) for o in group))
                for i, group in enumerate(shape.communities[: self.limit], 1)
                if len(group) > 1
            ),
        )
        central = Table(
            "centrality",
            t("central", lang),
            (t("organisation", lang), t("degree", lang), t("betweenness_plain", lang)),
            tuple(
                (self.name(c.organisation), number(c.degree), number(c.betweenness, lang))
                for c in shape.centrality[:10]
            ),
        )
        measured = self.result.measures
        tables: tuple[Table, ...] = (communities, central)
        notes: tuple[str, ...] = ()
        if measured is not None:
            figures += self.measure_figures(measured)
            tables += (self.brokerage_table(measured),)
            notes = (
                _more_note(len(measured.brokerage), self.limit, lang, "brokerage", self.tables_dir),
            )
        return Section(
            "structure",
            t("structure_section", lang),
            paragraphs=tuple(n for n in notes if n),
            figures=figures,
            tables=tables,
        )

    def measure_figures(self, measured: Measures) -> tuple[tuple[str, str], ...]:
        lang = self.lang
        mean = measured.mean_constraint
        view = measured.network_view
        return (
            (t("m_reciprocity", lang), percent(measured.reciprocity, missing="—")),
            (t("m_multiplexity", lang), percent(measured.multiplexity, missing="—")),
            (
                t("m_core", lang),
                t(
                    "m_core_value",
                    lang,
                    k=measured.core_periphery.k,
                    n=len(measured.core_periphery.core),
                ),
            ),
            (t("m_constraint", lang), number(mean, lang) if mean is not None else "—"),
            (t("m_duplication", lang), percent(view.get("duplication"), missing="—")),
        )

    def brokerage_table(self, measured: Measures) -> Table:
        lang = self.lang
        return Table(
            "brokerage",
            t("m_brokerage", lang, by=t(f"m_by_{measured.brokerage_group}", lang)),
            (t("organisation", lang), *(t(f"m_{role}", lang) for role in ROLES)),
            tuple(
                (self.name(r.organisation), *(number(getattr(r, role)) for role in ROLES))
                for r in measured.brokerage[: self.limit]
            ),
        )

    def survey(self, answers: SurveyResult) -> Section:
        """Se reconnaître: who answered, ties confirmed by both sides, ratings received,
        ties the links file does not know."""
        lang = self.lang
        name = self.name
        figures = (
            (t("r_response_rate", lang), percent(answers.response_rate)),
            (t("r_respondents", lang), f"{len(answers.respondents)} / {answers.organisations}"),
            (t("r_reciprocity", lang), percent(answers.reciprocity, missing="—")),
            (t("r_undocumented", lang), number(len(answers.undocumented_ties))),
        )
        paragraphs = [t("r_intro", lang)]
        if answers.non_respondents:
            shown = ", ".join(name(o) for o in answers.non_respondents[: self.limit])
            rest = len(answers.non_respondents) - self.limit
            paragraphs.append(
                t("survey_non_respondents", lang, n=len(answers.non_respondents))
                + " "
                + shown
                + (f" (+{rest})" if rest > 0 else "")
            )
        ratings = answers.rated()
        tables = (
            Table(
                "survey-asymmetric",
                t("survey_asymmetric", lang),
                (t("survey_named_by", lang), t("survey_not_confirmed_by", lang)),
                tuple((name(a), name(b)) for a, b in answers.asymmetric[: self.limit]),
            ),
            Table(
                "survey-ratings",
                t("survey_ratings", lang),
                (t("organisation", lang), t("survey_trust", lang), t("survey_value", lang)),
                tuple(
                    (
                        name(o),
                        rating_text(answers.trust_received.get(o), lang),
                        rating_text(answers.value_received.get(o), lang),
                    )
                    for o in ratings[: self.limit]
                ),
            ),
            Table(
                "survey-intensity",
                t("survey_intensity", lang),
                (t("survey_level", lang), t("count", lang)),
                tuple((level_name(k, lang), number(v)) for k, v in answers.intensity.items()),
            ),
            Table(
                "survey-undocumented",
                t("survey_undocumented", lang, n=len(answers.undocumented_ties)),
                (t("organisation", lang), t("organisation", lang)),
                tuple((name(a), name(b)) for a, b in answers.undocumented_ties[: self.limit]),
            ),
        )
        for key, total in (
            ("survey_asymmetric", len(answers.asymmetric)),
            ("survey_undocumented", len(answers.undocumented_ties)),
        ):
            note = _more_note(total, self.limit, lang, key, self.tables_dir)
            if note:
                paragraphs.append(f"{t(key, lang, n=total)} : {note}")
        return Section(
            "survey",
            t("r_survey_section", lang),
            paragraphs=tuple(paragraphs),
            figures=figures,
            tables=tuple(table for table in tables if table.rows),
        )

    def cases(self, cases: CasesResult) -> Section:
        lang = self.lang
        summary = cases.summary()
        share = summary["fragmented_share"]
        figures = [
            (t("cases", lang).capitalize(), self.masked(summary["cases"])),
            (
                t("fragmented_list", lang),
                self.masked_part(summary["fragmented"], summary["cases"], share),
            ),
            (
                t("case_sizes", lang),
                f"médiane {number(summary['organisations_per_case']['median'])}"
                f", max {summary['organisations_per_case']['max']}"
                if lang == "fr"
                else f"median {number(summary['organisations_per_case']['median'])}, "
                f"max {summary['organisations_per_case']['max']}",
            ),
            (t("concurrent", lang), self.masked(summary["with_concurrent"])),
        ]
        labels, counts = size_bins([len(c.organisations) for c in cases.cases])
        threshold = 1 if self.show_cases else self.threshold
        chart = Chart(
            "case_sizes",
            histogram_svg(
                labels,
                counts,
                threshold=threshold,
                small_label=f"< {self.threshold}",
                hidden_label="masqué" if lang == "fr" else "hidden",
                title=t("case_sizes", lang),
                xlabel=t("organisations", lang),
                ylabel=t("number_of_cases", lang),
            ),
            t("case_sizes", lang),
        )
        missing = Table(
            "missing_links",
            t("missing_links", lang),
            (t("organisations", lang).capitalize(), t("together", lang), t("reconnects", lang)),
            tuple(
                (
                    f"{self.name(m.organisations[0])} — {self.name(m.organisations[1])}",
                    self.masked(m.cases),
                    self.masked(m.reconnects),
                )
                for m in cases.missing_links[: self.limit]
            ),
            _more_note(
                len(cases.missing_links), self.limit, lang, "missing_links", self.tables_dir
            ),
        )
        presence = Table(
            "fragmented_presence",
            t("fragmented_presence", lang),
            (t("organisation", lang), t("fragmented_short", lang), t("cases", lang).capitalize()),
            tuple(
                (self.name(o), self.masked(f), self.masked(n))
                for o, f, n in cases.fragmented_presence[: self.limit]
            ),
        )
        tables = [missing, presence]
        if self.show_cases:
            tables.append(
                Table(
                    "cases",
                    t("cases", lang).capitalize(),
                    (
                        t("case", lang),
                        t("organisations", lang).capitalize(),
                        t("linked", lang),
                        t("pieces", lang),
                    ),
                    tuple(
                        (
                            c.case,
                            number(len(c.organisations)),
                            percent(c.linked_share),
                            number(c.components),
                        )
                        for c in cases.cases
                    ),
                )
            )
        return Section(
            "cases",
            t("cases_section", lang),
            (t("cases_intro", lang, threshold=self.threshold),),
            tuple(figures),
            (chart,),
            tuple(tables),
        )

    def suggestions(self) -> Section:
        lang = self.lang
        found = self.result.suggestions
        rows = tuple(
            (str(i), suggestion_reason(s, self.network, lang, cases=self.masked(s.cases)))
            for i, s in enumerate(found[:SUGGESTIONS_SHOWN], 1)
        )
        table = Table(
            "suggestions",
            t("suggestions", lang),
            ("#", t("why", lang)),
            rows,
            _more_note(len(found), SUGGESTIONS_SHOWN, lang, "suggestions", self.tables_dir),
        )
        return Section("suggestions", t("suggestions", lang), tables=(table,))

    def quality(self, validation: ValidationReport | None) -> Section:
        lang = self.lang
        problems = validation.warnings if validation else ()
        stale = tuple(
            (self.name(org.id), date_text(org.updated, lang))
            for org in sorted(
                self.network.dataset.organisations, key=lambda o: (o.updated or dt.date.max, o.id)
            )
            if org.updated and is_stale(org.updated, self.today, self.stale_after)
        )
        by_code = Counter(p.code for p in problems)
        examples: dict[str, list[str]] = {}
        for problem in problems:
            where = problem.file + (f":{problem.line}" if problem.line else "")
            examples.setdefault(problem.code, []).append(where)
        warnings = tuple(
            (problem_label(code, lang).capitalize(), number(count), ", ".join(examples[code][:3]))
            for code, count in sorted(by_code.items(), key=lambda item: (-item[1], item[0]))
        )
        tables = (
            Table(
                "stale_entries",
                t("stale_entries", lang),
                (t("organisation", lang), t("card_updated", lang)),
                stale,
            ),
            Table(
                "warnings",
                t("warnings", lang),
                (t("finding", lang), t("count", lang), t("examples", lang)),
                warnings,
                "" if warnings else t("no_problem", lang),
            ),
        )
        return Section("quality", t("quality_section", lang), tables=tables)

    def method(self, files: tuple[tuple[str, str], ...], day: dt.date, level: str) -> Section:
        lang = self.lang
        definitions = Table(
            "definitions",
            t("method_section", lang),
            (t("figure", lang), t("definition", lang)),
            tuple((_term(key, lang), text[0 if lang == "fr" else 1]) for key, text in DEFINITIONS),
        )
        fingerprint = Table(
            "fingerprint", t("fingerprint", lang), (t("file", lang), "SHA-256"), tuple(files)
        )
        level_name = t("leaves", lang) if level == "leaves" else level
        return Section(
            "method",
            t("method_section", lang),
            (t("generated_by", lang, version=__version__, level=level_name), date_text(day, lang)),
            tables=(definitions, fingerprint),
        )


def _term(key: str, lang: Lang) -> str:
    """A figure as the method names it: its plain name, and the technical term."""
    plain = f"{key}_plain"
    if plain in MESSAGES:
        return f"{t(plain, lang)} ({t(key, lang)})"
    return t(key, lang)


DEFINITIONS: tuple[tuple[str, tuple[str, str]], ...] = (
    (
        "gaps",
        (
            "Territoire et domaine où aucune organisation n'est recensée dans les données. "
            "Une organisation est comptée sur un territoire quand elle le nomme, ou nomme un "
            "territoire qui le contient. À un niveau supérieur aux communes, un territoire "
            "n'est une zone blanche que si aucune organisation n'y est recensée, même en "
            "partie.",
            "A territory and field that no organisation serves. An organisation serves a "
            "territory when it names it or a territory containing it. Above the most "
            "detailed level, a territory is a gap only when nobody serves any part of it.",
        ),
    ),
    (
        "thin",
        (
            "Territoire et domaine servis par une seule organisation.",
            "A territory and field served by a single organisation.",
        ),
    ),
    (
        "uncovered",
        (
            "Habitants des territoires les plus fins sans aucune organisation pour ce "
            "domaine (populations légales quand elles sont connues).",
            "Inhabitants of the most detailed territories with no organisation for "
            "the field (when populations are known).",
        ),
    ),
    (
        "overlaps",
        (
            "Organisations qui partagent un domaine, un territoire et un public (une "
            "organisation sans public précisé les sert tous) ; non coordonnées quand "
            "deux d'entre elles n'ont aucun lien.",
            "Organisations sharing a field, a territory and a public (one with no "
            "public listed serves them all); uncoordinated when two of them have no "
            "link.",
        ),
    ),
    (
        "isolated",
        (
            "Organisation sans aucun lien, ou dans un groupe séparé du réseau principal.",
            "An organisation with no link, or in a group apart from the main network.",
        ),
    ),
    (
        "brokers",
        (
            "Organisation dont le retrait couperait le réseau ; « isolerait » compte les "
            "organisations qui perdraient tout lien avec le reste.",
            "An organisation whose removal would split the network; “cuts off” counts "
            "the organisations that would lose every tie to the rest.",
        ),
    ),
    (
        "density",
        (
            "Liens existants rapportés à tous les liens possibles.",
            "Existing partnerships over all possible ones.",
        ),
    ),
    (
        "centralisation",
        (
            "1 pour une étoile autour d'un seul acteur, 0 quand tous ont autant de "
            "partenaires (Freeman).",
            "1 for a star around one actor, 0 when all have as many partners (Freeman).",
        ),
    ),
    (
        "communities",
        (
            "Groupes d'organisations plus liées entre elles qu'avec les autres "
            "(méthode de Leiden, graine fixe).",
            "Groups of organisations more linked among themselves than with the "
            "others (Leiden method, fixed seed).",
        ),
    ),
    (
        "fragmented_list",
        (
            "Situation dont les organisations forment plusieurs groupes sans lien entre eux.",
            "A case whose organisations form several groups with no link between them.",
        ),
    ),
    (
        "missing_links",
        (
            "Paires d'organisations qui suivent des situations ensemble sans "
            "aucun lien ; « reconnecte » : situations fragmentées dont ce lien "
            "relierait deux morceaux.",
            "Pairs of organisations following cases together with no link; "
            "“reconnects”: fragmented cases in which the link would join two "
            "pieces.",
        ),
    ),
    (
        "concurrent",
        (
            "Deux organisations du même domaine aux dates qui se chevauchent pour une "
            "même situation.",
            "Two organisations in the same field over overlapping dates for one case.",
        ),
    ),
    (
        "suggestions",
        (
            "Paires sans lien qui servent le même public au même endroit, dans le "
            "même domaine (mutualiser) ou dans des domaines que le réseau associe "
            "déjà (orientation) ; d'abord celles qui suivent déjà des situations "
            "ensemble.",
            "Unlinked pairs serving the same public in the same place, in the same "
            "field (pooling) or in fields the network already joins (referral); "
            "first those already following cases together.",
        ),
    ),
    (
        "stale_entries",
        (
            "Fiche dont la date de mise à jour a plus de deux ans.",
            "An entry whose update date is more than two years old.",
        ),
    ),
)


def _heatmap_rows(cov: CoverageResult) -> list[int]:
    """Territory indexes by population (largest first), then name."""
    return sorted(
        range(len(cov.territories)),
        key=lambda i: (-(cov.populations[i] or 0), cov.names[i], cov.territories[i]),
    )


def heatmap_order(cov: CoverageResult) -> list[str]:
    """The territory codes in heatmap row order (for readers of the SVG ids)."""
    return [cov.territories[i] for i in _heatmap_rows(cov)[:HEATMAP_ROWS]]


def _more_note(total: int, shown: int, lang: Lang, key: str, tables_dir: str | None) -> str:
    """What a cut table leaves out, and where the complete table is (or how to get it)."""
    if total <= shown:
        return ""
    if tables_dir is None:
        return (
            f"{shown} premiers sur {number(total)}\u00a0; le tableau complet\u00a0: "
            "partenariat report --csv-dir."
            if lang == "fr"
            else f"First {shown} of {number(total)}; the complete table: "
            "partenariat report --csv-dir."
        )
    where = f"{tables_dir.rstrip('/')}/{file_name(key, lang)}"
    return (
        f"{shown} premiers sur {number(total)}\u00a0; tableau complet\u00a0: {where}"
        if lang == "fr"
        else f"First {shown} of {number(total)}; complete table: {where}"
    )


# ---------------------------------------------------------------------------- rendering


def report_html(report: Report) -> str:
    """The report as one self-contained HTML page (charts inline, map in an iframe)."""
    from partenariat.export.html_map import _asset

    lang = report.lang
    parts = [
        "<!DOCTYPE html>\n",
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}; frame-src about:">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f"<title>{html.escape(report.title)}</title>\n",
        f"<style>\n{_asset('report.css')}\n</style>\n</head>\n<body>\n",
        f"<header><h1>{html.escape(report.title)}</h1>"
        f'<p class="subtitle">{html.escape(report.subtitle)}</p></header>\n',
        f'<nav aria-label="{html.escape(t("contents", lang))}"><ol>',
        *(f'<li><a href="#{s.key}">{html.escape(s.title)}</a></li>' for s in report.sections),
        "</ol></nav>\n<main>\n",
    ]
    for section in report.sections:
        parts.append(_section_html(section, report))
    parts.append("</main>\n</body>\n</html>\n")
    return "".join(parts)


def _section_html(section: Section, report: Report) -> str:
    out = [f'<section id="{section.key}">\n<h2>{html.escape(section.title)}</h2>\n']
    out += [f"<p>{html.escape(p)}</p>\n" for p in section.paragraphs]
    if section.figures:
        out.append('<dl class="figures">')
        for label, value in section.figures:
            out.append(f"<div><dt>{html.escape(label)}</dt><dd>{html.escape(value)}</dd></div>")
        out.append("</dl>\n")
    for chart in section.charts:
        out.append(
            f'<figure class="chart" id="chart-{chart.key}" role="img" '
            f'aria-label="{html.escape(chart.alt)}">{chart.svg}</figure>\n'
        )
    for table in section.tables:
        out.append(_table_html(table))
    if section.key == "map" and report.map_page is not None:
        pages = [("map", t("map_network", report.lang), report.map_page)]
        if report.geo_page is not None:
            pages.append(("geo", t("geo_title", report.lang), report.geo_page))
        out.append('<div class="maps">')
        for key, title, page_html in pages:
            out.append(
                f'<iframe class="map" id="frame-{key}" title="{html.escape(title)}" '
                'sandbox="allow-scripts" srcdoc="'
                + html.escape(page_html, quote=True)
                + '"></iframe>'
            )
        out.append("</div>\n")
    out.append("</section>\n")
    return "".join(out)


def _table_html(table: Table) -> str:
    out = [
        '<div class="table-wrap">',
        f'<table id="table-{table.key}"><caption>{html.escape(table.title)}</caption>',
        "<thead><tr>",
        *(f"<th>{html.escape(h)}</th>" for h in table.headers),
        "</tr></thead><tbody>",
    ]
    for row in table.rows:
        out.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>")
    out.append("</tbody></table></div>\n")
    if table.note:
        out.append(f'<p class="note">{html.escape(table.note)}</p>\n')
    return "".join(out)


def report_markdown(report: Report) -> str:
    """The same content as Markdown: headings, figures, tables; no map, no chart."""
    lines = [f"# {_md(report.title)}", "", _md(report.subtitle), ""]
    for section in report.sections:
        if section.key == "map":
            continue
        lines += [f"## {_md(section.title)}", ""]
        for paragraph in section.paragraphs:
            lines += [_md(paragraph), ""]
        if section.figures:
            lines += _md_table((t("figure", report.lang), t("value", report.lang)), section.figures)
        for table in section.tables:
            lines += [f"### {_md(table.title)}", ""]
            lines += _md_table(table.headers, table.rows)
            if table.note:
                lines += [f"*{_md(table.note)}*", ""]
    return "\n".join(lines).rstrip() + "\n"


def _md(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>#|])", r"\\\1", text).replace("\n", " ")


def _md_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    if not rows:
        return ["—", ""]
    lines = [
        "| " + " | ".join(_md(h) for h in headers) + " |",
        "|" + "|".join("---" for _ in headers) + "|",
    ]
    lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def write_report(
    report: Report, path: str | Path, *, fmt: str = "html", overwrite: bool = False
) -> Path:
    """Write the report (``html`` or ``md``); never replaces a file unless asked."""
    path = Path(path)
    check_free([path], overwrite=overwrite)
    text = report_html(report) if fmt == "html" else report_markdown(report)
    return write_safely({path: text}, overwrite=overwrite, newline="\n")[0]


def write_report_tables(
    report: Report, folder: str | Path, *, excel: bool = False, overwrite: bool = False
) -> list[Path]:
    """The tables as the report shows them (cut at ``limit`` rows), one CSV file each; for
    every row see :func:`partenariat.export.shared_tables.shared_tables`."""
    folder = Path(folder)
    return write_safely(
        {
            folder / f"{table.key}.csv": csv_bytes(
                (list(table.headers), [list(r) for r in table.rows]), excel=excel, bom=True
            )
            for table in report.tables()
        },
        overwrite=overwrite,
    )
