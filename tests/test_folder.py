"""Loading a data folder: every problem code, located, each with a folder that has it and one
that does not; aliases, twins in other encodings, workbooks."""

from __future__ import annotations

import builtins
import hashlib
import io
import os
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

import partenariat
from partenariat import InputError
from partenariat.io.folder import read, validate
from partenariat.problems import IMPORT_CODES, PROBLEM_CODES
from tests.conftest import MINIMAL, TODAY, FolderMaker

ORGS = "id,name,territories,fields\nA,Alpha,T1,logement\nB,Beta,T1,santé\n"
LINKS = "source,target\nA,B\n"
TERR = "code,name,parent\nT1,Commune,D\nD,Département,\n"


def _with(**files: str) -> dict[str, str]:
    return {**MINIMAL, **{name.replace("_", ".", 1): text for name, text in files.items()}}


# (code, files that have the problem, file and line where it is reported)
HAVE: list[tuple[str, dict[str, str | bytes], str, int | None]] = [
    ("missing-file", {"organisations.csv": ORGS}, "*", None),
    ("ambiguous-file", _with(liens_csv=LINKS), "links.csv", None),
    (
        "unreadable-file",
        _with(links_csv='source,target\nA,"B\n' + "x" * 20_000_000),
        "links.csv",
        None,
    ),
    ("empty-file", _with(links_csv="\n\n"), "links.csv", None),
    ("missing-column", _with(links_csv="source,type\nA,formal\n"), "links.csv", 1),
    ("duplicate-column", _with(links_csv="source,target,cible\nA,B,B\n"), "links.csv", 1),
    ("extra-cells", _with(links_csv="source,target\nA,B,surprise\n"), "links.csv", 2),
    ("empty-value", _with(organisations_csv="id,name\nA,Alpha\nB,\n"), "organisations.csv", 3),
    (
        "duplicate-id",
        _with(organisations_csv="id,name\nA,Alpha\nB,Beta\nA,Again\n"),
        "organisations.csv",
        4,
    ),
    ("unknown-organisation", _with(links_csv="source,target\nA,B\nA,Z\n"), "links.csv", 3),
    (
        "unknown-territory",
        _with(territories_csv=TERR, organisations_csv=ORGS + "C,Gamma,T9,x\n"),
        "organisations.csv",
        4,
    ),
    (
        "unknown-parent",
        _with(territories_csv="code,name,parent\nT1,Commune,X\n"),
        "territories.csv",
        2,
    ),
    (
        "territory-cycle",
        _with(territories_csv="code,name,parent\nT1,Commune,D\nD,Dép,T1\n"),
        "territories.csv",
        2,
    ),
    ("invalid-date", _with(links_csv="source,target,since\nA,B,31/02/2024\n"), "links.csv", 2),
    (
        "end-before-start",
        _with(interventions_csv="case,organisation,start,end\nS1,A,2025-03-01,01/02/2025\n"),
        "interventions.csv",
        2,
    ),
    ("invalid-number", _with(links_csv="source,target,weight\nA,B,beaucoup\n"), "links.csv", 2),
    (
        "invalid-coordinates",
        _with(organisations_csv="id,name,lat,lon\nA,Alpha,48.5,\nB,B,1,2\n"),
        "organisations.csv",
        2,
    ),
    (
        "personal-data-column",
        _with(interventions_csv="case,organisation,nom,prénom\nS1,A,Dupont,Marie\n"),
        "interventions.csv",
        1,
    ),
    ("self-link", _with(links_csv="source,target\nA,A\n"), "links.csv", 2),
    ("duplicate-link", _with(links_csv="source,target\nA,B\nB,A\n"), "links.csv", 3),
    (
        "stale-entry",
        _with(organisations_csv="id,name,updated\nA,Alpha,2024-11-23\nB,B,\n"),
        "organisations.csv",
        2,
    ),
    (
        "no-territory",
        _with(organisations_csv="id,name,fields\nA,Alpha,x\nB,Beta,x\n"),
        "organisations.csv",
        2,
    ),
    (
        "no-field",
        _with(organisations_csv="id,name,territories\nA,Alpha,T\nB,Beta,T\n"),
        "organisations.csv",
        2,
    ),
    ("unknown-column", _with(links_csv="source,target,intensitee\nA,B,2\n"), "links.csv", 1),
    ("unknown-file", _with(partenaire_csv="x\n"), "partenaire.csv", None),
    (
        "mangled-identifier",
        _with(organisations_csv="id,name\nA,Alpha\nB,B\n6.04876475005E+13,C\n"),
        "organisations.csv",
        4,
    ),
    (
        "invalid-email",
        _with(organisations_csv="id,name,email\nA,Alpha,pas un mail\nB,B,\n"),
        "organisations.csv",
        2,
    ),
    ("encoding-guessed", {**MINIMAL, "links.csv": "source,target\nA,B\n"}, "links.csv", None),
    (
        "encoding-mixed",
        {
            **MINIMAL,
            "organisations.csv": "id,name\nA,Épicerie\n".encode() + "B,Crèche\n".encode("cp1252"),
        },
        "organisations.csv",
        3,
    ),
    (
        "unbalanced-quote",
        _with(links_csv='source,target,note\nA,B,"oups\nB,A,ok\n'),
        "links.csv",
        2,
    ),
    (
        "control-character",
        _with(organisations_csv="id,name\nA,Al\x0bpha\nB,Beta\n"),
        "organisations.csv",
        2,
    ),
    (
        "territory-address-mismatch",
        {
            "organisations.csv": "id,name,territories,fields,address\n"
            'A,CCAS de Melun,77288,logement,"2 rue X, 77000 Melun"\n'
            'B,CCAS du Mée,77350,santé,"1 place Y, 77350 Le Mée-sur-Seine"\n',
            "links.csv": "source,target\nA,B\n",
        },
        "organisations.csv",
        3,
    ),
    (
        "list-separator",
        _with(organisations_csv='id,name,fields\nA,Alpha,"logement, santé"\nB,Beta,x\n'),
        "organisations.csv",
        2,
    ),
    (
        "invalid-level",
        _with(reponses_csv="repondant,partenaire,niveau\nA,B,9\n"),
        "reponses.csv",
        2,
    ),
    (
        "invalid-rating",
        _with(reponses_csv="repondant,partenaire,confiance\nA,B,1\nB,A,7\n"),
        "reponses.csv",
        3,
    ),
    ("self-named", _with(reponses_csv="repondant,partenaire\nA,A\n"), "reponses.csv", 2),
    (
        "duplicate-answer",
        _with(reponses_csv="repondant,partenaire\nA,B\nA,B\n"),
        "reponses.csv",
        3,
    ),
]


