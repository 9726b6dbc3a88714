"""The interactive network map: one self-contained, offline HTML file.

vis-network (shipped with pyvis) and the page's own script and style are inlined; the page
makes no request to any host (a Content-Security-Policy forbids it), writes nothing but the
file, and never interprets a user string as HTML: the data travels as JSON inside a
``<script type="application/json">`` block and every text is put in the page with
``textContent``. Node and edge data are built directly (pyvis's ``add_node`` scans a list on
every call). The same input gives a byte-identical file.

Examples:
    >>> import partenariat
    >>> network = partenariat.Network.from_path("examples/melun-val-de-seine")
    >>> page = map_html(network)
    >>> page.startswith("<!DOCTYPE html>"), "<link" in page, 'src="' in page
    (True, False, False)
    >>> data = map_data(network, MapOptions(color_by="type"))
    >>> len(data["nodes"]), len(data["edges"])
    (40, 65)
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from partenariat.analysis.offers import OfferIndex, offer_index
from partenariat.analysis.structure import betweenness_centrality, brokers, isolated, louvain
from partenariat.export.layout import community_layout
from partenariat.export.palette import OTHER, colours_for
from partenariat.i18n import Lang, counted, date_text, t
from partenariat.network import Network
from partenariat.text import fold

ColorBy = Literal["type", "field", "community", "territory"]
Renderer = Literal["vis", "sigma", "geo"]
Aggregate = Literal["auto", "none", "community", "territory"]
SizeBy = Literal["degree", "betweenness"]

#: Above this many organisations, positions are computed in Python and physics is off.
PHYSICS_THRESHOLD = 1_000
#: Above this many organisations, the default map groups them (communities).
AGGREGATE_ABOVE = 5_000

EDGE_STYLES: dict[str, dict[str, Any]] = {
    "formal": {"color": "#4D4D4D", "dashes": False, "arrows": ""},
    "informal": {"color": "#8C8C8C", "dashes": True, "arrows": ""},
    "referral": {"color": "#0072B2", "dashes": False, "arrows": "to"},
    "funding": {"color": "#009E73", "dashes": False, "arrows": "to"},
}
EDGE_STYLES["declared"] = {"color": "#8E44AD", "dashes": [6, 4], "arrows": ""}
OTHER_EDGE: dict[str, Any] = {"color": "#B5B5B5", "dashes": [2, 4], "arrows": ""}
BROKER_BORDER = "#000000"
ISOLATED_BORDER = "#C0392B"


@dataclass(frozen=True)
class MapOptions:
    """How the map looks."""

    color_by: ColorBy = "type"
    size_by: SizeBy = "degree"
    lang: Lang = "fr"
    title: str | None = None
    physics_threshold: int = PHYSICS_THRESHOLD
    seed: int = 42
    subtitle: str | None = None
    extra_caption: tuple[str, ...] = field(default=())
    aggregate: Aggregate = "auto"
    aggregate_above: int = AGGREGATE_ABOVE

    def grouping(self, organisations: int) -> Literal["none", "community", "territory"]:
        """How the map groups organisations for a network of this size."""
        if self.aggregate == "auto":
            return "community" if organisations > self.aggregate_above else "none"
        return self.aggregate


# ---------------------------------------------------------------------------- data


def map_data(
    network: Network, options: MapOptions | None = None, *, renderer: Renderer | None = None
) -> dict[str, Any]:
    """Everything the page shows, as plain JSON-ready data (sorted, deterministic).

    ``renderer`` is the one that will draw it: vis-network (small maps: brokers and isolated
    organisations get marked borders), sigma.js (above ``physics_threshold``: positions
    computed here) or the geographic SVG; the last two take the links as compact columns
    (``links``: node indices, type indices, widths) that the page expands.
    """
    options = options or MapOptions()
    lang = options.lang
    renderer = renderer or ("sigma" if network.size > options.physics_threshold else "vis")
    index = offer_index(network)
    fields_of, publics_of, territories_of = _offers_by_organisation(index)
    colour_keys = _colour_keys(network, options.color_by, fields_of, index)
    colours = colours_for(k for k in colour_keys.values() if k)
    sizes = _sizes(network, options.size_by)
    marked = renderer == "vis"
    broker_ids = {b.organisation for b in brokers(network)} if marked else set()
    isolated_ids = {i.organisation for i in isolated(network)} if marked else set()
    positions = community_layout(network, seed=options.seed) if renderer == "sigma" else {}
    strip = _strip(positions, _unlinked(network), lang) if renderer == "sigma" else None
    names = {c: index.tree.name(c) for c in index.tree.codes}
    nodes = []
    for org in sorted(network.dataset.organisations, key=lambda o: o.id):
        key = colour_keys.get(org.id)
        colour = colours.get(key, OTHER) if key else OTHER
        node: dict[str, Any] = {
            "id": org.id,
            "label": _short(org.name),
            "name": org.name,
            "size": sizes[org.id],
            "color": {"background": colour},
            "marks": sorted(
                m
                for m, ids in (("broker", broker_ids), ("isolated", isolated_ids))
                if org.id in ids
            ),
            "filters": {
                "territory": sorted(territories_of.get(org.id, ())),
                "field": sorted(fields_of.get(org.id, ())),
                "public": sorted(publics_of.get(org.id, ()) or ()),
                "every_public": publics_of.get(org.id) is None,
                "type": org.type or "",
            },
            "card": _card(network, org.id, names, lang),
        }
        if marked:
            node["color"]["border"] = _border(org.id, broker_ids, isolated_ids, colour)
            node["borderWidth"] = (
                4 if org.id in broker_ids else (3 if org.id in isolated_ids else 1)
            )
            node["shapeProperties"] = {"borderDashes": [4, 3] if org.id in isolated_ids else False}
        if org.id in positions:
            x, y = positions[org.id]
            node.update({"x": x, "y": y})
        nodes.append(node)
    rows = _map_links(network)
    link_types = sorted({type_ or "" for _, _, type_, _ in rows})
    links: dict[str, Any] = (
        {
            "edges": [
                _edge(i, source, target, type_, weight)
                for i, (source, target, type_, weight) in enumerate(rows)
            ]
        }
        if marked
        else _link_columns(rows, nodes)
    )
    return {
        "lang": lang,
        "renderer": renderer,
        "large": renderer != "vis",
        "layout_note": renderer == "sigma",
        "strip": strip,
        "nodes": nodes,
        **links,
        "legend": _legend(colours, colour_keys, options, link_types, broker_ids, isolated_ids),
        "filters": (filters := _filter_options(index, nodes, link_types, lang)),
        "ancestors": {
            code: sorted(index.tree.ancestors(code))
            for code in sorted(
                {c for n in nodes for c in n["filters"]["territory"]}
                | {o["value"] for o in filters[0]["options"]}
            )
        },
        "text": _page_text(lang),
    }


def with_link_objects(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with its link columns (if any) turned into one object per link, as small
    maps have them, for callers that restyle links one by one."""
    if "links" not in data:
        return data
    columns = data["links"]
    nodes = data["nodes"]
    edges = []
    for i, (source, target, kind, width) in enumerate(
        zip(columns["from"], columns["to"], columns["type"], columns["width"], strict=True)
    ):
        type_ = data["link_types"][kind]
        style = EDGE_STYLES.get(type_, OTHER_EDGE)
        edges.append(
            {
                "id": f"e{i}",
                "from": nodes[source]["id"],
                "to": nodes[target]["id"],
                "type": type_,
                "color": {"color": style["color"], "opacity": 0.8},
                "dashes": style["dashes"],
                "arrows": style["arrows"],
                "width": width,
            }
        )
    rest = {k: v for k, v in data.items() if k not in ("links", "link_types", "edge_styles")}
    return {**rest, "edges": edges}


