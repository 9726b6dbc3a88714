"""The geographic map: the study area's communes shaded by coverage, organisations on it.

One offline HTML page (no tiles, no request): the communes of the study area drawn from the
bundled outlines (:mod:`partenariat.geography`), EPCI borders and the area's edge over them;
each commune shaded for the chosen field — nobody (gap), one organisation, several — with a
selector in the page to change field; organisations as points at their ``lat``/``lon`` or,
failing that, in the commune they name (points sharing a place are spread around it), sized
by partners; links as arcs. The panel (search, filters, legend, cards) is the network map's.

Examples:
    >>> import partenariat
    >>> network = partenariat.Network.from_path("examples/melun-val-de-seine")
    >>> data = geo_map_data(network)
    >>> len(data["communes"]), data["renderer"], len(data["nodes"])
    (20, 'geo', 40)
    >>> page = geo_map_html(network)
    >>> page.startswith("<!DOCTYPE html>"), 'src="' in page
    (True, False)
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from partenariat.analysis.coverage import coverage
from partenariat.analysis.offers import OfferIndex, offer_index
from partenariat.errors import PartenariatError
from partenariat.export.html_map import MapOptions, caption_for, map_data, page, page_texts
from partenariat.geography import AreaOutlines, area_outlines, has_outline
from partenariat.i18n import Lang, t
from partenariat.network import Network
from partenariat.text import fold

#: Up to this many links, all are drawn when the page opens; above, those of the organisation
#: hovered or selected (a box in the panel draws them all).
ALL_LINKS_UP_TO = 1_500
#: Colours of the three coverage classes (gap, one organisation, several), colour-blind safe.
SHADES = ("#D55E00", "#F0C05A", "#5B9BD5")


class UnknownFieldError(PartenariatError, KeyError):
    """No organisation offers the field asked for; the message lists the fields."""

    def __str__(self) -> str:
        return str(self.args[0])


class NoOutlineError(PartenariatError, ValueError):
    """The network's territories are not French communes with a bundled outline."""


@dataclass(frozen=True)
class GeoOptions:
    """How the geographic map looks (``field``: the field shaded when the page opens)."""

    field: str | None = None
    lang: Lang = "fr"
    title: str | None = None
    map: MapOptions = dataclasses.field(default_factory=MapOptions)


def geo_map_data(network: Network, options: GeoOptions | None = None) -> dict[str, Any]:
    """Everything the geographic page shows, as JSON-ready data (deterministic)."""
    options = options or GeoOptions()
    lang = options.lang
    index = offer_index(network)
    tree = index.tree
    parts, overseas = _mainland(_outlined(tree))
    communes = sorted(parts)
    if not communes:
        raise NoOutlineError(
            "no commune of the study area has an outline: the geographic map needs French "
            "INSEE commune codes (metropolitan France and the overseas départements)",
            french="aucune commune de la zone étudiée n'a de contour : la carte géographique "
            "demande des codes INSEE de communes françaises",
        )
    area = area_outlines(communes, epci_of=_epci_of(index, communes))
    result = coverage(network, index=index)
    row_of = {code: i for i, code in enumerate(result.territories)}
    counts = result.counts if result.counts is not None else np.zeros((0, 0), dtype=np.int64)
    network_data = map_data(network, replace(options.map, lang=lang), renderer="geo")
    places = _places(network, index, area, parts)
    nodes = []
    # Points shrink on large maps so that a dense place stays readable.
    scale = min(1.0, 60 / math.sqrt(max(len(places), 1)))
    for node in network_data["nodes"]:
        where = places.get(node["id"])
        if where is None:
            continue
        nodes.append(
            {
                **{k: node[k] for k in ("id", "label", "name", "marks", "filters", "card")},
                "color": {"background": node["color"]["background"]},
                "size": round(scale * (2.5 + 1.2 * math.sqrt(max(node["size"] - 10, 0))), 2),
                "x": where[0],
                "y": where[1],
            }
        )
    links = _placed_links(network_data, nodes)
    fields = list(result.fields)
    chosen = _field(options.field, fields) if options.field else _most_gaps(fields, counts)
    return {
        "lang": lang,
        "renderer": "geo",
        "large": True,
        "layout_note": False,
        "keep_empty": True,
        "width": area.width,
        "height": area.height,
        "communes": [
            {
                "code": c.code,
                "name": tree.name(c.code),
                "population": tree.population(c.code),
                "path": c.path,
                "centre": list(c.centre),
                "counts": _counts(counts, [row_of[p] for p in parts[c.code] if p in row_of]),
                **({"parts": list(parts[c.code])} if parts[c.code] != (c.code,) else {}),
            }
            for c in area.communes
        ],
        "borders": dict(area.borders),
        "fields": fields,
        "field": fields.index(chosen) if chosen in fields else -1,
        "shades": list(SHADES),
        "unplaced": network.size - len(nodes),
        "overseas": overseas,
        "nodes": nodes,
        "links": links,
        "all_links_up_to": ALL_LINKS_UP_TO,
        "link_types": network_data["link_types"],
        "edge_styles": network_data["edge_styles"],
        "legend": {**network_data["legend"], "edges": [], "marks": []},
        "filters": network_data["filters"],
        "ancestors": network_data["ancestors"],
        "text": {**network_data["text"], **_geo_text(lang)},
    }


