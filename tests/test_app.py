"""The application layer: one study, sections computed when asked, the same answers
whichever way in, edge folders that diagnose without an error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import partenariat
from partenariat.analysis.diagnosis import DiagnosisOptions, diagnose
from partenariat.app.analyse import Listing, analyse, section
from partenariat.app.study import ScopeError, Study
from tests.conftest import EXAMPLE, FolderMaker

NO_FIELDS = {
    "organisations.csv": "id,name,territories\na,A,77288\nb,B,77288\nc,C,77285\n",
    "links.csv": "source,target\na,b\n",
}
EMPTY = {"organisations.csv": "id,name\n", "links.csv": "source,target\n"}


def test_a_section_computes_only_what_it_shows() -> None:
    study = Study.open(EXAMPLE)
    sections = study.sections()
    section(study, "gaps", study.options(), Listing())
    assert set(vars(sections)) >= {"coverage"}
    assert not {"structure", "suggestions", "overlaps", "isolation"} & set(vars(sections))
    section(study, "isolated", study.options(), Listing())
    assert "isolation" in vars(sections)
    assert "structure" not in vars(sections)


def test_the_sections_are_shared_by_every_output_of_a_study() -> None:
    study = Study.open(EXAMPLE)
    assert study.sections() is study.sections(study.options())
    assert study.diagnose() is study.diagnose()
    assert study.sections().coverage is study.diagnose().coverage


def test_the_library_and_the_app_give_the_same_diagnosis() -> None:
    study = partenariat.open(EXAMPLE)
    by_study = study.diagnose(DiagnosisOptions()).to_dict()
    by_function = diagnose(Study.open(EXAMPLE).network).to_dict()
    assert by_study == by_function
    assert by_study["summary"]["gaps"] == 59  # the inferred area: 20 communes


def test_the_summary_of_a_diagnosis_cannot_be_changed() -> None:
    summary = Study.open(EXAMPLE).diagnose().summary
    with pytest.raises(TypeError):
        summary["gaps"] = -1  # type: ignore[index]


@pytest.mark.parametrize("files", [NO_FIELDS, EMPTY], ids=["no fields", "empty"])
def test_folders_without_fields_are_diagnosed(
    make_folder: FolderMaker, files: dict[str, str]
) -> None:
    study = Study.open(make_folder(files))
    result = study.diagnose()
    assert result.summary["fields"] == 0
    assert result.summary["gaps"] == 0
    assert len(result.overlaps) == 0
    assert len(result.suggestions) == 0
    for fmt in ("table", "json", "csv"):
        assert analyse(study, study.options(), Listing(fmt=fmt))  # type: ignore[arg-type]


def test_an_unknown_territory_of_the_scope_is_a_lookup_error() -> None:
    with pytest.raises(ScopeError) as raised:
        Study.open(EXAMPLE, scope=("nulle-part-99",))
    assert isinstance(raised.value, LookupError)


def test_the_study_file_gives_the_scope_and_the_caller_wins(make_folder: FolderMaker) -> None:
    files = {p.name: p.read_text(encoding="utf-8-sig") for p in EXAMPLE.glob("*.csv")}
    folder = make_folder({**files, "partenariat.toml": 'territoire = "77288"\n'})
    assert Study.open(folder).network.scope == ("77288",)
    assert Study.open(folder, scope=("77285",)).network.scope == ("77285",)


def test_the_command_line_called_from_an_unguarded_script_returns(tmp_path: Path) -> None:
    """No child process: a script without ``if __name__ == "__main__"`` runs once."""
    script = tmp_path / "script.py"
    script.write_text(
        "import sys\n"
        "from partenariat.cli import cli\n"
        f"sys.argv = ['partenariat', 'analyse', {str(EXAMPLE)!r}, '--format', 'json']\n"
        "try:\n"
        "    cli(prog_name='partenariat')\n"
        "except SystemExit as exit:\n"
        "    print('exit', exit.code, file=sys.stderr)\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("{")
    assert done.stderr.count("exit 0") == 1


def test_import_partenariat_stays_light() -> None:
    code = (
        "import sys, partenariat\n"
        "heavy = {'polars', 'numpy', 'pydantic', 'igraph', 'scipy', 'networkx'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_validate_and_help_never_import_the_graph_libraries() -> None:
    code = (
        "import sys\n"
        "from partenariat.cli import cli\n"
        f"for args in (['--help'], ['validate', {str(EXAMPLE)!r}]):\n"
        "    try:\n"
        "        cli(args, prog_name='partenariat')\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted({'igraph', 'scipy', 'networkx'} & set(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_a_study_answers_in_named_tables() -> None:
    study = partenariat.open(EXAMPLE)
    assert len(study.gaps()) == study.diagnose().summary["gaps"]
    brokers = study.brokers()
    assert brokers.columns == ("organisation", "name", "cut_off", "degree")
    assert all(row["name"] == study.network.name(row["organisation"]) for row in brokers)
    assert "<table>" in study._repr_html_()
    assert "Study" in repr(study)


def test_a_missing_folder_is_a_file_not_found_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        partenariat.open(tmp_path / "nulle-part")


def test_a_map_shown_in_a_notebook_can_be_saved(tmp_path: Path) -> None:
    view = partenariat.open(EXAMPLE).show()
    written = view.save(tmp_path / "carte.html")
    assert written.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    with pytest.raises(FileExistsError):
        view.save(tmp_path / "carte.html")
