"""Build the bundled territory reference from ../shared/data/territoires/.

    python scripts/build_territories.py [SOURCE_FOLDER]

Writes partenariat/data/territoires.csv.gz: one row per territory with code, name, level,
parents (|-joined) and population. Codes: ``france``; ``region:NN``; département codes
(2-3 characters); EPCI and EPT SIREN (9 digits); commune and municipal arrondissement
INSEE codes (5 characters). A commune's parents are its EPCI (when it has one), its EPT
(Grand Paris) and its département; an arrondissement's parent is its commune; an EPCI's
parents are its départements (some span two); a département's parent is its région.
Sources and licences: partenariat/data/SOURCES.md.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "territoires"
TARGET = ROOT / "partenariat" / "data" / "territoires.csv.gz"


def build(source: Path) -> list[tuple[str, str, str, str, str]]:
    regions = json.loads((source / "regions.json").read_text(encoding="utf-8"))
    departements = json.loads((source / "departements.json").read_text(encoding="utf-8"))
    communes = list(csv.DictReader((source / "communes.csv").open(encoding="utf-8")))
    epcis = list(csv.DictReader((source / "epci.csv").open(encoding="utf-8")))
    epts = list(csv.DictReader((source / "ept.csv").open(encoding="utf-8")))
    rows: list[tuple[str, str, str, str, str]] = [("france", "France", "pays", "", "")]
    for region in regions:
        rows.append((f"region:{region['code']}", region["nom"], "région", "france", ""))
    known_regions = {r["code"] for r in regions}
    for dep in departements:
        parent = f"region:{dep['region']}" if dep.get("region") in known_regions else "france"
        rows.append((dep["code"], dep["nom"], "département", parent, ""))
    ept_departements: dict[str, set[str]] = defaultdict(set)
    for commune in communes:
        if commune["ept"]:
            ept_departements[commune["ept"]].add(commune["departement"])
    for epci in epcis:
        rows.append(
            (epci["code"], epci["nom"], "EPCI", epci["departements"], epci["population_municipale"])
        )
    for ept in epts:
        rows.append(
            (
                ept["code"],
                ept["nom"],
                "EPT",
                "|".join(sorted(ept_departements[ept["code"]])),
                ept["population_municipale"],
            )
        )
    for commune in communes:
        if commune["type"] == "arrondissement-municipal":
            parents = [commune["commune_parente"]]
        else:
            parents = [p for p in (commune["epci"], commune["ept"], commune["departement"]) if p]
        rows.append(
            (
                commune["code"],
                commune["nom"],
                "commune" if commune["type"] == "commune-actuelle" else "arrondissement",
                "|".join(parents),
                commune["population"],
            )
        )
    return rows


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE
    rows = build(source)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["code", "name", "level", "parents", "population"])
    writer.writerows(rows)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(TARGET, "wb", mtime=0) as handle:
        handle.write(buffer.getvalue().encode("utf-8"))
    print(f"wrote {TARGET} ({len(rows)} territories, {TARGET.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
