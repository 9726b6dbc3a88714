"""Case support as text for a terminal (evaluators' view: case ids are shown).

>>> import partenariat
>>> from partenariat.analysis.cases import cases
>>> network = partenariat.Network.from_path("examples/melun-val-de-seine")
>>> print(render_cases(cases(network), network, lang="en").splitlines()[2])
13 of 30 cases fragmented (43\xa0%)
"""

from __future__ import annotations

import datetime as dt

import networkx as nx

from partenariat.analysis.cases import CasesResult, CaseSupport
from partenariat.i18n import Lang, colon, date_text, more, t
from partenariat.network import Network
from partenariat.render import heading, number, percent, table, wrap


def render_cases(
    result: CasesResult, network: Network, *, lang: Lang = "fr", limit: int = 10
) -> str:
    """The summary, the fragmented cases, the missing links, who and what is involved."""
    if not result.cases:
        return t("no_case", lang)
    s = result.summary()
    per_case = s["organisations_per_case"]
    lines = [
        heading(t("case_support", lang), lang=lang),
        t(
            "fragmented_cases",
            lang,
            n=s["fragmented"],
            total=s["cases"],
            share=percent(s["fragmented_share"]),
        ),
        *wrap(
            t(
                "per_case",
                lang,
                median=number(per_case["median"]),
                p90=per_case["p90"],
                max=per_case["max"],
            )
        ),
        t("crowded", lang, n=s["crowded"], threshold=s["crowded_threshold"]),
        *wrap(t("with_concurrent", lang, n=s["with_concurrent"])),
        *wrap(t("without_coordinator", lang, n=s["without_coordinator"])),
    ]
    fragmented = sorted(
        (c for c in result.cases if c.fragmented),
        key=lambda c: (-c.components, -len(c.organisations), c.case),
    )
    lines += ["", heading(t("fragmented_list", lang), len(fragmented), lang)]
    if fragmented:
        lines.append(
            table(
                [
                    t("case", lang),
                    t("organisations", lang).capitalize(),
                    t("linked", lang),
                    t("pieces", lang),
                    t("coordination", lang),
                ],
                [
                    [
                        c.case,
                        len(c.organisations),
                        percent(c.linked_share),
                        c.components,
                        _coordination(c, network, lang),
                    ]
                    for c in fragmented[:limit]
                ],
            )
        )
        lines += more(len(fragmented), limit, lang)
    lines += ["", heading(t("missing_links", lang), len(result.missing_links), lang)]
    for rank, m in enumerate(result.missing_links[:limit], 1):
        lines += wrap(
            f"{rank:>2}. {network.name(m.organisations[0])} — "
            f"{network.name(m.organisations[1])}{colon(lang)} "
            + t("missing_link_line", lang, cases=m.cases, reconnects=m.reconnects),
            indent="    ",
        )
    lines += more(len(result.missing_links), limit, lang)
    if result.fragmented_presence:
        lines += [
            "",
            heading(t("fragmented_presence", lang), lang=lang),
            table(
                [
                    t("organisation", lang),
                    t("fragmented_short", lang),
                    t("cases", lang).capitalize(),
                ],
                [[network.name(o), f, n] for o, f, n in result.fragmented_presence[:limit]],
            ),
        ]
    if result.concurrent_fields:
        lines += [
            "",
            heading(t("concurrent_fields", lang), lang=lang),
            table(
                [t("field", lang), t("cases", lang).capitalize()],
                [[f, n] for f, n in result.concurrent_fields[:limit]],
            ),
        ]
    return "\n".join(lines)


def _coordination(case: CaseSupport, network: Network, lang: Lang) -> str:
    if case.declared_coordinators:
        names = ", ".join(network.name(o) for o in case.declared_coordinators)
        return f"{names} ({t('declared', lang)})"
    if case.coordinators:
        return f"{network.name(case.coordinators[0])} ({t('structural', lang)})"
    return t("no_coordination", lang)


def _intervention(
    field: str | None,
    start: dt.date | None,
    end: dt.date | None,
    role: str | None,
    lang: Lang,
) -> str:
    """One intervention: field, dates (JJ/MM/AAAA in French), role."""
    first = date_text(start, lang) if start else "…"
    last = date_text(end, lang) if end else "…"
    parts = [field or "–", f"{first} → {last}"]
    if role:
        parts.append(role)
    return ", ".join(parts)


def render_case(case: CaseSupport, network: Network, *, lang: Lang = "fr") -> str:
    """One case in detail: its organisations, their pieces, coordination, concurrency."""
    graph = network.partnerships().subgraph(case.organisations)
    pieces = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c))
    sep = colon(lang)
    lines = [
        heading(f"{t('case', lang)} {case.case}", lang=lang),
        *wrap(
            f"{len(case.organisations)} {t('organisations', lang)}, "
            f"{case.interventions} interventions — {', '.join(case.fields)}"
        ),
        *wrap(
            f"{t('linked', lang)}{sep} {percent(case.linked_share)} — "
            f"{t('pieces', lang)}{sep} {case.components} — "
            f"{t('coordination', lang)}{sep} {_coordination(case, network, lang)}"
        ),
        "",
    ]
    for number_, piece in enumerate(pieces, 1):
        lines += wrap(f"{number_}. " + ", ".join(network.name(o) for o in piece), indent="   ")
    items = sorted(
        (i for i in network.dataset.interventions if i.case == case.case),
        key=lambda i: (network.name(i.organisation), i.start or dt.date.min, i.field or ""),
    )
    lines += ["", heading(t("interventions_heading", lang), len(items), lang)]
    for item in items:
        lines += wrap(
            f"- {network.name(item.organisation)}{sep} "
            + _intervention(item.field, item.start, item.end, item.role, lang),
            indent="  ",
        )
    if case.concurrent:
        lines += ["", heading(t("concurrent", lang), len(case.concurrent), lang)]
        for c in case.concurrent:
            lines += wrap(
                f"- {c.field}{sep} {network.name(c.organisations[0])} / "
                f"{network.name(c.organisations[1])}",
                indent="  ",
            )
    return "\n".join(lines)
