"""The eco-map of one case: the situation at the centre, its organisations around it.

Organisations are coloured by the field they intervene in; existing links between them are
drawn as on the network map; the **missing links** between organisations that intervene
together with no link are drawn dashed in red; **concurrent** interventions (same field,
overlapping dates) are joined in orange and their organisations ringed in orange. The case
identifier is printed only when asked (``show_case``). Same offline single-file rules as the
network map.

>>> import partenariat
>>> network = partenariat.Network.from_path("examples/melun-val-de-seine")
>>> data = ecomap_data(network, "S16")
>>> sum(1 for e in data["edges"] if e["type"] == "missing")
10
>>> "S16" in ecomap_html(network, "S16")
False
"""

from __future__ import annotations

import datetime as dt
import math
from itertools import combinations
from typing import Any

from partenariat.analysis.cases import case_supports
from partenariat.errors import PartenariatError
from partenariat.export.html_map import (
    EDGE_STYLES,
    OTHER_EDGE,
    _card,
    _edge,
    _page_text,
    _short,
    page,
)
from partenariat.export.palette import OTHER, colours_for
from partenariat.i18n import Lang, colon, t
from partenariat.network import Network

CENTRE = "__situation__"
MISSING = "#C0392B"
CONCURRENT = "#E67E22"


def ecomap_data(
    network: Network, case: str, *, lang: Lang = "fr", show_case: bool = False
) -> dict[str, Any]:
    """The page data of the eco-map of ``case`` (raises if the case is unknown)."""
    found = case_supports(network, case=case)
    if not found:
        raise PartenariatError(f"unknown case {case!r}")
    support = found[0]
    items = [i for i in network.dataset.interventions if i.case == case]
    field_of: dict[str, str] = {}
    for item in sorted(items, key=lambda i: (i.organisation, i.start or dt.date.min)):
        if item.field:
            field_of.setdefault(item.organisation, item.field)
    colours = colours_for(field_of.values())
    concurrent_orgs = {o for c in support.concurrent for o in c.organisations}
    orgs = sorted(support.organisations, key=lambda o: (field_of.get(o, ""), o))
    radius = 120 + 30 * len(orgs)
    names = {t_.code: t_.name for t_ in network.dataset.territories}
    nodes: list[dict[str, Any]] = [
        {
            "id": CENTRE,
            "name": t("situation", lang) + (f" {case}" if show_case else ""),
            "label": t("situation", lang) + (f" {case}" if show_case else ""),
            "shape": "box",
            "size": 30,
            "x": 0,
            "y": 0,
            "fixed": True,
            "color": {"background": "#FFFFFF", "border": "#333333"},
            "borderWidth": 2,
            "shapeProperties": {"borderDashes": False},
            "card": [],
            "font": {"size": 18},
        }
    ]
    for number, org in enumerate(orgs):
        angle = 2 * math.pi * number / max(len(orgs), 1) - math.pi / 2
        colour = colours.get(field_of.get(org, ""), OTHER)
        concurrent = org in concurrent_orgs
        interventions = [i for i in items if i.organisation == org]
        card = [
            *_card(network, org, names, lang),
            [
                t("intervenes", lang),
                "; ".join(_describe(i.field, i.start, i.end, i.role) for i in interventions),
            ],
        ]
        nodes.append(
            {
                "id": org,
                "name": network.organisations[org].name,
                "label": _short(network.organisations[org].name),
                "size": 18,
                "x": round(radius * math.cos(angle), 1),
                "y": round(radius * math.sin(angle), 1),
                "fixed": True,
                "color": {"background": colour, "border": CONCURRENT if concurrent else colour},
                "borderWidth": 4 if concurrent else 1,
                "shapeProperties": {"borderDashes": False},
                "card": card,
            }
        )
    edges = [
        {
            "id": f"c{i}",
            "from": CENTRE,
            "to": org,
            "type": "case",
            "color": {"color": "#CCCCCC", "opacity": 0.8},
            "dashes": False,
            "arrows": "",
            "width": 1,
        }
        for i, org in enumerate(orgs)
    ]
    inside = set(support.organisations)
    links = sorted(
        (
            x
            for x in network.dataset.links
            if x.source in inside and x.target in inside and x.source != x.target
        ),
        key=lambda x: (x.source, x.target, x.type or ""),
    )
    edges += [_edge(i, x.source, x.target, x.type, x.weight) for i, x in enumerate(links)]
    graph = network.partnerships()
    missing = [(a, b) for a, b in combinations(sorted(inside), 2) if not graph.has_edge(a, b)]
    edges += [
        {
            "id": f"m{i}",
            "from": a,
            "to": b,
            "type": "missing",
            "color": {"color": MISSING, "opacity": 0.7},
            "dashes": [6, 6],
            "arrows": "",
            "width": 1.5,
        }
        for i, (a, b) in enumerate(missing)
    ]
    edges += [
        {
            "id": f"x{i}",
            "from": c.organisations[0],
            "to": c.organisations[1],
            "type": "concurrent",
            "color": {"color": CONCURRENT, "opacity": 1},
            "dashes": [2, 4],
            "arrows": "",
            "width": 3,
        }
        for i, c in enumerate(support.concurrent)
    ]
    return {
        "lang": lang,
        "large": True,
        "layout_note": False,
        "nodes": nodes,
        "edges": edges,
        "legend": _legend(colours, links, lang, bool(missing), bool(support.concurrent)),
        "filters": [],
        "ancestors": {},
        "text": _page_text(lang),
    }