def _link_columns(
    rows: list[tuple[str, str, str | None, float | None]], nodes: list[dict[str, Any]]
) -> dict[str, Any]:
    """The links as columns (the page expands them): node indices, type indices, widths,
    and the style of each type; a fifth of the size of one object per link."""
    position = {node["id"]: i for i, node in enumerate(nodes)}
    types = sorted({type_ or "" for _, _, type_, _ in rows})
    type_index = {type_: i for i, type_ in enumerate(types)}
    styles = {}
    for type_ in types:
        style = EDGE_STYLES.get(type_, OTHER_EDGE)
        styles[type_] = {"color": style["color"], "arrows": style["arrows"]}
    return {
        "links": {
            "from": [position[source] for source, _, _, _ in rows],
            "to": [position[target] for _, target, _, _ in rows],
            "type": [type_index[type_ or ""] for _, _, type_, _ in rows],
            "width": [1.0 if w is None else round(min(1 + w, 6.0), 2) for _, _, _, w in rows],
        },
        "link_types": types,
        "edge_styles": styles,
    }


def _unlinked(network: Network) -> set[str]:
    """The organisations without any link."""
    import numpy as np

    return {network.ids[i] for i in np.flatnonzero(network.degrees == 0).tolist()}


def _strip(
    positions: dict[str, tuple[float, float]], unlinked: set[str], lang: Lang
) -> dict[str, Any] | None:
    """Where the label of the strip of organisations without any link goes (above its
    top-left corner), in the layout's coordinates."""
    alone = [positions[org] for org in unlinked if org in positions]
    if not alone:
        return None
    return {
        "x": min(x for x, _ in alone),
        "y": min(y for _, y in alone),
        "label": t("isolated_strip", lang, n=len(alone)),
    }


