"""``partenariat map`` and ``partenariat export``."""

from __future__ import annotations

from pathlib import Path

from tests.cli import run as _run


def test_map_writes_one_file(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "carte.html"
    code, _ = _run("map", str(example), "-o", str(out), "--color-by", "field", "--lang", "en")
    assert code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["carte.html"]
    assert "Partnership network" in out.read_text(encoding="utf-8")


def test_map_refuses_to_overwrite(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "carte.html"
    out.write_text("mine", encoding="utf-8")
    code, output = _run("map", str(example), "-o", str(out))
    assert code == 1
    assert "--force" in output
    assert out.read_text(encoding="utf-8") == "mine"


def test_map_prefilters(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "ego.html"
    code, _ = _run("map", str(example), "-o", str(out), "--ego", "ccas-lemee")
    assert code == 0
    assert "2 organisations, 1 lien" in out.read_text(encoding="utf-8")
    assert "1 liens" not in out.read_text(encoding="utf-8")


def test_map_unknown_names_are_usage_errors(example: Path, tmp_path: Path) -> None:
    code, output = _run("map", str(example), "-o", str(tmp_path / "x.html"), "--ego", "zz")
    assert code == 2
    assert "organisation inconnue\u00a0: «\u00a0zz\u00a0»" in output
    code, output = _run("map", str(example), "-o", str(tmp_path / "x.html"), "--case", "S404")
    assert code == 2
    assert not (tmp_path / "x.html").exists()


def test_eco_map_hides_the_case_id_unless_asked(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "eco.html"
    assert _run("map", str(example), "--case", "S09", "-o", str(out))[0] == 0
    assert "S09" not in out.read_text(encoding="utf-8")
    assert (
        _run("map", str(example), "--case", "S09", "-o", str(out), "--force", "--show-cases")[0]
        == 0
    )
    assert "S09" in out.read_text(encoding="utf-8")


def test_export_each_format(example: Path, tmp_path: Path) -> None:
    for fmt, name in (
        ("gexf", "r.gexf"),
        ("graphml", "r.graphml"),
        ("json", "r.json"),
        ("csv", "tables"),
    ):
        assert _run("export", str(example), "--to", fmt, "-o", str(tmp_path / name))[0] == 0
    assert (tmp_path / "tables" / "nodes.csv").exists()
    code, output = _run("export", str(example), "--to", "gexf", "-o", str(tmp_path / "r.gexf"))
    assert code == 1
    assert "--force" in output


def test_map_geo_draws_the_study_area(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "geo.html"
    code, _ = _run("map", str(example), "-o", str(out), "--geo", "--field", "emploi")
    assert code == 0
    page = out.read_text(encoding="utf-8")
    assert "Carte géographique du réseau" in page
    assert '"renderer":"geo"' in page
    assert '"code":"77288"' in page


def test_map_geo_names_the_fields_when_the_field_is_unknown(example: Path, tmp_path: Path) -> None:
    out = tmp_path / "geo.html"
    code, output = _run("map", str(example), "-o", str(out), "--geo", "--field", "astronomie")
    assert code == 2
    assert "astronomie" in output
    assert "emploi" in output
    assert not out.exists()


def test_map_full_draws_every_organisation(tmp_path: Path) -> None:
    folder = tmp_path / "grand"
    code, _ = _run("synth", "-n", "1200", "--seed", "3", "-o", str(folder))
    assert code == 0
    grouped, full = tmp_path / "g.html", tmp_path / "f.html"
    assert _run("map", str(folder), "-o", str(grouped), "--aggregate-above", "1000")[0] == 0
    assert _run("map", str(folder), "-o", str(full), "--aggregate-above", "1000", "--full")[0] == 0
    assert '"groups":' in grouped.read_text(encoding="utf-8")
    text = full.read_text(encoding="utf-8")
    assert '"groups":' not in text
    assert '"renderer":"sigma"' in text