def test_every_problem_code_has_a_case() -> None:
    assert {code for code, *_ in HAVE} == set(PROBLEM_CODES) - IMPORT_CODES


@pytest.mark.parametrize(("code", "files", "file", "line"), HAVE, ids=[h[0] for h in HAVE])
def test_each_problem_is_reported_where_it_is(
    make_folder: FolderMaker, code: str, files: dict[str, str | bytes], file: str, line: int | None
) -> None:
    folder = make_folder(files)
    if code == "encoding-guessed":
        (folder / "links.csv").write_bytes(b"source,target\nA,B\n# \x81\x8d\n")
    found = [p for p in validate(folder, today=TODAY).problems if p.code == code]
    assert found, f"{code} not reported"
    problem = found[0]
    assert problem.severity == PROBLEM_CODES[code][0]
    if file != "*":
        assert problem.file == file
    assert problem.line == line
    assert problem.message
    assert problem.message_fr, f"{code} has no French message"
    assert problem.message_fr != problem.message or not problem.message.isascii()


@pytest.mark.parametrize("code", sorted(PROBLEM_CODES))
def test_a_clean_folder_has_no_problem(make_folder: FolderMaker, code: str) -> None:
    report = validate(make_folder(MINIMAL), today=TODAY)
    assert code not in report.codes()


def test_a_clean_folder_is_valid_and_counted(make_folder: FolderMaker) -> None:
    report = validate(make_folder(MINIMAL), today=TODAY)
    assert report.problems == ()
    assert report.counts["organisations"] == 2
    assert report.counts["links"] == 1


def test_six_different_errors_are_all_reported_in_one_run(make_folder: FolderMaker) -> None:
    folder = make_folder(
        {
            "organisations.csv": "id;nom;territoires;domaines;mise à jour\n"
            "A;Alpha;T1;logement;\n"
            "B;;T1;santé;\n"
            "A;Alpha bis;T1;santé;\n"
            "C;Gamma;T404;santé;\n"
            "D;Delta;T1;santé;31/02/2025\n",
            "liens.csv": "source;cible\nA;C\nA;ZZ\n",
            "territoires.csv": "code;nom\nT1;Commune\n",
            "interventions.csv": "situation;organisation\nS1;A\nS1;QQ\n",
        }
    )
    report = validate(folder, today=TODAY)
    located = {(p.code, p.file, p.line) for p in report.errors}
    assert located == {
        ("empty-value", "organisations.csv", 3),
        ("duplicate-id", "organisations.csv", 4),
        ("unknown-territory", "organisations.csv", 5),
        ("invalid-date", "organisations.csv", 6),
        ("unknown-organisation", "liens.csv", 3),
        ("unknown-organisation", "interventions.csv", 3),
    }
    with pytest.raises(InputError) as raised:
        partenariat.load(folder, today=TODAY)
    assert raised.value.report == report