def _offers_by_organisation(
    index: OfferIndex,
) -> tuple[dict[str, set[str]], dict[str, set[str] | None], dict[str, set[str]]]:
    fields: dict[str, set[str]] = {}
    publics: dict[str, set[str] | None] = {}
    territories: dict[str, set[str]] = {}
    for offer in index.offers:
        org = offer.organisation
        fields.setdefault(org, set()).update(offer.fields)
        territories.setdefault(org, set()).update(c for c in offer.territories if c in index.tree)
        if offer.publics is None:
            publics[org] = None
        elif org not in publics:
            publics[org] = set(offer.publics)
        else:
            current = publics[org]
            if current is not None:
                current.update(offer.publics)
    return fields, publics, territories


def _colour_keys(
    network: Network, color_by: ColorBy, fields_of: dict[str, set[str]], index: OfferIndex
) -> dict[str, str | None]:
    if color_by == "community":
        groups, _ = louvain(network, 1.0)
        return {org: f"{i + 1}" for i, group in enumerate(groups) for org in group}
    keys: dict[str, str | None] = {}
    for org in network.dataset.organisations:
        if color_by == "type":
            keys[org.id] = org.type
        elif color_by == "field":
            named = [index.field_vocabulary.label(f) for f in org.fields]
            keys[org.id] = named[0] if named else min(fields_of.get(org.id) or [""]) or None
        else:
            code = org.territories[0] if org.territories else None
            keys[org.id] = index.tree.name(code) if code and code in index.tree else code
    return keys


def _sizes(network: Network, size_by: SizeBy) -> dict[str, float]:
    ids = network.ids
    if size_by == "betweenness":
        values, _ = betweenness_centrality(network)
        return {n: round(10 + 40 * math.sqrt(float(values[i])), 2) for i, n in enumerate(ids)}
    return {n: round(10 + 5 * math.sqrt(int(network.degrees[i])), 2) for i, n in enumerate(ids)}


def _border(org: str, broker_ids: set[str], isolated_ids: set[str], colour: str) -> str:
    if org in broker_ids:
        return BROKER_BORDER
    if org in isolated_ids:
        return ISOLATED_BORDER
    return colour


def _short(name: str, width: int = 32) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


#: The style of a tie named in the survey's answers but absent from the links file.
DECLARED = "declared"


