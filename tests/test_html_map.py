"""The map's data and page, without a browser."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import partenariat
from partenariat import OutputExistsError
from partenariat.export.html_map import MapOptions, json_for_script, map_data, map_html, write_map
from tests.conftest import EXAMPLE
from tests.small_network import small_network


def test_json_for_script_cannot_close_the_script_block() -> None:
    text = json_for_script({"a": "</script><!-- & \u2028"})
    assert "<" not in text
    assert ">" not in text
    assert "&" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def test_marks_sizes_and_colours_of_the_small_network() -> None:
    data = map_data(small_network())
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["caf"]["marks"] == ["broker"]
    assert nodes["ccas1"]["marks"] == ["broker"]
    assert nodes["p1"]["marks"] == ["isolated"]
    assert nodes["cmp"]["shapeProperties"]["borderDashes"] == [4, 3]
    assert nodes["caf"]["size"] > nodes["asso2"]["size"] > nodes["cmp"]["size"]
    assert nodes["ccas1"]["filters"]["territory"] == ["c1"]
    assert nodes["asso2"]["filters"]["public"] == ["jeunes"]
    assert nodes["caf"]["filters"]["every_public"] is True
    assert "x" not in nodes["caf"]  # small network: physics lays it out


def test_edges_are_styled_by_link_type() -> None:
    edges = map_data(small_network())["edges"]
    styles = {(e["from"], e["to"], e["type"]): (e["dashes"], e["arrows"]) for e in edges}
    assert styles[("caf", "ccas1", "formal")] == (False, "")
    assert styles[("caf", "ccas1", "referral")] == (False, "to")
    assert styles[("ccas1", "asso2", "informal")] == (True, "")


def test_legend_lists_the_colours_and_link_types_used() -> None:
    legend = map_data(small_network(), MapOptions(color_by="field"))["legend"]
    assert {item["label"] for item in legend["colours"]} == {
        "alimentation",
        "emploi",
        "famille",
        "santé",
    }
    assert [item["label"] for item in legend["edges"]] == [
        "formel (convention)",
        "informel",
        "orientation",
    ]


def test_territory_filter_options_include_ancestors_by_level() -> None:
    filters = {f["key"]: f for f in map_data(small_network())["filters"]}
    values = [o["value"] for o in filters["territory"]["options"]]
    assert values[0] == "D"
    assert set(values) == {"D", "E1", "c1", "c2", "c3"}


def test_the_same_input_gives_the_same_bytes() -> None:
    network = partenariat.Network.from_path(EXAMPLE)
    assert map_html(network) == map_html(partenariat.Network.from_path(EXAMPLE))


def test_the_page_is_self_contained_and_forbids_requests() -> None:
    page = map_html(small_network())
    assert "Content-Security-Policy" in page
    assert "connect-src 'none'" in page
    assert not re.search(r"<(link|iframe|img)\b", page)
    assert not re.search(r"""(src|href)=["']?https?:""", page)


def test_write_map_never_overwrites_silently(tmp_path: Path) -> None:
    target = tmp_path / "carte.html"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(OutputExistsError):
        write_map(small_network(), target)
    assert target.read_text(encoding="utf-8") == "mine"
    write_map(small_network(), target, overwrite=True)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_nothing_but_the_file_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_map(small_network(), tmp_path / "out" / "carte.html")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "out",
        "out/carte.html",
    ]


def test_notebook_view_is_an_escaped_iframe() -> None:
    from partenariat.export.html_map import show

    view = show(small_network(), MapOptions(lang="en"), height=400)
    rendered = view._repr_html_()
    assert rendered.startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;')
    assert "height:400px" in rendered
    assert "<script" not in rendered


def test_large_networks_get_a_grouped_map_by_default() -> None:
    from partenariat.export.html_map import aggregated_map_data
    from tests.synthetic import random_network

    network = random_network(1200)
    options = MapOptions(aggregate_above=1000)
    assert options.grouping(1200) == "community"
    assert MapOptions(aggregate_above=1000, aggregate="none").grouping(1200) == "none"
    data = aggregated_map_data(network, "community", options)
    sizes = [int(row[1]) for node in data["nodes"] for row in node["card"][:1]]
    assert sum(sizes) == 1200
    assert all(node["id"].startswith("g") for node in data["nodes"])
    assert len(data["nodes"]) < 100
    page = map_html(network, options)
    assert "Grand réseau\u00a0: chaque nœud regroupe des organisations" in page


def test_grouping_by_departement(example: Path) -> None:
    from partenariat.export.html_map import aggregated_map_data

    network = partenariat.Network.from_path(example)
    data = aggregated_map_data(network, "territory", MapOptions())
    assert data["nodes"][0]["name"] == "Seine-et-Marne"
    assert sum(int(n["card"][0][1]) for n in data["nodes"]) == 40
