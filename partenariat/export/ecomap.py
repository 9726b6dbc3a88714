"""The eco-map of one case: the situation at the centre, its organisations around it.

Each organisation has a spoke to the situation, labelled with the field and dates of its
interventions. Organisations are coloured by the field they intervene in; an organisation
whose interventions have all **ended** (before ``at``, today by default) is greyed, its spoke
dashed; the **declared référent** (role ``référent``, ``coordinateur``...) is ringed in dark
blue and starred. Links between organisations are drawn as arcs bending **outward**, so that
none crosses the situation: existing links as on the network map, **missing links** (two
organisations that intervene together with no link) dashed in red, **concurrent**
interventions (same field, overlapping dates) in orange, their organisations ringed in
orange. The case identifier is printed only when asked (``show_case``). Same offline
single-file rules as the network map.

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
from partenariat.i18n import Lang, colon, date_text, t
from partenariat.network import Network

CENTRE = "__situation__"
MISSING = "#C0392B"
CONCURRENT = "#E67E22"
REFERENT = "#1F4E79"
ENDED = "#BDBDBD"


def ecomap_data(
    network: Network,
    case: str,
    *,
    lang: Lang = "fr",
    show_case: bool = False,
    at: dt.date | None = None,
) -> dict[str, Any]:
    """The page data of the eco-map of ``case`` (raises if the case is unknown);
    interventions ended before ``at`` (today by default) are greyed."""
    found = case_supports(network, case=case)
    if not found:
        raise PartenariatError(
            f"unknown case {case!r}", french=f"situation inconnue\u00a0: «\u00a0{case}\u00a0»"
        )
    support = found[0]
    day = at or dt.date.today()
    referents = set(support.declared_coordinators)
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
    ended: set[str] = set()
    spokes: dict[str, str] = {}
    for number, org in enumerate(orgs):
        angle = 2 * math.pi * number / max(len(orgs), 1) - math.pi / 2
        interventions = [i for i in items if i.organisation == org]
        if interventions and all(i.end is not None and i.end < day for i in interventions):
            ended.add(org)
        spokes[org] = "; ".join(_spoke(i.field, i.start, i.end, lang) for i in interventions)
        colour = ENDED if org in ended else colours.get(field_of.get(org, ""), OTHER)
        concurrent = org in concurrent_orgs
        referent = org in referents
        border = CONCURRENT if concurrent else REFERENT if referent else colour
        card = [
            *_card(network, org, names, lang),
            [
                t("intervenes", lang),
                "; ".join(_describe(i.field, i.start, i.end, i.role, lang) for i in interventions),
            ],
        ]
        label = _short(network.organisations[org].name)
        nodes.append(
            {
                "id": org,
                "name": network.organisations[org].name,
                "label": f"★ {label}" if referent else label,
                "size": 18,
                "x": round(radius * math.cos(angle), 1),
                "y": round(radius * math.sin(angle), 1),
                "fixed": True,
                "color": {"background": colour, "border": border},
                "borderWidth": 4 if concurrent or referent else 1,
                "shapeProperties": {"borderDashes": False},
                "card": card,
                "font": {"color": "#777777"} if org in ended else {"color": "#1D1D1D"},
                "ended": org in ended,
                "referent": referent,
            }
        )
    position = {node["id"]: (node["x"], node["y"]) for node in nodes}
    edges: list[dict[str, Any]] = [
        {
            "id": f"c{i}",
            "from": CENTRE,
            "to": org,
            "type": "case",
            "label": spokes[org],
            "font": {"size": 11, "align": "middle", "color": "#555555"},
            "color": {"color": "#DDDDDD" if org in ended else "#BBBBBB", "opacity": 0.9},
            "dashes": [3, 5] if org in ended else False,
            "arrows": "",
            "width": 1,
            "smooth": False,
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
    edges += [
        {
            **_edge(i, x.source, x.target, x.type, x.weight),
            "smooth": _outward(position, x.source, x.target),
        }
        for i, x in enumerate(links)
    ]
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
            "smooth": _outward(position, a, b),
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
            "smooth": _outward(position, c.organisations[0], c.organisations[1]),
        }
        for i, c in enumerate(support.concurrent)
    ]
    return {
        "lang": lang,
        "large": True,
        "layout_note": False,
        "nodes": nodes,
        "edges": edges,
        "legend": _legend(
            colours,
            links,
            lang,
            bool(missing),
            bool(support.concurrent),
            referent=bool(referents & set(orgs)),
            ended=bool(ended),
        ),
        "filters": [],
        "ancestors": {},
        "text": _page_text(lang),
    }


def _outward(position: dict[str, tuple[float, float]], a: str, b: str) -> dict[str, Any]:
    """The curve of a link between two organisations on the circle, bending away from the
    situation at the centre (on screen, where y points down, vis-network's ``curvedCCW``
    bends towards the right-hand side of the way from ``a`` to ``b``: checked in Chromium)."""
    (ax, ay), (bx, by) = position[a], position[b]
    dx, dy = bx - ax, by - ay
    mx, my = (ax + bx) / 2, (ay + by) / 2
    right = (-dy, dx)
    outward = right[0] * mx + right[1] * my >= 0
    return {"enabled": True, "type": "curvedCCW" if outward else "curvedCW", "roundness": 0.6}


def _spoke(field: str | None, start: dt.date | None, end: dt.date | None, lang: Lang) -> str:
    """A spoke's label: the field and the dates of one intervention."""

    def day(value: dt.date | None) -> str:
        return "…" if value is None else date_text(value, lang)

    dates = f"{day(start)} → {day(end)}" if start or end else ""
    return " · ".join(part for part in (field or "", dates) if part)


def _describe(
    field: str | None,
    start: dt.date | None,
    end: dt.date | None,
    role: str | None,
    lang: Lang = "fr",
) -> str:
    """One intervention in a card: field, dates, role."""
    parts = [field or ""]
    if start or end:
        first = date_text(start, lang) if start else "…"
        last = date_text(end, lang) if end else "…"
        parts.append(f"{first} → {last}")
    if role:
        parts.append(role)
    return ", ".join(p for p in parts if p)


def _legend(
    colours: dict[str, str],
    links: list[Any],
    lang: Lang,
    missing: bool,
    concurrent: bool,
    *,
    referent: bool = False,
    ended: bool = False,
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
        "marks": [
            *(
                [{"label": t("concurrent_mark", lang), "border": CONCURRENT, "dashes": False}]
                if concurrent
                else []
            ),
            *(
                [{"label": t("referent_mark", lang), "border": REFERENT, "dashes": False}]
                if referent
                else []
            ),
            *([{"label": t("ended_mark", lang), "border": ENDED, "dashes": True}] if ended else []),
        ],
        "size": "",
    }


def ecomap_html(
    network: Network,
    case: str,
    *,
    lang: Lang = "fr",
    show_case: bool = False,
    title: str | None = None,
    at: dt.date | None = None,
) -> str:
    """The eco-map of ``case`` as one self-contained HTML page (see :func:`ecomap_data`)."""
    data = ecomap_data(network, case, lang=lang, show_case=show_case, at=at)
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