def _map_links(network: Network) -> list[tuple[str, str, str | None, float | None]]:
    """The links to draw: those of the links file and, when the folder holds survey answers,
    each link as thick as the highest level of collaboration its two organisations gave it
    (1 + level), and the ties named in the answers only, as links of type ``declared``."""
    rows = list(_sorted_links(network))
    answers = network.dataset.responses
    if not answers:
        return rows
    level: dict[tuple[str, str], int] = {}
    for answer in answers:
        if answer.partner:
            pair = (min(answer.respondent, answer.partner), max(answer.respondent, answer.partner))
            level[pair] = max(level.get(pair, 0), answer.level or 0)
    drawn = {(min(s, t), max(s, t)) for s, t, _, _ in rows}
    rows = [
        (s, t, k, float(level[(min(s, t), max(s, t))]) if level.get((min(s, t), max(s, t))) else w)
        for s, t, k, w in rows
    ]
    rows += [
        (a, b, DECLARED, float(n) if n else None)
        for (a, b), n in sorted(level.items())
        if (a, b) not in drawn and a in network.organisations and b in network.organisations
    ]
    return rows


def _sorted_links(network: Network) -> Iterator[tuple[str, str, str | None, float | None]]:
    """(source, target, type, weight) of every link, by source, target, type and weight,
    read from the link columns (no record is built)."""
    import polars as pl

    frame = network.dataset.link_columns().frame.select("source", "target", "type", "weight")
    ordered = frame.with_columns(
        _type=pl.col("type").fill_null(""), _weight=pl.col("weight").fill_null(0.0)
    ).sort(["source", "target", "_type", "_weight"], maintain_order=True)
    return ordered.select("source", "target", "type", "weight").iter_rows()


def _edge(
    number: int, source: str, target: str, type_: str | None, weight: float | None
) -> dict[str, Any]:
    style = EDGE_STYLES.get(type_ or "", OTHER_EDGE)
    width = 1.0 if weight is None else round(min(1 + weight, 6.0), 2)
    return {
        "id": f"e{number}",
        "from": source,
        "to": target,
        "type": type_ or "",
        "color": {"color": style["color"], "opacity": 0.8},
        "dashes": style["dashes"],
        "arrows": style["arrows"],
        "width": width,
    }


#: The rows of a directory card, in order.
CARD_ROWS = (
    "type",
    "card_territories",
    "card_fields",
    "card_publics",
    "card_partners",
    "card_address",
    "card_email",
    "card_phone",
    "card_website",
    "card_updated",
)


@cache
def _card_labels(lang: Lang) -> dict[str, str]:
    return {key: t(key, lang) for key in (*CARD_ROWS, "every_public")}


def _card(network: Network, org_id: str, names: dict[str, str], lang: Lang) -> list[list[str]]:
    """The directory card as (label, value) rows; values are plain text."""
    label = _card_labels(lang)
    org = network.organisations[org_id]
    services = network.services.get(org_id, ())
    territories = list(
        dict.fromkeys([*org.territories, *(c for s in services for c in s.territories)])
    )
    fields = list(dict.fromkeys([*org.fields, *(f for s in services for f in s.fields)]))
    publics = list(dict.fromkeys([*org.publics, *(p for s in services for p in s.publics)]))
    values = (
        org.type or "",
        ", ".join(names.get(c, c) for c in territories),
        ", ".join(fields),
        ", ".join(publics) or label["every_public"],
        str(int(network.degrees[network.index[org_id]])),
        org.address or "",
        org.email or "",
        org.phone or "",
        org.website or "",
        date_text(org.updated, lang) if org.updated else "",
    )
    return [[label[key], value] for key, value in zip(CARD_ROWS, values, strict=True) if value]


def _legend(
    colours: dict[str, str],
    keys: dict[str, str | None],
    options: MapOptions,
    link_types: list[str],
    broker_ids: set[str],
    isolated_ids: set[str],
) -> dict[str, Any]:
    lang = options.lang
    used = {k for k in keys.values() if k}
    colour_items = [
        {"label": value, "color": colour}
        for value, colour in colours.items()
        if colour != OTHER and value in used
    ]
    if any(colour == OTHER for colour in colours.values()) or any(not k for k in keys.values()):
        colour_items.append({"label": t("other", lang), "color": OTHER})
    edge_items = []
    for link_type in link_types:
        style = EDGE_STYLES.get(link_type, OTHER_EDGE)
        label = (
            t(f"link_{link_type}", lang)
            if link_type in EDGE_STYLES
            else (link_type or t("unspecified", lang))
        )
        edge_items.append(
            {
                "label": label,
                "color": style["color"],
                "dashes": bool(style["dashes"]),
                "arrow": bool(style["arrows"]),
            }
        )
    marks = []
    if broker_ids:
        marks.append({"label": t("mark_broker", lang), "border": BROKER_BORDER, "dashes": False})
    if isolated_ids:
        marks.append({"label": t("mark_isolated", lang), "border": ISOLATED_BORDER, "dashes": True})
    return {
        "colour_title": t(f"colour_{options.color_by}", lang),
        "colours": colour_items,
        "edge_title": t("link_type", lang),
        "edges": edge_items,
        "marks": marks,
        "size": t(f"size_{options.size_by}", lang),
    }


