"""Build the bundled commune outlines used by ``partenariat map --geo``.

    python scripts/build_outlines.py [SHARED_DATA_FOLDER] [--mapshaper PATH]

Reads the 2018 commune outlines (IGN Admin Express COG 2018 via gregoiredavid/france-geojson,
Licence Ouverte; ``geojson/communes-2018/*.geojson.gz``), maps every 2018 code to today's
commune (``territoires/communes.csv``; a former commune through
``territoires/communes-deleguees.csv``; a commune merged without a delegated commune to the
current neighbour it shares most of its border with), then lets mapshaper (MPL-2.0, run with
node at build time only: ``npm install mapshaper``) dissolve the parts of each commune,
simplify the outlines while keeping shared borders shared, and write a quantised TopoJSON.
The result, ``partenariat/data/communes.zip``, holds one TopoJSON per département
(``74.json``: layer ``communes``, one geometry per current commune, property ``code``: its
INSEE code). Sources and licences:
partenariat/data/SOURCES.md.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import shutil
import subprocess
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "data"
TARGET = ROOT / "partenariat" / "data" / "communes.zip"
#: Share of the vertices mapshaper keeps (weighted Visvalingam), and the quantisation grid.
KEEP = "25%"
QUANTIZATION = "40000"


def current_codes(source: Path) -> tuple[set[str], dict[str, str]]:
    """Today's communes, and each delegated or associated commune's parent."""
    with (source / "territoires" / "communes.csv").open(encoding="utf-8") as handle:
        today = {row["code"] for row in csv.DictReader(handle)}
    with (source / "territoires" / "communes-deleguees.csv").open(encoding="utf-8") as handle:
        parents = {row["code"]: row["commune_parente"] for row in csv.DictReader(handle)}
    return today, parents


def _vertices(geometry: dict[str, object]) -> set[tuple[float, float]]:
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    return {(x, y) for polygon in polygons for ring in polygon for x, y in ring}  # type: ignore[union-attr]


def assign(
    features: list[dict[str, object]], today: set[str], parents: dict[str, str]
) -> dict[str, str]:
    """The current commune of each 2018 code of one département's file."""
    mapping: dict[str, str] = {}
    orphans = []
    for feature in features:
        code = feature["properties"]["code"]  # type: ignore[index]
        if code in today:
            mapping[code] = code
        elif parents.get(code) in today:
            mapping[code] = parents[code]
        else:
            orphans.append(feature)
    points = {f["properties"]["code"]: _vertices(f["geometry"]) for f in features}  # type: ignore[index]
    for feature in orphans:
        code = feature["properties"]["code"]  # type: ignore[index]
        shared = Counter(
            {other: len(points[code] & points[other]) for other in mapping if other != code}
        )
        neighbour, count = shared.most_common(1)[0] if shared else ("", 0)
        if not count:
            raise SystemExit(f"{code} ({feature['properties']['nom']}) touches no current commune")  # type: ignore[index]
        mapping[code] = mapping[neighbour]
    return mapping


def combined(source: Path, today: set[str], parents: dict[str, str]) -> dict[str, object]:
    """Every 2018 outline with its current commune code (``commune``)."""
    features = []
    merged = 0
    for path in sorted((source / "geojson" / "communes-2018").glob("*.geojson.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            found = json.load(handle)["features"]
        mapping = assign(found, today, parents)
        for feature in found:
            code = feature["properties"]["code"]
            merged += mapping[code] != code
            features.append(
                {
                    "type": "Feature",
                    "properties": {"commune": mapping[code]},
                    "geometry": feature["geometry"],
                }
            )
    print(f"{len(features)} outlines of 2018, {merged} dissolved into today's communes")
    return {"type": "FeatureCollection", "features": features}


def run_mapshaper(mapshaper: str, geojson: Path, output: Path) -> None:
    """Dissolve, simplify (shared borders stay shared), then one TopoJSON per département
    (each quantised on its own extent) in ``output``."""
    command = [
        *mapshaper.split(),
        str(geojson),
        "-dissolve",
        "commune",
        "-rename-fields",
        "code=commune",
        "-simplify",
        KEEP,
        "keep-shapes",
        "-each",
        "departement = code.startsWith('97') ? code.slice(0, 3) : code.slice(0, 2)",
        "-split",
        "departement",
        "-filter-fields",
        "code",
        "-o",
        f"{output}/",
        "format=topojson",
        f"quantization={QUANTIZATION}",
        "singles",
    ]
    subprocess.run(command, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--mapshaper", default=shutil.which("mapshaper") or "npx mapshaper")
    arguments = parser.parse_args()
    today, parents = current_codes(arguments.source)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        geojson = work / "communes.json"
        geojson.write_text(json.dumps(combined(arguments.source, today, parents)), "utf-8")
        output = work / "departements"
        output.mkdir()
        run_mapshaper(arguments.mapshaper, geojson, output)
        communes = pack(sorted(output.glob("*.json")), TARGET)
    print(f"{communes} communes -> {TARGET} ({TARGET.stat().st_size / 1e6:.2f} MB)")


def pack(files: list[Path], target: Path) -> int:
    """One ``<département>.json`` TopoJSON member per département (layer ``communes``),
    written with a fixed date so that the same sources give the same bytes."""
    communes = 0
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in files:
            topology = json.loads(path.read_text("utf-8"))
            layer = next(iter(topology["objects"].values()))
            departement = layer["geometries"][0]["properties"]["code"][:2]
            if departement == "97":
                departement = layer["geometries"][0]["properties"]["code"][:3]
            topology["objects"] = {"communes": layer}
            communes += len(layer["geometries"])
            member = zipfile.ZipInfo(f"{departement}.json", date_time=(2018, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            text = json.dumps(topology, separators=(",", ":"), ensure_ascii=False)
            archive.writestr(member, text)
    return communes


if __name__ == "__main__":
    main()
