"""The eco-map of one case: spokes labelled, référent starred, ended interventions greyed,
links bending away from the situation."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

from partenariat import Dataset, Intervention, Link, Network, Organisation
from partenariat.export.ecomap import CENTRE, ENDED, REFERENT, _outward, ecomap_data, ecomap_html

AT = dt.date(2025, 6, 1)


def _case() -> Network:
    orgs = tuple(
        Organisation(id=i, name=name, territories=("T",), fields=(field,))
        for i, name, field in (
            ("a", "CCAS", "accès aux droits"),
            ("b", "CMP", "santé mentale"),
            ("c", "Mission locale", "emploi"),
            ("d", "Épicerie", "alimentation"),
        )
    )
    day = dt.date
    interventions = (
        Intervention(
            case="S1",
            organisation="a",
            field="accès aux droits",
            start=day(2025, 1, 6),
            role="référent",
        ),
        Intervention(
            case="S1",
            organisation="b",
            field="santé mentale",
            start=day(2024, 2, 1),
            end=day(2024, 12, 31),
        ),
        Intervention(case="S1", organisation="c", field="emploi", start=day(2025, 3, 1)),
        Intervention(case="S1", organisation="d", field="alimentation", start=day(2025, 2, 1)),
    )
    links = (Link(source="a", target="c", type="formal"),)
    return Network(Dataset(organisations=orgs, links=links, interventions=interventions))


def test_the_referent_is_starred_and_the_ended_intervention_greyed() -> None:
    data = ecomap_data(_case(), "S1", at=AT)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["a"]["referent"] is True
    assert nodes["a"]["label"].startswith("★ ")
    assert nodes["a"]["color"]["border"] == REFERENT
    assert nodes["b"]["ended"] is True
    assert nodes["b"]["color"]["background"] == ENDED
    assert not nodes["c"]["ended"]
    labels = [m["label"] for m in data["legend"]["marks"]]
    assert "★ référent déclaré" in labels
    assert "intervention terminée (en gris)" in labels


def test_each_spoke_says_the_field_and_dates() -> None:
    data = ecomap_data(_case(), "S1", at=AT)
    spokes = {e["to"]: e for e in data["edges"] if e["from"] == CENTRE}
    assert spokes["b"]["label"] == "santé mentale · 01/02/2024 → 31/12/2024"
    assert spokes["b"]["dashes"]  # ended
    assert spokes["a"]["label"] == "accès aux droits · 06/01/2025 → …"
    assert not spokes["a"]["dashes"]


def _bend_away(a: tuple[float, float], b: tuple[float, float], kind: str) -> bool:
    """Whether the curve of ``kind`` from a to b bends away from the origin, taking
    ``curvedCCW`` as bending to the right of a -> b on screen (y down)."""
    (ax, ay), (bx, by) = a, b
    right = (-(by - ay), bx - ax)
    middle = ((ax + bx) / 2, (ay + by) / 2)
    side = 1 if kind == "curvedCCW" else -1
    return side * (right[0] * middle[0] + right[1] * middle[1]) >= 0


def test_links_between_organisations_bend_away_from_the_situation() -> None:
    data = ecomap_data(_case(), "S1", at=AT)
    position = {n["id"]: (n["x"], n["y"]) for n in data["nodes"]}
    between = [e for e in data["edges"] if e["from"] != CENTRE]
    assert {e["type"] for e in between} == {"formal", "missing"}
    for edge in between:
        assert _bend_away(position[edge["from"]], position[edge["to"]], edge["smooth"]["type"])
    # every pair of a circle, both ways round: the rule holds
    points = [(100 * math.cos(k), 100 * math.sin(k)) for k in (0.3, 1.4, 2.9, 4.0, 5.5)]
    for i, p in enumerate(points):
        for q in points[i + 1 :]:
            ids = {"p": p, "q": q}
            assert _bend_away(p, q, _outward(ids, "p", "q")["type"])
            assert _bend_away(q, p, _outward(ids, "q", "p")["type"])


def test_the_eco_map_page_in_chromium(tmp_path: Path, open_page: Any) -> None:
    from tests.test_report_browser import SCREENSHOTS

    path = tmp_path / "ecocarte.html"
    path.write_text(ecomap_html(_case(), "S1", at=AT), encoding="utf-8")
    opened = open_page(path)
    assert opened.requests == []
    assert opened.problems == []
    labelled = opened.page.evaluate("window.partenariatMap.edges.get().filter(e => e.label).length")
    assert labelled == 4
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    opened.page.screenshot(path=str(SCREENSHOTS / "ecomap-1280.png"))


def test_cases_case_lists_field_dates_and_role(tmp_path: Path) -> None:
    from partenariat.analysis.cases import cases
    from partenariat.export.cases_text import render_case

    network = _case()
    text = render_case(cases(network, case="S1").cases[0], network)
    assert "- CCAS\u00a0: accès aux droits, 06/01/2025 → …, référent" in text
    assert "- CMP\u00a0: santé mentale, 01/02/2024 → 31/12/2024" in text


def test_map_case_at_a_date_greys_what_had_ended(example: Path, tmp_path: Path) -> None:
    import json
    import re

    from tests.cli import run

    def ended(at: str) -> int:
        out = tmp_path / f"eco-{at}.html"
        code, output = run("map", str(example), "--case", "S01", "--at", at, "-o", str(out))
        assert code == 0, output
        raw = re.search(
            r'<script type="application/json" id="map-data">(.*?)</script>',
            out.read_text(encoding="utf-8"),
            re.S,
        )
        assert raw is not None
        return sum(1 for n in json.loads(raw.group(1))["nodes"] if n.get("ended"))

    assert ended("2025-01-01") == 0
    assert ended("2030-01-01") >= ended("2025-07-01") >= 1