def _filter_options(
    index: OfferIndex, nodes: list[dict[str, Any]], link_types: list[str], lang: Lang
) -> list[dict[str, Any]]:
    tree = index.tree
    named = {c for node in nodes for c in node["filters"]["territory"]}
    codes = named | {a for c in named for a in tree.ancestors(c)}
    depth = {c: len(tree.ancestors(c)) for c in codes}
    territory_options = [
        {"value": c, "label": tree.name(c) if tree.name(c) == c else f"{tree.name(c)} ({c})"}
        for c in sorted(codes, key=lambda c: (depth[c], fold(tree.name(c)), c))
    ]

    def simple(values: set[str]) -> list[dict[str, str]]:
        return [{"value": v, "label": v} for v in sorted(values, key=lambda v: (fold(v), v))]

    return [
        {"key": "territory", "label": t("territory", lang), "options": territory_options},
        {
            "key": "field",
            "label": t("field", lang),
            "options": simple({f for n in nodes for f in n["filters"]["field"]}),
        },
        {
            "key": "public",
            "label": t("public", lang),
            "options": simple({p for n in nodes for p in n["filters"]["public"]}),
        },
        {
            "key": "type",
            "label": t("type", lang),
            "options": simple({n["filters"]["type"] for n in nodes if n["filters"]["type"]}),
        },
        {
            "key": "link_type",
            "label": t("link_type", lang),
            "options": [
                {
                    "value": v,
                    "label": t(f"link_{v}", lang)
                    if v in EDGE_STYLES
                    else (v or t("unspecified", lang)),
                }
                for v in sorted(link_types)
            ],
        },
    ]


#: The words the map's page script shows (search, filters, legend, groups).
PAGE_TEXT = (
    "search",
    "filters",
    "all",
    "legend",
    "no_match",
    "reset",
    "layout_note",
    "every_public",
    "type",
    "group",
    "card_partners",
    "open_groups",
    "close_groups",
)


def page_texts(keys: tuple[str, ...], lang: Lang) -> dict[str, str]:
    """The messages ``keys`` in ``lang``, for a page script."""
    return {key: t(key, lang) for key in keys}


def _page_text(lang: Lang) -> dict[str, str]:
    return page_texts(PAGE_TEXT, lang)


# ---------------------------------------------------------------------------- page


@cache
def _asset(name: str) -> str:
    return (Path(__file__).parent / "static" / name).read_text("utf-8")


@cache
def _vis_asset(name: str) -> str:
    """A file of the vis-network build shipped with pyvis, found without importing pyvis
    (which imports jinja2 and networkx: a tenth of a second for nothing)."""
    import importlib.util

    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - a dependency
        raise ModuleNotFoundError("pyvis")
    folder = Path(next(iter(spec.submodule_search_locations)))
    return (folder / "templates" / "lib" / "vis-9.1.2" / name).read_text("utf-8")


#: The libraries and the renderer script of each kind of map (all inlined in the page).
RENDERERS: dict[str, tuple[tuple[str, ...], str]] = {
    "vis": (("vis-network.min.js",), "render-vis.js"),
    "sigma": (
        ("vendor/graphology-0.26.0.umd.min.js", "vendor/sigma-3.0.2.min.js"),
        "render-sigma.js",
    ),
    "geo": ((), "render-geo.js"),
}


def _library(name: str) -> str:
    return _vis_asset(name) if name.startswith("vis-") else _asset(name)