def test_problem_columns_are_the_headers_as_written(make_folder: FolderMaker) -> None:
    folder = make_folder(_with(liens_csv="Source;CIBLE\nA;Z\n", links_csv=None or ""))
    (folder / "links.csv").unlink()
    problem = validate(folder).errors[0]
    assert (problem.code, problem.column) == ("unknown-organisation", "CIBLE")


def test_lost_leading_zero_gets_a_hint(make_folder: FolderMaker) -> None:
    folder = make_folder(
        _with(
            territories_csv="code,name\n01053,Bourg-en-Bresse\n",
            organisations_csv="id,name,territories,fields\nA,Alpha,1053,x\nB,B,01053,x\n",
        )
    )
    message = validate(folder).errors[0].message
    assert "'01053'" in message


FRENCH_1252 = {
    "organisations.csv": "Identifiant;Nom;Type;Territoires;Domaines;Publics;Latitude;Longitude;"
    "Mise à jour;Téléphone\n"
    "01;CCAS de Melun;CCAS;77288 | 77;Accès aux droits|Santé;;48,54;2,66;"
    "13/02/2025;01 64 00 00 00\n"
    "02;Épicerie « solidaire »;association;77288;alimentation;familles;;;;\n",
    "liens.csv": "Source;Cible;Type;Depuis;Intensité;Commentaire\n"
    "01;02;Convention;01/09/2020;2,5;aide alimentaire\n",
    "territoires.csv": "Code;Nom;Parent;Niveau;Population\n77;Seine-et-Marne;;département;\n"
    "77288;Melun;77;commune;45 995\n",
    "interventions.csv": "Situation;Organisation;Domaine;Début;Fin;Rôle\n"
    "S1;01;santé;13/02/2025;;référent\n",
}
ENGLISH_UTF8 = {
    "organisations.csv": "id,name,type,territories,fields,publics,lat,lon,updated,phone\n"
    "01,CCAS de Melun,CCAS,77288|77,Accès aux droits|Santé,,48.54,2.66,"
    "2025-02-13,01 64 00 00 00\n"
    "02,Épicerie « solidaire »,association,77288,alimentation,familles,,,,\n",
    "links.csv": "source,target,type,since,weight,note\n01,02,formal,2020-09-01,2.5,"
    "aide alimentaire\n",
    "territories.csv": "code,name,parent,level,population\n77,Seine-et-Marne,,département,\n"
    "77288,Melun,77,commune,45995\n",
    "interventions.csv": "case,organisation,field,start,end,role\n"
    "S1,01,santé,2025-02-13,,référent\n",
}


def test_french_excel_twin_loads_to_the_same_dataset(make_folder: FolderMaker) -> None:
    french = partenariat.load(make_folder(FRENCH_1252, encoding="cp1252", newline="\r\n"))
    english = partenariat.load(make_folder(ENGLISH_UTF8))
    assert french == english
    melun = english.territories[1]
    assert (melun.parents, melun.population) == (("77",), 45995)
    assert english.organisations[0].id == "01"
    assert english.links[0].type == "formal"


@pytest.mark.parametrize(
    "header",
    [
        "Mise à jour",
        "MISE A JOUR",
        " mise_a_jour ",
        "Mise-à-Jour",
        "updated",
        "date de mise à jour",
    ],
)
def test_headers_match_without_case_accents_or_separators(
    make_folder: FolderMaker, header: str
) -> None:
    folder = make_folder(_with(organisations_csv=f"id,nom,{header}\nA,Alpha,01/02/2025\nB,B,\n"))
    dataset, report = read(folder, today=TODAY)
    assert "unknown-column" not in report.codes()
    assert dataset.organisations[0].updated is not None


def test_unknown_columns_are_kept_and_the_closest_known_one_suggested(
    make_folder: FolderMaker,
) -> None:
    folder = make_folder(
        _with(organisations_csv="id,name,telephon,Référent interne\nA,Alpha,01,Mme X\nB,B,,\n")
    )
    dataset, report = read(folder)
    messages = [p.message for p in report.warnings if p.code == "unknown-column"]
    assert messages[0].endswith("kept as they are")
    assert messages[1].endswith("did you mean 'phone'?")
    assert dataset.organisations[0].extra == (("telephon", "01"), ("Référent interne", "Mme X"))