def _placed_links(network_data: dict[str, Any], nodes: list[dict[str, Any]]) -> dict[str, Any]:
    """The link columns between placed organisations, re-indexed on the placed nodes."""
    everyone = network_data["nodes"]
    placed = {node["id"]: i for i, node in enumerate(nodes)}
    columns = network_data["links"]
    kept = [
        k
        for k in range(len(columns["from"]))
        if everyone[columns["from"][k]]["id"] in placed
        and everyone[columns["to"][k]]["id"] in placed
    ]
    return {
        "from": [placed[everyone[columns["from"][k]]["id"]] for k in kept],
        "to": [placed[everyone[columns["to"][k]]["id"]] for k in kept],
        "type": [columns["type"][k] for k in kept],
        "width": [columns["width"][k] for k in kept],
    }


def _mainland(parts: dict[str, tuple[str, ...]]) -> tuple[dict[str, tuple[str, ...]], int]:
    """The communes drawn on one plane: metropolitan France's when the area spans it and
    overseas départements too (one plane from the Antilles to La Réunion would shrink the
    mainland to a dot), with how many overseas communes are left out."""
    overseas = {code for code in parts if code.startswith("97")}
    if not overseas or len(overseas) == len(parts):
        return parts, 0
    return {c: leaves for c, leaves in parts.items() if c not in overseas}, len(overseas)


def _outlined(tree: Any) -> dict[str, tuple[str, ...]]:
    """The communes drawn, each with the leaves of the study area it stands for: itself, or
    the municipal arrondissements of Paris, Lyon and Marseille (drawn as their commune)."""
    parts: dict[str, list[str]] = {}
    for leaf in tree.leaves:
        if has_outline(leaf):
            parts.setdefault(leaf, []).append(leaf)
            continue
        for parent in tree.parents(leaf):
            if tree.level(parent) == "commune" and has_outline(parent):
                parts.setdefault(parent, []).append(leaf)
                break
    return {code: tuple(sorted(leaves)) for code, leaves in parts.items()}


def _counts(counts: Any, rows: list[int]) -> list[int]:
    """Organisations per field of a drawn commune: for a commune drawn for several
    arrondissements, those of its least served arrondissement (a gap anywhere shows)."""
    if not rows:
        return []
    return [int(v) for v in counts[rows].min(axis=0)]


