"""Commune outlines for geographic maps, from the bundled TopoJSON (one member per
département in ``data/communes.zip``, built by ``scripts/build_outlines.py`` from IGN
Admin Express COG 2018 dissolved into today's communes; Licence Ouverte).

:func:`area_outlines` projects the communes asked for onto a plane (equirectangular,
scaled by the cosine of the middle latitude: true to a few per cent on a département) and
returns their SVG paths, their centres and the borders between them: an arc shared by two
communes of different EPCIs is an EPCI border, by two départements a département border,
and an arc used by one commune only is the edge of the area.

Examples:
    >>> area = area_outlines(["77288", "77285"], epci_of={"77288": "A", "77285": "A"})
    >>> [c.code for c in area.communes], area.missing
    (['77285', '77288'], ())
    >>> area.communes[0].path.startswith("M"), area.width
    (True, 1000.0)
    >>> x, y = area.project(48.54, 2.66)
    >>> 0 <= x <= area.width and 0 <= y <= area.height
    True
"""

from __future__ import annotations

import json
import math
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

OUTLINES = Path(__file__).parent / "data" / "communes.zip"


@dataclass(frozen=True)
class CommuneOutline:
    """One commune drawn on the plane of its :class:`AreaOutlines`."""

    code: str
    path: str
    """SVG path data (``fill-rule: evenodd`` for the holes)."""
    centre: tuple[float, float]
    """The centroid of its largest part (a point inside for most communes)."""


@dataclass(frozen=True)
class AreaOutlines:
    """The communes of an area projected onto a ``width`` × ``height`` plane."""

    communes: tuple[CommuneOutline, ...]
    borders: Mapping[str, str]
    """SVG path data of the ``"epci"`` borders and of the ``"edge"`` (the area's edge and the
    borders between départements)."""
    missing: tuple[str, ...]
    """Codes asked for that have no outline (overseas collectivities, unknown codes)."""
    width: float
    height: float
    bounds: tuple[float, float, float, float] = field(default=(0.0, 0.0, 1.0, 1.0))
    """West, south, east, north in degrees."""

    def project(self, lat: float, lon: float) -> tuple[float, float]:
        """The point of the plane for a latitude and a longitude."""
        west, south, east, north = self.bounds
        scale = self.width / max((east - west) * _cos_mid(south, north), 1e-9)
        x = (lon - west) * _cos_mid(south, north) * scale
        y = (north - lat) * scale
        return round(x, 1), round(y, 1)

    def contains(self, lat: float, lon: float) -> bool:
        """Whether the point lies within the area's bounding box."""
        west, south, east, north = self.bounds
        return west <= lon <= east and south <= lat <= north


def departement_of(code: str) -> str:
    """The département part of an INSEE commune code (``2A004`` → ``2A``, ``97411`` → ``974``)."""
    return code[:3] if code.startswith("97") else code[:2]


@cache
def _topology(departement: str) -> dict[str, Any] | None:
    try:
        with zipfile.ZipFile(OUTLINES) as archive:
            text = archive.read(f"{departement}.json")
    except KeyError:
        return None
    topology: dict[str, Any] = json.loads(text)
    return topology


@cache
def _geometries(departement: str) -> dict[str, Any]:
    topology = _topology(departement)
    if topology is None:
        return {}
    return {g["properties"]["code"]: g for g in topology["objects"]["communes"]["geometries"]}


def has_outline(code: str) -> bool:
    """Whether the bundled outlines hold the commune ``code``."""
    return code in _geometries(departement_of(code))


def _arc_points(departement: str, arc: int) -> npt.NDArray[np.float64]:
    return _decoded(departement)[arc if arc >= 0 else ~arc]


@cache
def _decoded(departement: str) -> list[npt.NDArray[np.float64]]:
    """Every arc of a département as (lon, lat) points."""
    topology = _topology(departement)
    assert topology is not None
    scale = np.asarray(topology["transform"]["scale"], dtype=float)
    translate = np.asarray(topology["transform"]["translate"], dtype=float)
    return [
        np.cumsum(np.asarray(arc, dtype=float).reshape(-1, 2), axis=0) * scale + translate
        for arc in topology["arcs"]
    ]


