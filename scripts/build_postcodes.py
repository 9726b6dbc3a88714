"""Build the bundled postcodes of the communes from ../shared/data/territoires/communes.csv.

    python scripts/build_postcodes.py [SOURCE_FOLDER]

Writes partenariat/data/codes-postaux.csv.gz: one row per commune or municipal
arrondissement (INSEE code) with its postcodes (|-joined), from the same package as the
territories (``@etalab/decoupage-administratif``). Used to warn when an organisation's
address lies in none of the communes it names (``territory-address-mismatch``). Sources and
licences: partenariat/data/SOURCES.md.
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "territoires"
TARGET = ROOT / "partenariat" / "data" / "codes-postaux.csv.gz"


def build(source: Path) -> list[tuple[str, str]]:
    with (source / "communes.csv").open(encoding="utf-8") as handle:
        return sorted(
            (row["code"], row["codes_postaux"])
            for row in csv.DictReader(handle)
            if row["codes_postaux"]
        )


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE
    rows = build(source)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["code", "codes_postaux"])
    writer.writerows(rows)
    TARGET.write_bytes(gzip.compress(buffer.getvalue().encode("utf-8"), mtime=0))
    print(f"wrote {len(rows)} communes to {TARGET}")


if __name__ == "__main__":
    main()
