"""The study area: inferred from the local partners, never widened by wider ones (issue 12).

Worked out by hand on the bundled French territories: Douai (59178) and Waziers (59654) lie
in the CA Douaisis Agglo (200044618); Lille (59350) in the Métropole Européenne de Lille
(200093201); a CAF coded 59 serves the whole Nord, an ARS coded region:32 the Hauts-de-France.
"""

from __future__ import annotations

import json
from pathlib import Path

from partenariat import reference as ref
from partenariat.app import Study
from partenariat.model import Dataset, Organisation
from partenariat.study_area import infer_codes
from tests.cli import run
from tests.conftest import FolderMaker

DOUAISIS, LILLE = "200044618", "200093201"
LINKS = "source,target\nccas-douai,caf59\n"


def _folder(make_folder: FolderMaker, *rows: str) -> Path:
    organisations = "id,name,territories,fields\n" + "".join(f"{row}\n" for row in rows)
    return make_folder({"organisations.csv": organisations, "links.csv": LINKS})


LOCAL = ("ccas-douai,CCAS de Douai,59178,logement", "asso-waziers,Entraide,59654,alimentation")
WIDER = ("caf59,CAF du Nord,59,famille", "ars,ARS Hauts-de-France,region:32,santé")


def _communes(code: str) -> set[str]:
    return {c for c in ref.leaves_under(code) if ref.reference()[c].level == "commune"}


def test_one_epci_from_local_partners_and_wider_partners_do_not_widen(
    make_folder: FolderMaker,
) -> None:
    study = Study.open(_folder(make_folder, *LOCAL, *WIDER))
    area = study.area
    assert area.codes == (DOUAISIS,)
    assert area.inferred
    assert area.name == "CA Douaisis Agglo"
    assert area.communes == len(_communes(DOUAISIS))
    assert area.wider_partners == ("ars", "caf59")
    population = sum(ref.reference()[c].population or 0 for c in _communes(DOUAISIS))
    assert area.population == population


def test_gaps_are_counted_only_in_the_inferred_area(make_folder: FolderMaker) -> None:
    code, output = run(
        "gaps", str(_folder(make_folder, *LOCAL, *WIDER)), "--format", "json", "--all"
    )
    assert code == 0, output
    payload = json.loads(output)
    assert payload["study_area"]["codes"] == [DOUAISIS]
    assert payload["study_area"]["inferred"] is True
    gap_territories = {g["territory"] for g in payload["coverage_gaps"]}
    assert gap_territories
    assert gap_territories <= _communes(DOUAISIS)
    assert "59350" not in gap_territories


def test_two_epcis(make_folder: FolderMaker) -> None:
    folder = _folder(make_folder, *LOCAL, "ccas-lille,CCAS de Lille,59350,logement", *WIDER)
    assert Study.open(folder).area.codes == (DOUAISIS, LILLE)


def test_an_epci_named_directly_is_itself() -> None:
    data = Dataset(organisations=(Organisation(id="a", name="A", territories=(DOUAISIS,)),))
    assert infer_codes(data) == ((DOUAISIS,), ())


def test_partners_named_only_at_departement_level_infer_nothing(
    make_folder: FolderMaker,
) -> None:
    study = Study.open(_folder(make_folder, "caf59,CAF,59,famille", "ccas-douai,X,59,logement"))
    assert study.area.codes == ()
    assert not study.area.inferred
    assert study.area.communes == len(_communes("59"))


def test_an_explicit_scope_replaces_the_inferred_area(make_folder: FolderMaker) -> None:
    folder = _folder(make_folder, *LOCAL, *WIDER)
    code, output = run("gaps", str(folder), "--scope", "59", "--format", "json", "--all")
    assert code == 0, output
    area = json.loads(output)["study_area"]
    assert (area["codes"], area["inferred"], area["communes"]) == (["59"], False, 647)


def test_scope_and_level_together_stay_inside_the_scope(make_folder: FolderMaker) -> None:
    folder = _folder(make_folder, *LOCAL, *WIDER)
    code, output = run(
        "analyse", str(folder), "--scope", "59", "--level", "EPCI", "--format", "json", "--all"
    )
    assert code == 0, output
    rows = json.loads(output)["coverage"]["territories"]
    epcis = {c for c in ref.reference() if ref.reference()[c].level == "EPCI"}
    in_nord = {c for c in epcis if "59" in ref.ancestors(c) or _communes(c) & _communes("59")}
    assert {row["territory"] for row in rows} == in_nord
    assert DOUAISIS in in_nord
    assert "200066793" not in in_nord  # the Grand Annecy is not


def test_the_text_and_the_report_name_the_area(make_folder: FolderMaker, tmp_path: Path) -> None:
    folder = _folder(make_folder, *LOCAL, *WIDER)
    code, output = run("analyse", str(folder))
    assert code == 0, output
    flat = " ".join(output.split())
    assert "Territoire étudié : CA Douaisis Agglo" in flat
    assert "déduit des territoires où agissent les partenaires locaux" in flat
    assert "--scope" not in flat  # words for partners; the option is in --help and the guide
    code, output = run("report", str(folder), "-o", str(tmp_path / "r.html"))
    assert code == 0, output
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "CA Douaisis Agglo" in page
    assert "Lille" not in page


def test_the_report_takes_a_title(tmp_path: Path) -> None:
    from tests.conftest import EXAMPLE

    code, output = run(
        "report", str(EXAMPLE), "-o", str(tmp_path / "r.html"), "--title", "Assises <2026>"
    )
    assert code == 0, output
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<h1>Assises &lt;2026&gt;</h1>" in page


def test_a_territory_file_of_ones_own_is_studied_whole(make_folder: FolderMaker) -> None:
    folder = make_folder(
        {
            "territories.csv": "code,name,parent,level\nD,Dép,,département\n"
            "c1,Un,D,commune\nc2,Deux,D,commune\nc3,Trois,D,commune\n",
            "organisations.csv": "id,name,territories,fields\nccas,CCAS,c1,logement\n"
            "caf,CAF,D,famille\n",
            "links.csv": "source,target\nccas,caf\n",
        }
    )
    area = Study.open(folder).area
    assert (area.codes, area.inferred, area.communes) == ((), False, 3)


def test_scope_is_repeatable_or_bar_separated(example: Path) -> None:
    import json

    from tests.cli import run

    both = [
        run("gaps", str(example), "--format", "json", *args)[1]
        for args in (
            ["--scope", "77038", "--scope", "77288"],
            ["--scope", "77038|77288"],
        )
    ]
    areas = [json.loads(text)["study_area"]["codes"] for text in both]
    assert areas[0] == areas[1] == ["77038", "77288"]
