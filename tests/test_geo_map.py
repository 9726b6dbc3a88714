"""The geographic map's data, worked out by hand on three communes of Seine-et-Marne.

organisation  territories        field     place
a             Melun (77288)      santé     its coordinates (48.539 N, 2.660 E)
b             Melun              santé     Melun's centre
c             Le Mée (77285)     santé     Le Mée's centre
d             Dammarie (77152)   logement  Dammarie's centre
e             Seine-et-Marne     logement  the middle of the area's communes' centres

e names the whole département: the study area inferred from the local partners stays their
EPCI, the CA Melun Val de Seine (20 communes), as the command line opens it.

santé:    Melun 2 (several), Le Mée 1 (one), Dammarie 0 (gap), the 17 others 0
logement: Melun 1 (e), Le Mée 1 (e), Dammarie 2 (d, e), the 17 others 1 (e)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from partenariat import Network
from partenariat.analysis.offers import offer_index
from partenariat.app import Study
from partenariat.export.geo_map import (
    GeoOptions,
    NoOutlineError,
    UnknownFieldError,
    geo_map_data,
    geo_map_html,
)
from partenariat.geography import area_outlines
from tests.small_network import small_network

MELUN, LE_MEE, DAMMARIE = "77288", "77285", "77152"

ORGANISATIONS = """id;name;type;territories;fields;lat;lon
a;Centre de santé de Melun;centre de santé;77288;santé;48.539;2.660
b;CMP Melun;CMP;77288;santé;;
c;Maison de santé du Mée;maison de santé;77285;santé;;
d;CCAS de Dammarie;CCAS;77152;logement;;
e;ADIL 77;ADIL;77;logement;;
"""
LINKS = "source;target;type\na;b;formal\nc;d;informal\n"
NO_LINK = "source;target\n"


def _folder(path: Path, organisations: str, links: str = NO_LINK) -> Network:
    (path / "organisations.csv").write_text(organisations, encoding="utf-8")
    (path / "links.csv").write_text(links, encoding="utf-8")
    return Study.open(path).network


@pytest.fixture
def network(tmp_path: Path) -> Network:
    return _folder(tmp_path, ORGANISATIONS, LINKS)


def _commune(data: dict, code: str) -> dict:
    return next(c for c in data["communes"] if c["code"] == code)


def test_the_study_area_communes_and_no_other(network: Network) -> None:
    data = geo_map_data(network)
    codes = {c["code"] for c in data["communes"]}
    assert len(codes) == 20
    assert {MELUN, LE_MEE, DAMMARIE} <= codes
    assert codes == set(offer_index(network).tree.leaves)
    assert all(code.startswith("77") for code in codes)
    assert _commune(data, MELUN)["name"] == "Melun"
    assert _commune(data, MELUN)["population"] > 30_000


def test_communes_are_counted_per_field_as_worked_out(network: Network) -> None:
    data = geo_map_data(network)
    fields = data["fields"]
    sante, logement = fields.index("santé"), fields.index("logement")
    counts = {c["code"]: c["counts"] for c in data["communes"]}
    assert [counts[c][sante] for c in (MELUN, LE_MEE, DAMMARIE)] == [2, 1, 0]
    assert [counts[c][logement] for c in (MELUN, LE_MEE, DAMMARIE)] == [1, 1, 2]
    others = set(counts) - {MELUN, LE_MEE, DAMMARIE}
    assert {counts[c][sante] for c in others} == {0}
    assert {counts[c][logement] for c in others} == {1}


def test_the_field_shaded_first_is_the_one_asked_or_the_one_with_most_gaps(
    network: Network,
) -> None:
    data = geo_map_data(network)
    assert data["fields"][data["field"]] == "santé"  # 18 gaps; logement none
    asked = geo_map_data(network, GeoOptions(field="LOGEMENT"))
    assert asked["fields"][asked["field"]] == "logement"
    with pytest.raises(UnknownFieldError, match="emploi") as raised:
        geo_map_data(network, GeoOptions(field="emploi"))
    assert "logement, santé" in str(raised.value)
    assert "domaines" in raised.value.text("fr")


def test_organisations_at_their_coordinates_else_in_their_commune(network: Network) -> None:
    data = geo_map_data(network)
    area = area_outlines(c["code"] for c in data["communes"])
    where = {n["id"]: (n["x"], n["y"]) for n in data["nodes"]}
    centre = {c.code: c.centre for c in area.communes}
    assert where["a"] == area.project(48.539, 2.660)
    assert where["b"] == centre[MELUN]
    assert where["c"] == centre[LE_MEE]
    assert where["d"] == centre[DAMMARIE]
    middle_x = sum(x for x, _ in centre.values()) / len(centre)
    middle_y = sum(y for _, y in centre.values()) / len(centre)
    assert where["e"] == pytest.approx((middle_x, middle_y), abs=0.1)
    assert data["unplaced"] == 0


def test_links_join_placed_organisations(network: Network) -> None:
    data = geo_map_data(network)
    ids = [node["id"] for node in data["nodes"]]
    pairs = zip(data["links"]["from"], data["links"]["to"], strict=True)
    assert sorted((ids[a], ids[b]) for a, b in pairs) == [("a", "b"), ("c", "d")]
    types = [data["link_types"][k] for k in data["links"]["type"]]
    assert sorted(types) == ["formal", "informal"]


def test_organisations_sharing_a_place_are_spread_around_it(tmp_path: Path) -> None:
    rows = "".join(f"o{i};Org {i};CCAS;77288;santé\n" for i in range(6))
    data = geo_map_data(_folder(tmp_path, "id;name;type;territories;fields\n" + rows))
    points = {(n["x"], n["y"]) for n in data["nodes"]}
    assert len(points) == 6


def test_paris_lyon_marseille_are_drawn_whole_with_their_least_served_arrondissement(
    tmp_path: Path,
) -> None:
    network = _folder(
        tmp_path, "id;name;territories;fields\na;A;13201|13202;santé\nb;B;13201;santé\n"
    )
    data = geo_map_data(network)
    marseille = _commune(data, "13055")
    assert marseille["parts"] == ["13201", "13202"]
    assert marseille["counts"] == [1]  # 13201: 2, 13202: 1


def test_a_network_without_french_communes_has_no_geographic_map() -> None:
    with pytest.raises(NoOutlineError) as raised:
        geo_map_data(small_network())
    assert "INSEE" in raised.value.text("fr")


def test_the_page_is_one_offline_file_and_escapes_names(tmp_path: Path) -> None:
    network = _folder(
        tmp_path, "id;name;territories;fields\nx;</script><script>alert(1)</script>;77288;santé\n"
    )
    page = geo_map_html(network)
    assert page.count("<script>") == 2  # the renderer and the panel: no user script
    assert "<script>alert" not in page
    assert 'src="' not in page
    assert "http" not in page.split("</style>")[-1].split("<script")[0]


def test_overseas_communes_leave_the_mainland_plane_and_are_counted(tmp_path: Path) -> None:
    network = _folder(
        tmp_path,
        "id;name;territories;fields\n"
        "m;CCAS de Melun;77288;santé\n"
        "r;CCAS de Saint-Denis;97411;santé\n",
    )
    data = geo_map_data(network)
    assert data["communes"]
    assert all(not c["code"].startswith("97") for c in data["communes"])
    assert data["overseas"] > 0
    assert [n["id"] for n in data["nodes"]] == ["m"]
    assert data["unplaced"] == 1
