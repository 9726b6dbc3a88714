"""Suggestions hold a memory bounded by the input, whatever the shape of the network.

Each shape puts 20,000 organisations in one commune, one field each, so that about 200
million pairs are candidates (the former suggestions held them all: 0.95 GB for a star of
2,500 spokes, 3.1 GB at 5,000, a MemoryError at 20,000):

- a star: a hub linked to 20,000 spokes (the spokes unlinked among themselves);
- a clique of candidates: 20,000 organisations, no link;
- a dense bipartite block: 10,000 + 10,000 organisations of two complementary fields (two
  links across make them complementary): every pair across is a referral, every pair on
  one side pools.

Each runs in a fresh interpreter, which reports its peak resident memory
(``resource.getrusage(RUSAGE_SELF).ru_maxrss``, the imports and the data included): it
must stay under 1.5 GB. Measured by hand on a shared 2-core machine: about 160-180 MB and
under a second of suggestions for each. (A clique of *links* among 20,000 organisations
would be 200 million links, gigabytes of input before any analysis; such a shape is
bounded by its input: 1,500 organisations linked two by two, 1.1 million links, take half
a second and about 120 MB above their data, measured by hand.)
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

COUNT = 20_000
LIMIT = 1.5 * 1024**3

CHILD = """
import json, resource, sys, time
from partenariat.model import Dataset, Link, Organisation
from partenariat.network import Network
from partenariat.analysis.suggestions import suggestions

shape, count = sys.argv[1], int(sys.argv[2])
half = count // 2
fields = ["logement"] * (count + 1)
links = []
if shape == "star":  # o000000 is the hub
    links = [Link(source="o000000", target=f"o{i:06d}") for i in range(1, count + 1)]
elif shape == "bipartite":
    fields = ["logement"] * half + ["hébergement"] * (count - half)
    links = [Link(source=f"o{i:06d}", target=f"o{half + i:06d}") for i in range(2)]
organisations = tuple(
    Organisation(id=f"o{i:06d}", name=f"O{i}", territories=("C",), fields=(fields[i],))
    for i in range(count + (shape == "star"))
)
network = Network(Dataset(organisations=organisations, links=tuple(links)))
start = time.perf_counter()
found = suggestions(network)
seconds = time.perf_counter() - start
print(json.dumps({
    "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    "total": found.total,
    "listed": len(found),
    "first": list(found[0].organisations),
    "seconds": seconds,
}))
"""


@pytest.mark.parametrize(
    ("shape", "total", "first"),
    [
        ("star", (COUNT + 1) * COUNT // 2 - COUNT, ["o000001", "o000002"]),
        ("clique", COUNT * (COUNT - 1) // 2, ["o000000", "o000001"]),
        ("bipartite", COUNT * (COUNT - 1) // 2 - 2, ["o000000", "o000001"]),
    ],
)
def test_twenty_thousand_organisations_in_one_commune_stay_under_1_5_gb(
    shape: str, total: int, first: list[str]
) -> None:
    """The candidates are all counted (exactly), the first 10,000 listed by ids (they tie
    on everything else), in a bounded memory."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, shape, str(COUNT)],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    found = json.loads(done.stdout)
    assert found["peak"] < LIMIT, found
    assert found["total"] == total
    assert found["listed"] == 10_000
    assert found["first"] == first