def json_for_script(data: object) -> str:
    """JSON that cannot close its ``<script>`` block nor be read as HTML.

    >>> json_for_script({"name": "</script><img src=x onerror=alert(1)>"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    """
    import orjson

    text = orjson.dumps(data).decode("utf-8")
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; font-src data:; connect-src 'none'; form-action 'none'; "
    "base-uri 'none'"
)


def page(data: dict[str, Any], *, title: str, caption: str, lang: Lang) -> str:
    """The whole HTML page around ``data`` (``title`` and ``caption`` are escaped), drawn by
    the renderer ``data["renderer"]`` names (vis-network by default)."""
    libraries, renderer = RENDERERS[data.get("renderer", "vis")]
    scripts = "".join(f"<script>\n{_library(name)}\n</script>\n" for name in libraries)
    style = _vis_asset("vis-network.css") if renderer == "render-vis.js" else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="partenariat">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>\n{style}\n</style>\n"
        f"<style>\n{_asset('map.css')}\n</style>\n"
        "</head>\n<body>\n"
        '<header><h1 id="title">' + html.escape(title) + "</h1>"
        '<p id="caption">' + html.escape(caption) + "</p></header>\n"
        '<main><aside id="panel"></aside><div id="network" role="img" '
        f'aria-label="{html.escape(title)}"></div></main>\n'
        f'<script type="application/json" id="map-data">{json_for_script(data)}</script>\n'
        f"{scripts}<script>\n{_asset(renderer)}\n</script>\n"
        f"<script>\n{_asset('map.js')}\n</script>\n"
        "</body>\n</html>\n"
    )


def map_html(network: Network, options: MapOptions | None = None) -> str:
    """The map of ``network`` as one self-contained HTML page (grouped above
    ``aggregate_above`` organisations unless ``aggregate="none"``)."""
    options = options or MapOptions()
    lang = options.lang
    grouping = options.grouping(len(network.dataset.organisations))
    data = (
        map_data(network, options)
        if grouping == "none"
        else aggregated_map_data(network, grouping, options)
    )
    title = options.title or t("map_title", lang)
    caption = caption_for(network, lang, options.extra_caption)
    return page(data, title=title, caption=caption, lang=lang)


def aggregated_map_data(
    network: Network, by: Literal["community", "territory"], options: MapOptions
) -> dict[str, Any]:
    """The grouped map: one node per community (or département), sized by organisations,
    linked by the number of links between groups."""
    import math as _math
    from collections import Counter

    import networkx as nx

    lang = options.lang
    if by == "community":
        found, _ = louvain(network, 1.0)
        groups, labels = _bounded_groups(found, lang)
    else:
        index = offer_index(network)
        tree = index.tree
        members: dict[str, list[str]] = {}
        for org in network.dataset.organisations:
            code = org.territories[0] if org.territories else ""
            top = _departement_of(tree, code) if code in tree else code
            members.setdefault(top or "—", []).append(org.id)
        keys = sorted(members, key=lambda k: (-len(members[k]), k))
        groups = tuple(tuple(sorted(members[k])) for k in keys)
        labels = [tree.name(k) if k in tree else k for k in keys]
    group_of = {org: i for i, group in enumerate(groups) for org in group}
    between: Counter[tuple[int, int]] = Counter()
    ids = network.ids
    for a, b in zip(*(map(ids.__getitem__, side.tolist()) for side in network.pairs), strict=True):
        x, y = group_of[a], group_of[b]
        if x != y:
            between[(min(x, y), max(x, y))] += 1
    layout_graph: nx.Graph[int] = nx.Graph()
    layout_graph.add_nodes_from(range(len(groups)))
    layout_graph.add_edges_from(between)
    positions = _group_positions(layout_graph, options.seed)
    colours = colours_for(str(i) for i in range(len(groups)))
    organisations = network.organisations
    largest = max((len(group) for group in groups), default=1)
    nodes = []
    for i, group in enumerate(groups):
        types = Counter(organisations[o].type or "—" for o in group).most_common(3)
        fields = Counter(f for o in group for f in organisations[o].fields).most_common(4)
        px, py = positions[i]
        nodes.append(
            {
                "id": f"g{i}",
                "label": f"{_short(labels[i], 28)} ({len(group)})",
                "name": labels[i],
                "size": round(10 + 40 * _math.sqrt(len(group) / largest), 2),
                "color": {"background": colours[str(i)], "border": colours[str(i)]},
                "borderWidth": 1,
                "shapeProperties": {"borderDashes": False},
                "marks": [],
                "x": round(px * 120 * _math.sqrt(len(groups)), 1),
                "y": round(py * 120 * _math.sqrt(len(groups)), 1),
                "fixed": True,
                "card": [
                    [t("organisations", lang).capitalize(), str(len(group))],
                    [t("main_types", lang), ", ".join(f"{k} ({n})" for k, n in types)],
                    [t("main_fields", lang), ", ".join(f"{k} ({n})" for k, n in fields)],
                    [t("some_members", lang), ", ".join(organisations[o].name for o in group[:8])],
                ],
            }
        )
    edges = [
        {
            "id": f"b{i}",
            "from": f"g{x}",
            "to": f"g{y}",
            "type": "",
            "color": {"color": "#8C8C8C", "opacity": 0.6},
            "dashes": False,
            "arrows": "",
            "width": round(min(1 + _math.log2(count), 12), 2),
            "title": str(count),
        }
        for i, ((x, y), count) in enumerate(sorted(between.items()))
    ]
    note = t("aggregated_note", lang, by=t(f"by_{by}", lang))
    return {
        "lang": lang,
        "renderer": "sigma",
        "groups": _group_members(network, groups, labels, nodes),
        "large": True,
        "layout_note": False,
        "nodes": nodes,
        "edges": edges,
        "legend": {
            "colour_title": t("group", lang),
            "colours": [],
            "edge_title": "",
            "edges": [],
            "marks": [],
            "size": f"{note} {t('group_size', lang)}. {t('group_links', lang)}.",
        },
        "filters": [],
        "ancestors": {},
        "text": _page_text(lang),
    }


