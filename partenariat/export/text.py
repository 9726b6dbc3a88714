"""The diagnosis as text for a terminal, most important first, French by default.

>>> import partenariat
>>> from partenariat.analysis.diagnosis import diagnose
>>> network = partenariat.Network.from_path("examples/melun-val-de-seine")
>>> text = render_diagnosis(diagnose(network), network, lang="en", limit=3)
>>> print(text.splitlines()[0])
Partnership network diagnosis — 40 organisations, 65 links, 22 fields, 30 cases
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from partenariat.i18n import Lang, colon, counted, more, t
from partenariat.render import heading, number, percent, table, wrap

if TYPE_CHECKING:  # a section's text imports no analysis it does not show
    from partenariat.analysis.coverage import CoverageResult
    from partenariat.analysis.diagnosis import Diagnosis
    from partenariat.analysis.isolation import Isolation
    from partenariat.analysis.measures import Measures
    from partenariat.analysis.overlaps import Overlap
    from partenariat.analysis.structure import StructureResult
    from partenariat.analysis.suggestions import Suggestion
    from partenariat.network import Network


def render_diagnosis(
    diagnosis: Diagnosis, network: Network, *, lang: Lang = "fr", limit: int = 10
) -> str:
    """Every section of the diagnosis, each cut to ``limit`` rows."""
    s = diagnosis.summary
    title = "\n".join(
        wrap(
            f"{t('diagnosis', lang)} — "
            + ", ".join(
                counted(s[key], one, key, lang)
                for key, one in (
                    ("organisations", "organisation_one"),
                    ("links", "link_one"),
                    ("fields", "field_one"),
                    ("cases", "case_one"),
                )
            )
        )
    )
    parts = [
        title,
        render_gaps(diagnosis.coverage, lang=lang, limit=limit),
        render_thin(diagnosis.coverage, network, lang=lang, limit=limit),
        render_uncovered(diagnosis.coverage, lang=lang),
        render_overlaps(diagnosis.overlaps, network, lang=lang, limit=limit),
        render_isolated(diagnosis.structure, network, lang=lang, limit=limit),
        render_structure(diagnosis.structure, network, lang=lang, limit=limit),
        render_measures(diagnosis.measures, network, lang=lang, limit=limit)
        if diagnosis.measures
        else None,
        render_suggestions(diagnosis.suggestions, network, lang=lang, limit=limit),
    ]
    if diagnosis.cases is not None:
        from partenariat.export.cases_text import render_cases

        parts.append(render_cases(diagnosis.cases, network, lang=lang, limit=limit))
    if diagnosis.survey is not None:
        from partenariat.export.survey_text import render_survey

        parts.append(render_survey(diagnosis.survey, network, lang=lang, limit=limit))
    return "\n\n".join(p for p in parts if p is not None)


def render_gaps(cov: CoverageResult, *, lang: Lang = "fr", limit: int = 10) -> str:
    names = dict(zip(cov.territories, cov.names, strict=True))
    lines = [heading(t("gaps", lang), len(cov.gaps), lang), *wrap(t("gaps_help", lang)), ""]
    rows = [[names.get(g.territory, g.territory), g.field, g.population] for g in cov.gaps[:limit]]
    if rows:
        lines.append(table([t("territory", lang), t("field", lang), t("population", lang)], rows))
    lines += more(len(cov.gaps), limit, lang)
    partial = [c for c in cov.cells if c.status == "partial"]
    if partial:
        lines += [
            "",
            heading(t("partial_cells", lang), len(partial), lang),
            *wrap(t("partial_help", lang)),
            "",
        ]
        ranked = sorted(partial, key=lambda c: (c.covered_share, c.territory, c.field))
        lines.append(
            table(
                [t("territory", lang), t("field", lang), t("covered_share", lang)],
                [
                    [
                        names.get(c.territory, c.territory),
                        c.field,
                        f"{round(100 * c.covered_share)} %",
                    ]
                    for c in ranked[:limit]
                ],
            )
        )
        lines += more(len(partial), limit, lang)
    if cov.public_gaps:
        lines += [
            "",
            table(
                [t("territory", lang), t("field", lang), t("public", lang), t("population", lang)],
                [
                    [names.get(g.territory, g.territory), g.field, g.public, g.population]
                    for g in cov.public_gaps[:limit]
                ],
            ),
        ]
        lines += more(len(cov.public_gaps), limit, lang)
    if cov.unlisted_fields:
        lines += ["", f"{t('unlisted', lang)}{colon(lang)} " + ", ".join(cov.unlisted_fields)]
    return "\n".join(lines)


def render_thin(
    cov: CoverageResult, network: Network, *, lang: Lang = "fr", limit: int = 10
) -> str:
    lines = [heading(t("thin", lang), len(cov.thin_cells), lang), *wrap(t("thin_help", lang)), ""]
    ranked = sorted(cov.thin_cells, key=lambda c: (-(c.population or 0), c.territory, c.field))
    rows = [[c.name, c.field, network.name(c.organisation)] for c in ranked[:limit]]
    if rows:
        lines.append(table([t("territory", lang), t("field", lang), t("organisation", lang)], rows))
    lines += more(len(ranked), limit, lang)
    return "\n".join(lines)


def render_uncovered(cov: CoverageResult, *, lang: Lang = "fr") -> str:
    rows = [
        [f.field, f.organisations, f"{f.uncovered_leaves}/{f.leaves}", f.uncovered_population]
        for f in sorted(
            cov.by_field,
            key=lambda f: (-(f.uncovered_population or 0), -f.uncovered_leaves, f.field),
        )
    ]
    headers = [
        t("field", lang),
        t("organisations", lang).capitalize(),
        t("uncovered_leaves", lang),
        t("population", lang),
    ]
    return "\n".join([heading(t("uncovered", lang), lang=lang), table(headers, rows)])


def render_overlaps(
    found: Sequence[Overlap], network: Network, *, lang: Lang = "fr", limit: int = 10
) -> str:
    """Overlaps, those with the same organisations and territories shown once with all
    their publics."""
    uncoordinated = sum(1 for o in found if o.uncoordinated)
    lines = [
        heading(t("overlaps", lang), len(found), lang),
        *wrap(f"{uncoordinated} {t('uncoordinated', lang)} — {t('overlaps_help', lang)}"),
    ]
    merged: dict[tuple[str, tuple[str, ...], tuple[str, ...]], list[Overlap]] = {}
    for overlap in found:
        merged.setdefault((overlap.field, overlap.organisations, overlap.territories), []).append(
            overlap
        )
    tree_names = {t_.code: t_.name for t_ in network.dataset.territories}
    for rank, ((field, orgs, territories), group) in enumerate(list(merged.items())[:limit], 1):
        publics = ", ".join(o.public or t("every_public", lang) for o in group)
        places = ", ".join(tree_names.get(c, c) for c in territories[:3])
        if len(territories) > 3:
            places += f" (+{len(territories) - 3})"
        lines.append("")
        lines += wrap(
            f"{rank:>2}. {field} — {publics} — {places}{colon(lang)} "
            f"{group[0].unlinked_pair_count} {t('unlinked_pairs', lang).lower()} "
            f"/ {group[0].pair_count}",
            indent="    ",
        )
        lines += wrap(", ".join(network.name(x) for x in orgs), indent="    ", first_indent="    ")
    lines += more(len(merged), limit, lang)
    return "\n".join(lines)


def render_isolated(
    shape: Isolation | StructureResult, network: Network, *, lang: Lang = "fr", limit: int = 10
) -> str:
    """Isolated organisations, brokers and peripheral organisations (from the light
    :class:`~partenariat.analysis.isolation.Isolation` or the whole structure)."""
    lines = [heading(t("isolated", lang), len(shape.isolated), lang)]
    rows = [[network.name(i.organisation), t(i.reason, lang)] for i in shape.isolated[:limit]]
    if rows:
        lines.append(table([t("organisation", lang), t("reason", lang)], rows))
    lines += more(len(shape.isolated), limit, lang)
    lines += [
        "",
        heading(t("brokers", lang), len(shape.brokers), lang),
        *wrap(t("brokers_help", lang)),
    ]
    broker_rows: list[list[object]] = [
        [network.name(b.organisation), b.cut_off, b.degree] for b in shape.brokers[:limit]
    ]
    if broker_rows:
        lines.append(
            table([t("organisation", lang), t("cut_off", lang), t("degree", lang)], broker_rows)
        )
    lines += more(len(shape.brokers), limit, lang)
    lines += ["", heading(t("peripheral", lang), len(shape.peripheral), lang)]
    lines += wrap(", ".join(network.name(p) for p in shape.peripheral[:limit]))
    lines += more(len(shape.peripheral), limit, lang)
    return "\n".join(line for line in lines if line is not None)


def render_structure(
    shape: StructureResult, network: Network, *, lang: Lang = "fr", limit: int = 10
) -> str:
    sizes = ", ".join(str(len(c)) for c in shape.components[:limit])
    rows: list[list[object]] = [
        [t("components", lang), f"{len(shape.components)} ({sizes})"],
        [t("density", lang), shape.density],
        [t("average_degree", lang), shape.average_degree],
        [t("centralisation", lang), shape.degree_centralisation],
        [
            t("communities", lang),
            f"{len(shape.communities)} (modularité {shape.modularity})"
            if lang == "fr"
            else f"{len(shape.communities)} (modularity {shape.modularity})",
        ],
        [t("formal_share", lang), percent(shape.formal_share, missing="")],
        [t("informal_share", lang), percent(shape.informal_share, missing="")],
        [t("cross_sector", lang), shape.cross_sector_partnerships],
    ]
    lines = [
        heading(t("structure", lang), lang=lang),
        table(["", ""], [[str(a), number(b)] for a, b in rows]),
    ]
    method = t("exact" if shape.betweenness_method == "exact" else "sampled", lang)
    central = [
        [network.name(c.organisation), c.degree, c.betweenness] for c in shape.centrality[:limit]
    ]
    lines += [
        "",
        f"{t('central', lang)} ({t('betweenness', lang).lower()} {method})",
        table([t("organisation", lang), t("degree", lang), t("betweenness", lang)], central),
    ]
    return "\n".join(lines)


def render_measures(
    found: Measures, network: Network, *, lang: Lang = "fr", limit: int = 10
) -> str:
    """Reciprocity, multiplexity, core and periphery, constraint, the network view and the
    brokerage roles (see :mod:`partenariat.analysis.measures`)."""
    from partenariat.analysis.measures import ROLES as roles

    view = found.network_view
    constraint = found.mean_constraint
    rows: list[list[object]] = [
        [t("m_reciprocity", lang), percent(found.reciprocity, missing="—")],
        [t("m_multiplexity", lang), percent(found.multiplexity, missing="—")],
        [
            t("m_core", lang),
            t("m_core_value", lang, k=found.core_periphery.k, n=len(found.core_periphery.core)),
        ],
        [t("m_constraint", lang), number(constraint) if constraint is not None else "—"],
        [t("m_fields", lang), view.get("fields_offered")],
        [t("m_fields_per_org", lang), number(view.get("fields_per_organisation") or 0)],
        [t("m_duplication", lang), percent(view.get("duplication"), missing="—")],
        [t("m_mean_weight", lang), number(view["mean_weight"]) if view.get("mean_weight") else "—"],
        [t("m_mean_level", lang), number(view["mean_level"]) if view.get("mean_level") else "—"],
    ]
    lines = [
        heading(t("m_heading", lang), lang=lang),
        table(["", ""], [[str(a), str(b)] for a, b in rows]),
    ]
    if found.brokerage:
        lines += [
            "",
            t("m_brokerage", lang, by=t(f"m_by_{found.brokerage_group}", lang)),
            table(
                [t("organisation", lang), *(t(f"m_{role}", lang) for role in roles)],
                [
                    [network.name(r.organisation), *(getattr(r, role) for role in roles)]
                    for r in found.brokerage[:limit]
                ],
            ),
        ]
    return "\n".join(lines)


def render_suggestions(
    found: Sequence[Suggestion], network: Network, *, lang: Lang = "fr", limit: int = 10
) -> str:
    lines = [heading(t("suggestions", lang), len(found), lang)]
    for number_, s in enumerate(found[:limit], start=1):
        lines += wrap(f"{number_:>2}. {suggestion_reason(s, network, lang)}", indent="    ")
    lines += more(len(found), limit, lang)
    return "\n".join(lines)


def suggestion_reason(
    s: Suggestion, network: Network, lang: Lang = "fr", cases: str | None = None
) -> str:
    """The suggestion in words; ``cases`` replaces the count of cases followed together
    (a shared report writes small counts as ``< 5``)."""
    a, b = (network.name(x) for x in s.organisations)
    if s.kind == "pooling":
        text = t("pooling", lang, a=a, b=b, fields=", ".join(s.fields), n=s.territories)
    else:
        text = t("referral", lang, a=a, b=b, f=s.fields[0], g=s.fields[-1], n=s.territories)
    if s.cases:
        text += t("together_cases", lang, cases=s.cases if cases is None else cases)
    return text