def _describe(field: str | None, start: object, end: object, role: str | None) -> str:
    parts = [field or ""]
    if start or end:
        parts.append(f"{start or '…'} → {end or '…'}")
    if role:
        parts.append(role)
    return ", ".join(p for p in parts if p)


def _legend(
    colours: dict[str, str], links: list[Any], lang: Lang, missing: bool, concurrent: bool
) -> dict[str, Any]:
    edge_items = []
    for link_type in sorted({x.type or "" for x in links}):
        style = EDGE_STYLES.get(link_type, OTHER_EDGE)
        label = (
            t(f"link_{link_type}", lang)
            if link_type in EDGE_STYLES
            else (link_type or t("unspecified", lang))
        )
        edge_items.append(
            {
                "label": f"{t('existing_link', lang)} : {label}"
                if lang == "fr"
                else f"{t('existing_link', lang)}: {label}",
                "color": style["color"],
                "dashes": bool(style["dashes"]),
                "arrow": bool(style["arrows"]),
            }
        )
    if missing:
        edge_items.append(
            {"label": t("missing_link", lang), "color": MISSING, "dashes": True, "arrow": False}
        )
    if concurrent:
        edge_items.append(
            {
                "label": t("concurrent_mark", lang),
                "color": CONCURRENT,
                "dashes": True,
                "arrow": False,
            }
        )
    return {
        "colour_title": t("field", lang),
        "colours": [{"label": f, "color": c} for f, c in colours.items()],
        "edge_title": t("link_type", lang),
        "edges": edge_items,
        "marks": [{"label": t("concurrent_mark", lang), "border": CONCURRENT, "dashes": False}]
        if concurrent
        else [],
        "size": "",
    }


def ecomap_html(
    network: Network,
    case: str,
    *,
    lang: Lang = "fr",
    show_case: bool = False,
    title: str | None = None,
) -> str:
    """The eco-map of ``case`` as one self-contained HTML page."""
    data = ecomap_data(network, case, lang=lang, show_case=show_case)
    heading = title or t("ecomap_title", lang) + (f" {case}" if show_case else "")
    support = case_supports(network, case=case)[0]
    caption = (
        f"{len(support.organisations)} {t('organisations', lang)} — "
        f"{t('pieces', lang)}{colon(lang)} {support.components} — "
        f"{t('linked', lang)}{colon(lang)} "
        f"{'–' if support.linked_share is None else round(100 * support.linked_share)}"
        " %"
    )
    return page(data, title=heading, caption=caption, lang=lang)