def _rings(geometry: dict[str, Any]) -> list[list[list[int]]]:
    """Polygons as lists of rings, each a list of arc references."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def _ring_points(departement: str, ring: list[int]) -> npt.NDArray[np.float64]:
    parts: list[npt.NDArray[np.float64]] = []
    for arc in ring:
        points = _arc_points(departement, arc)
        points = points[::-1] if arc < 0 else points
        parts.append(points if not parts else points[1:])
    return np.concatenate(parts) if parts else np.zeros((0, 2))


def _cos_mid(south: float, north: float) -> float:
    return math.cos(math.radians((south + north) / 2))


def area_outlines(
    codes: Iterable[str],
    *,
    epci_of: Mapping[str, str] | None = None,
    width: float = 1000.0,
) -> AreaOutlines:
    """The outlines of the communes ``codes`` on one plane ``width`` wide.

    ``epci_of`` gives each commune's EPCI, for the EPCI borders (none drawn without it).
    """
    wanted = sorted(set(codes))
    found = [(c, _geometries(departement_of(c)).get(c)) for c in wanted]
    missing = tuple(c for c, g in found if g is None)
    present = [(c, g) for c, g in found if g is not None]
    rings = {
        code: [[_ring_points(departement_of(code), r) for r in polygon] for polygon in _rings(g)]
        for code, g in present
    }
    every = [ring for polygons in rings.values() for polygon in polygons for ring in polygon]
    if not every:
        return AreaOutlines((), {}, missing, width, width * 0.75)
    stacked = np.concatenate(every)
    west, south = stacked.min(axis=0)
    east, north = stacked.max(axis=0)
    bounds = (float(west), float(south), float(east), float(north))
    factor = _cos_mid(bounds[1], bounds[3])
    scale = width / max((bounds[2] - bounds[0]) * factor, 1e-9)
    height = round((bounds[3] - bounds[1]) * scale, 1)

    def plane(points: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        x = (points[:, 0] - bounds[0]) * factor * scale
        y = (bounds[3] - points[:, 1]) * scale
        return np.asarray(np.column_stack([x, y]).round(1), dtype=np.float64)

    communes = tuple(
        CommuneOutline(
            code, _path(plane(r) for p in rings[code] for r in p), _centre(rings[code], plane)
        )
        for code, _ in present
    )
    borders = _borders(present, epci_of or {}, plane)
    return AreaOutlines(communes, borders, missing, width, height, bounds)


def _path(rings: Iterable[npt.NDArray[np.float64]]) -> str:
    parts = []
    for ring in rings:
        if len(ring) < 3:
            continue
        numbers = ring.ravel().tolist()
        coordinates = " ".join(
            f"{numbers[i]:g},{numbers[i + 1]:g}" for i in range(0, len(numbers), 2)
        )
        parts.append(f"M{coordinates}Z")
    return "".join(parts)


def _centre(polygons: list[list[npt.NDArray[np.float64]]], plane: Any) -> tuple[float, float]:
    """The centroid of the largest outer ring (shoelace formula), on the plane."""
    best: tuple[float, float, float] = (-1.0, 0.0, 0.0)
    for polygon in polygons:
        ring = plane(polygon[0])
        x, y = ring[:, 0], ring[:, 1]
        cross = x * np.roll(y, -1) - np.roll(x, -1) * y
        area = cross.sum() / 2
        if abs(area) < 1e-9:
            cx, cy = float(x.mean()), float(y.mean())
        else:
            cx = float(((x + np.roll(x, -1)) * cross).sum() / (6 * area))
            cy = float(((y + np.roll(y, -1)) * cross).sum() / (6 * area))
        if abs(area) > best[0]:
            best = (abs(area), cx, cy)
    return round(best[1], 1), round(best[2], 1)


def _borders(
    present: list[tuple[str, Any]], epci_of: Mapping[str, str], plane: Any
) -> dict[str, str]:
    users: dict[tuple[str, int], list[str]] = {}
    for code, geometry in present:
        departement = departement_of(code)
        for polygon in _rings(geometry):
            for ring in polygon:
                for arc in ring:
                    users.setdefault((departement, arc if arc >= 0 else ~arc), []).append(code)
    kinds: dict[str, list[npt.NDArray[np.float64]]] = {"epci": [], "edge": []}
    for (departement, arc), codes in users.items():
        if len(codes) == 1:
            kind = "edge"
        elif epci_of.get(codes[0]) != epci_of.get(codes[1]):
            kind = "epci"
        else:
            continue
        kinds[kind].append(plane(_arc_points(departement, arc)))
    return {kind: _lines(arcs) for kind, arcs in kinds.items() if arcs}


def _lines(arcs: list[npt.NDArray[np.float64]]) -> str:
    parts = []
    for points in arcs:
        numbers = points.ravel().tolist()
        coordinates = " ".join(
            f"{numbers[i]:g},{numbers[i + 1]:g}" for i in range(0, len(numbers), 2)
        )
        parts.append(f"M{coordinates}")
    return "".join(parts)