def test_a_workbook_with_a_sheet_per_table_loads(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Organisations"
    sheet.append(["Identifiant", "Nom", "Territoires", "Domaines", "Population"])
    sheet.append([59014, "CCAS", 1053, "logement", None])
    sheet.append(["B2", "CAF", "01053", "famille", None])
    links = workbook.create_sheet("Liens")
    links.append(["Source", "Cible", "Intensité"])
    links.append([59014, "B2", 2.5])
    links.append([59014, "Z", None])
    workbook.create_sheet("Notes").append(["anything"])
    path = tmp_path / "partenaires.xlsx"
    workbook.save(path)
    dataset, report = read(path)
    assert dataset.organisations[0].id == "59014"
    assert dataset.organisations[1].territories == ("01053",)
    assert dataset.links[0].weight == 2.5
    errors = [(p.file, p.line, p.code) for p in report.errors]
    assert errors == [
        ("partenaires.xlsx[Liens]", 3, "unknown-organisation"),
        ("partenaires.xlsx[Organisations]", 2, "unknown-territory"),
    ]
    assert "did you mean '01053'" in report.errors[1].message


def test_a_damaged_workbook_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "abime.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    assert validate(path).codes() == ["unreadable-file"]


def test_a_missing_path_is_reported(tmp_path: Path) -> None:
    assert validate(tmp_path / "absent").codes() == ["missing-file"]


def test_the_example_is_valid(example: Path) -> None:
    report = validate(example, today=TODAY)
    assert report.valid
    assert report.counts["organisations"] == 40
    assert report.counts["cases"] == 30


def _count_opens(monkeypatch: pytest.MonkeyPatch, folder: Path) -> Counter[str]:
    """How many times each file under ``folder`` is opened (every Python-level way to open
    a file goes through ``io.open``, ``builtins.open`` or ``os.open``: ``Path.read_bytes``,
    ``zipfile``, openpyxl, the reader's own ``os.open``...)."""
    opened: Counter[str] = Counter()
    root = folder.resolve()

    def counting(real: Callable[..., Any]) -> Callable[..., Any]:
        def open_(file: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(file, (str, Path)) and Path(file).resolve().is_relative_to(root):
                opened[Path(file).name] += 1
            return real(file, *args, **kwargs)

        return open_

    monkeypatch.setattr(io, "open", counting(io.open))
    monkeypatch.setattr(builtins, "open", counting(builtins.open))
    monkeypatch.setattr(os, "open", counting(os.open))
    return opened


def test_each_input_file_is_read_once_and_fingerprinted(
    tmp_path: Path, example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "data"
    shutil.copytree(example, folder)
    (folder / "notes.csv").write_text("not a table\n", encoding="utf-8")  # unknown-file
    expected = tuple(
        (path.name, hashlib.sha256(path.read_bytes()).hexdigest())
        for path in sorted(folder.iterdir())
        if path.name != "notes.csv"
    )
    opened = _count_opens(monkeypatch, folder)
    report = read(folder, today=TODAY)[1]
    assert report.valid
    assert report.sources == expected
    assert [name for name, _ in report.sources] == [
        "interventions.csv",
        "liens.csv",
        "organisations.csv",
        "services.csv",
        "territoires.csv",
    ]
    assert opened == dict.fromkeys((name for name, _ in expected), 1)


def test_a_workbook_is_read_once_and_fingerprinted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Organisations"
    sheet.append(["Identifiant", "Nom"])
    sheet.append(["A", "CCAS"])
    workbook.create_sheet("Liens").append(["Source", "Cible"])
    path = tmp_path / "partenaires.xlsx"
    workbook.save(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    opened = _count_opens(monkeypatch, tmp_path)
    dataset, report = read(path)
    assert dataset.organisations[0].name == "CCAS"
    assert report.sources == (("partenaires.xlsx", digest),)
    assert opened == {"partenaires.xlsx": 1}


@given(
    st.dictionaries(
        st.sampled_from("abcdefgh"),
        st.lists(st.sampled_from("abcdefgh"), max_size=4),
        max_size=8,
    )
)
def test_territory_cycles_are_found_as_networkx_finds_them(graph: dict[str, list[str]]) -> None:
    import networkx as nx

    from partenariat.io.folder import strongly_connected

    expected = nx.DiGraph()
    expected.add_nodes_from(graph)
    expected.add_edges_from((a, b) for a, targets in graph.items() for b in targets if b in graph)
    pruned = {a: [b for b in targets if b in graph] for a, targets in graph.items()}
    found = sorted(sorted(c) for c in strongly_connected(pruned))
    assert found == sorted(sorted(c) for c in nx.strongly_connected_components(expected))