def _group_members(
    network: Network,
    groups: tuple[tuple[str, ...], ...],
    labels: list[str],
    nodes: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """What a group opens into: its members (id, name, type, x, y, size, partners) placed
    on a sunflower spiral around the group's place (the best linked in the middle; the
    disc grows with the group, so a large group covers its neighbours until it is closed
    again), and the links between them (pairs of member indices)."""
    import numpy as np

    centres = np.array([[n["x"], n["y"]] for n in nodes], dtype=float).reshape(-1, 2)
    degrees = network.degrees
    index = network.index
    member_of = np.full(network.size, -1, dtype=np.int64)
    rank = np.zeros(network.size, dtype=np.int64)
    ordered: list[list[int]] = []
    for g, group in enumerate(groups):
        codes = sorted((index[o] for o in group), key=lambda c: (-int(degrees[c]), c))
        member_of[codes] = g
        rank[codes] = np.arange(len(codes))
        ordered.append(codes)
    u, v = network.pairs
    inside = member_of[u] == member_of[v]
    by_group = member_of[u][inside]
    order = np.argsort(by_group, kind="stable")
    pairs = np.column_stack([rank[u][inside][order], rank[v][inside][order]])
    bounds = np.searchsorted(by_group[order], np.arange(len(groups) + 1))
    organisations = network.organisations
    ids = network.ids
    golden = math.pi * (3 - math.sqrt(5))
    result = []
    for g, codes in enumerate(ordered):
        radius = 6.0 * math.sqrt(len(codes)) + 10.0
        k = np.arange(len(codes))
        r = radius * np.sqrt((k + 0.5) / len(codes))
        xs = np.round(centres[g][0] + r * np.cos(k * golden), 1).tolist()
        ys = np.round(centres[g][1] + r * np.sin(k * golden), 1).tolist()
        members = [
            [
                ids[c],
                organisations[ids[c]].name,
                organisations[ids[c]].type or "",
                xs[i],
                ys[i],
                round(4 + 2 * math.sqrt(int(degrees[c])), 1),
                int(degrees[c]),
            ]
            for i, c in enumerate(codes)
        ]
        links = pairs[bounds[g] : bounds[g + 1]].ravel().tolist()
        result.append({"id": f"g{g}", "name": labels[g], "members": members, "links": links})
    return result


def _group_positions(graph: Any, seed: int) -> dict[int, tuple[float, float]]:
    """Spring layout of the groups that are linked; the others in a column on the right
    (a force layout would push them far away and crush the rest)."""
    import networkx as nx

    linked = [n for n in graph if graph.degree(n) > 0]
    positions: dict[int, tuple[float, float]] = {}
    if linked:
        found = nx.spring_layout(graph.subgraph(linked), seed=seed, iterations=200)
        positions.update({n: (float(x), float(y)) for n, (x, y) in found.items()})
    alone = sorted(n for n in graph if graph.degree(n) == 0)
    for rank, node in enumerate(alone):
        positions[node] = (1.4, -1.0 + 2.0 * (rank + 0.5) / len(alone))
    return positions


#: At most this many groups on a grouped map; smaller communities are pooled.
MAX_GROUPS = 150


def _bounded_groups(
    found: tuple[tuple[str, ...], ...], lang: Lang
) -> tuple[tuple[tuple[str, ...], ...], list[str]]:
    """The largest communities, then one node for the small ones (fewer than three
    organisations, or beyond ``MAX_GROUPS``), so that the layout stays quick and legible."""
    large = [group for group in found if len(group) >= 3][:MAX_GROUPS]
    kept = {org for group in large for org in group}
    small = tuple(sorted(org for group in found for org in group if org not in kept))
    labels = [t("community_n", lang, n=i + 1) for i in range(len(large))]
    groups = tuple(large)
    if small:
        groups = (*groups, small)
        labels.append(t("small_groups", lang))
    return groups, labels


def _departement_of(tree: Any, code: str) -> str:
    if tree.level(code) in ("département", "departement"):
        return code
    for ancestor in sorted(tree.ancestors(code)):
        if tree.level(ancestor) in ("département", "departement"):
            return str(ancestor)
    return code


def caption_for(network: Network, lang: Lang, extra: tuple[str, ...] = ()) -> str:
    """Counts and the date of the data (the latest update of an entry)."""
    parts = [
        counted(len(network.dataset.organisations), "organisation_one", "organisations", lang)
        + ", "
        + counted(network.dataset.counts()["links"], "link_one", "links", lang)
    ]
    latest = max((o.updated for o in network.dataset.organisations if o.updated), default=None)
    if latest is not None:
        parts.append(t("map_updated", lang, date=date_text(latest, lang)))
    parts.extend(extra)
    return " — ".join(parts)


def write_map(
    network: Network,
    path: str | Path,
    options: MapOptions | None = None,
    *,
    overwrite: bool = False,
) -> Path:
    """Write the map of ``network`` to ``path`` (never replacing a file unless asked)."""
    from partenariat.output import check_free, write_safely

    path = Path(path)
    check_free([path], overwrite=overwrite)
    return write_safely({path: map_html(network, options)}, overwrite=overwrite, newline="\n")[0]


class MapView:
    """A map shown inline in Jupyter (an ``<iframe srcdoc>``: nothing written to disk)."""

    def __init__(self, page_html: str, height: int = 650) -> None:
        self.html = page_html
        self.height = height

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{html.escape(self.html, quote=True)}" '
            f'style="width:100%;height:{self.height}px;border:1px solid #ddd" '
            'sandbox="allow-scripts"></iframe>'
        )

    def save(self, path: str | Path, *, overwrite: bool = False) -> Path:
        """Write the map as one self-contained HTML file; an existing file is replaced
        only with ``overwrite`` (``FileExistsError`` otherwise).

        >>> import pathlib, tempfile
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "carte.html"
        >>> MapView("<!DOCTYPE html><p>carte</p>").save(target).name
        'carte.html'
        """
        from partenariat.output import write_safely

        return write_safely({Path(path): self.html}, overwrite=overwrite, newline="\n")[0]


def show(network: Network, options: MapOptions | None = None, *, height: int = 650) -> MapView:
    """The map for a notebook: ``show(network)`` as the last expression of a cell."""
    return MapView(map_html(network, options), height=height)