def _field(asked: str, fields: list[str]) -> str:
    """The field asked for, found with accents and case ignored."""
    found = [f for f in fields if fold(f) == fold(asked)]
    if found:
        return found[0]
    known = ", ".join(fields) or "—"
    raise UnknownFieldError(
        f"no organisation offers the field {asked!r}; the fields are: {known}",
        french=f"aucune organisation n'offre le domaine «\u00a0{asked}\u00a0»\u00a0; les "
        f"domaines sont\u00a0: {known}",
    )


def _most_gaps(fields: list[str], counts: Any) -> str | None:
    """The field with the most communes nobody serves (the first such field on a tie)."""
    if not fields or counts.size == 0:
        return fields[0] if fields else None
    gaps = (counts == 0).sum(axis=0)
    return fields[int(np.argmax(gaps))]


def _epci_of(index: OfferIndex, communes: Iterable[str]) -> dict[str, str]:
    tree = index.tree
    found = {}
    for code in communes:
        for parent in tree.parents(code):
            if tree.level(parent) == "EPCI":
                found[code] = parent
                break
    return found


def _places(
    network: Network, index: OfferIndex, area: AreaOutlines, parts: dict[str, tuple[str, ...]]
) -> dict[str, tuple[float, float]]:
    """Where each organisation is drawn: its coordinates when they lie in the area, else
    the centre of the first commune it names (or of the communes of the first wider
    territory it names); points sharing a place are spread on a small sunflower."""
    centre = {c.code: c.centre for c in area.communes}
    centre.update({leaf: centre[code] for code, leaves in parts.items() for leaf in leaves})
    tree = index.tree
    inside = set(centre)
    named: dict[str, list[str]] = {}
    for offer in index.offers:
        named.setdefault(offer.organisation, []).extend(offer.territories)
    spots: dict[tuple[float, float], list[str]] = {}
    exact: dict[str, tuple[float, float]] = {}
    for org in network.dataset.organisations:
        if org.lat is not None and org.lon is not None and area.contains(org.lat, org.lon):
            exact[org.id] = area.project(org.lat, org.lon)
            continue
        where = _named_place(named.get(org.id, []), centre, tree, inside)
        if where is not None:
            spots.setdefault(where, []).append(org.id)
    places = dict(exact)
    golden = math.pi * (3 - math.sqrt(5))
    step = area.width / 400
    for (x, y), ids in spots.items():
        for k, org_id in enumerate(sorted(ids)):
            r = step * math.sqrt(k) if k else 0.0
            places[org_id] = (
                round(x + r * math.cos(k * golden), 1),
                round(y + r * math.sin(k * golden), 1),
            )
    return places


def _named_place(
    codes: list[str], centre: dict[str, tuple[float, float]], tree: Any, inside: set[str]
) -> tuple[float, float] | None:
    for code in codes:
        if code in centre:
            return centre[code]
    for code in codes:
        if code in tree:
            leaves = [c for c in tree.descendants(code) if c in inside] or []
            if leaves:
                xs = [centre[c][0] for c in leaves]
                ys = [centre[c][1] for c in leaves]
                return (round(sum(xs) / len(xs), 1), round(sum(ys) / len(ys), 1))
    return None


#: The words the geographic page adds to the map's.
GEO_TEXT = (
    "geo_field",
    "geo_gap",
    "geo_one",
    "geo_several",
    "geo_shading",
    "geo_inhabitants",
    "geo_organisations",
    "geo_unplaced",
    "geo_points",
    "geo_parts",
    "geo_least",
    "geo_all_links",
    "geo_overseas",
)


def _geo_text(lang: Lang) -> dict[str, str]:
    return page_texts(GEO_TEXT, lang)


def geo_map_html(network: Network, options: GeoOptions | None = None) -> str:
    """The geographic map of ``network`` as one self-contained HTML page."""
    options = options or GeoOptions()
    lang = options.lang
    data = geo_map_data(network, options)
    title = options.title or t("geo_title", lang)
    caption = caption_for(network, lang)
    return page(data, title=title, caption=caption, lang=lang)
