"""The partner questionnaire: one workbook per organisation (or one shared workbook), and
the answers read back into ``reponses.csv``.

Each organisation's workbook lists every other organisation of the network; the respondent
ticks its partners and, for each, gives the level of collaboration (1-5, the five levels of
the Levels of Collaboration scale, named and explained on the sheet), its trust in the
partner and the value the partner brings (1-4 each, after the PARTNER tool's trust and
value items), and how often they work together; "aucun partenaire" records an answer with
no partner. The shared workbook (``single=True``) is one sheet *Réponses* with a row per
answer. :func:`read_questionnaires` turns returned workbooks into :class:`Response`
records, reporting what it cannot read with the file, sheet, line and column.

Examples:
    >>> import io, partenariat
    >>> from openpyxl import load_workbook
    >>> network = partenariat.Network.from_path("examples/melun-val-de-seine")
    >>> files = questionnaires(network)
    >>> len(files), sorted(files)[0]
    (40, 'questionnaire-adil77.xlsx')
    >>> sheet = load_workbook(io.BytesIO(files["questionnaire-adil77.xlsx"]))["Questionnaire"]
    >>> sheet["B2"].value, sheet.max_row - HEADER_ROW
    ('adil77', 39)
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from partenariat.errors import PartenariatError
from partenariat.model import LEVELS
from partenariat.problems import ProblemCollector, ValidationReport
from partenariat.text import fold
from partenariat.xlsxcells import append_row, mark_text

if TYPE_CHECKING:  # io never imports the layers above it
    from partenariat.network import Network

#: The row of the answers' headers in an organisation's questionnaire.
HEADER_ROW = 14
HEADERS = (
    "Identifiant",
    "Organisation",
    "Type",
    "Partenaire ?",
    "Niveau",
    "Confiance",
    "Valeur",
    "Fréquence",
)
LEVEL_TEXT = {
    1: "se connaître, échanger des informations",
    2: "s'entraider ponctuellement, s'orienter des personnes",
    3: "partager des ressources, planifier ensemble certaines actions",
    4: "décider ensemble, mettre des moyens en commun",
    5: "une action commune, des objectifs et des ressources partagés",
}
RATINGS = "1 pas du tout · 2 un peu · 3 plutôt · 4 tout à fait"
FREQUENCIES = ("chaque semaine", "chaque mois", "chaque trimestre", "moins souvent")
YES = frozenset({"oui", "o", "x", "yes", "y", "1", "vrai", "true"})


def level_label(level: int) -> str:
    """``3 coordination``: the level as the drop-down lists show it."""
    return f"{level} {LEVELS[level][0]}"


#: Above this many organisations, one questionnaire each (every one listing all the others)
#: is refused: the shared workbook is the way.
MAX_PER_ORGANISATION = 500


class TooManyQuestionnaires(PartenariatError, ValueError):
    """One questionnaire per organisation would be too many, and too long, to answer."""


def questionnaires(network: Network, *, single: bool = False) -> dict[str, bytes]:
    """The questionnaire workbooks (file name -> bytes): one per organisation, or one shared
    workbook ``questionnaire.xlsx`` when ``single`` (required above
    :data:`MAX_PER_ORGANISATION` organisations)."""
    if single:
        return {"questionnaire.xlsx": _shared(network)}
    if network.size > MAX_PER_ORGANISATION:
        raise TooManyQuestionnaires(
            f"{network.size:,} organisations: one questionnaire each would list "
            f"{network.size - 1:,} partners to everyone; use --single (one shared workbook), "
            "or survey a smaller network",
            french=f"{network.size:,} organisations\u00a0: un questionnaire chacune listerait "
            f"{network.size - 1:,} partenaires à chacune\u00a0; utiliser --single (un "
            "classeur commun), ou enquêter sur un réseau plus petit".replace(",", "\u00a0"),
        )
    organisations = sorted(network.dataset.organisations, key=lambda o: o.id)
    used: set[str] = set()
    return {_file_name(org.id, used): _one(network, org.id) for org in organisations}


def _file_name(org_id: str, used: set[str]) -> str:
    slug = re.sub(r"[^0-9a-z]+", "-", fold(org_id)).strip("-") or "organisation"
    name, number = f"questionnaire-{slug}.xlsx", 1
    while name in used:
        number += 1
        name = f"questionnaire-{slug}-{number}.xlsx"
    used.add(name)
    return name


def _one(network: Network, respondent: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    org = network.organisations[respondent]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Questionnaire"
    sheet["A1"] = f"Questionnaire partenarial — {org.name}"
    sheet["A1"].font = Font(bold=True, size=14)
    mark_text(sheet["A1"])
    rows = [
        ("Organisation qui répond", respondent, org.name),
        ("Date de la réponse", None, "JJ/MM/AAAA"),
        ("Aucun partenaire dans cette liste", None, "écrire « oui » si c'est le cas"),
        (
            "Mode d'emploi",
            "Pour chaque organisation avec qui vous travaillez, écrire « oui » dans la "
            "colonne Partenaire ?, puis choisir le niveau, la confiance, la valeur et la "
            "fréquence. Laisser vides les autres lignes.",
            None,
        ),
        ("Niveaux", "Niveau de collaboration (échelle de Frey et al., 2006) :", None),
        *((None, level_label(n), LEVEL_TEXT[n]) for n in LEVELS),
        (
            "Confiance, valeur",
            f"Confiance ; valeur de ce que le partenaire apporte : {RATINGS}",
            None,
        ),
    ]
    for number, (label, value, note) in enumerate(rows, start=2):
        for column, content in zip("ABC", (label, value, note), strict=True):
            if content is not None:
                cell = sheet[f"{column}{number}"]
                cell.value = content
                mark_text(cell)
        if label:
            sheet[f"A{number}"].font = Font(bold=True)
    sheet["B3"].number_format = "DD/MM/YYYY"
    sheet["B2"].number_format = "@"
    for column, header in zip("ABCDEFGH", HEADERS, strict=True):
        cell = sheet[f"{column}{HEADER_ROW}"]
        cell.value = header
        cell.font = Font(bold=True)
    others = sorted(
        (o for o in network.dataset.organisations if o.id != respondent),
        key=lambda o: (fold(o.name), o.id),
    )
    for row, other in enumerate(others, start=HEADER_ROW + 1):
        for column, value in zip("ABC", (other.id, other.name, other.type or ""), strict=True):
            cell = sheet[f"{column}{row}"]
            cell.value = value
            mark_text(cell)
    last = HEADER_ROW + max(len(others), 1)
    _list_rule(sheet, DataValidation, f"D{HEADER_ROW + 1}:D{last} B4", '"oui"')
    _list_rule(
        sheet, DataValidation, f"E{HEADER_ROW + 1}:E{last}", _quoted(level_label(n) for n in LEVELS)
    )
    _list_rule(sheet, DataValidation, f"F{HEADER_ROW + 1}:G{last}", '"1,2,3,4"')
    _list_rule(sheet, DataValidation, f"H{HEADER_ROW + 1}:H{last}", _quoted(FREQUENCIES))
    date_rule = DataValidation(type="date", operator="greaterThan", formula1="DATE(2000,1,1)")
    date_rule.error = "Une date est attendue (JJ/MM/AAAA)."
    sheet.add_data_validation(date_rule)
    date_rule.add("B3")
    for column, width in zip("ABCDEFGH", (30, 40, 28, 12, 20, 11, 9, 16), strict=True):
        sheet.column_dimensions[column].width = width
    for row in range(2, HEADER_ROW):
        sheet[f"B{row}"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _quoted(values: Iterable[str]) -> str:
    return '"' + ",".join(values) + '"'


def _list_rule(sheet: Any, rule_type: Any, cells: str, formula: str) -> None:
    rule = rule_type(type="list", formula1=formula, allow_blank=True, errorStyle="warning")
    rule.error = "Choisir une valeur de la liste."
    sheet.add_data_validation(rule)
    for part in cells.split():
        rule.add(part)


def _shared(network: Network) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    guide = workbook.active
    assert guide is not None
    guide.title = "Mode d'emploi"
    for line in (
        "Questionnaire partenarial (classeur commun)",
        "",
        "Feuille « Réponses » : une ligne par partenaire cité. Répondant : votre identifiant ; "
        "Partenaire : l'identifiant du partenaire (laisser vide pour « aucun partenaire »).",
        "Niveau de collaboration (Frey et al., 2006) :",
        *(f"  {level_label(n)} : {LEVEL_TEXT[n]}" for n in LEVELS),
        f"Confiance en ce partenaire ; valeur de ce qu'il apporte : {RATINGS}",
        "Les identifiants sont dans la feuille « Organisations ».",
    ):
        guide.append([line])
    guide["A1"].font = Font(bold=True, size=14)
    guide.column_dimensions["A"].width = 110
    answers = workbook.create_sheet("Réponses")
    answers.append(
        ["Répondant", "Partenaire", "Niveau", "Confiance", "Valeur", "Fréquence", "Date"]
    )
    for cell in answers[1]:
        cell.font = Font(bold=True)
    listing = workbook.create_sheet("Organisations")
    listing.append(["Identifiant", "Organisation", "Type"])
    organisations = sorted(network.dataset.organisations, key=lambda o: (fold(o.name), o.id))
    for org in organisations:
        append_row(listing, (org.id, org.name, org.type or ""))
    ids = f"=Organisations!$A$2:$A${len(organisations) + 1}"
    strict = DataValidation(type="list", formula1=ids, allow_blank=True)
    strict.error = "Choisir un identifiant de la feuille Organisations."
    answers.add_data_validation(strict)
    strict.add("A2:A5000")
    strict.add("B2:B5000")
    _list_rule(answers, DataValidation, "C2:C5000", _quoted(level_label(n) for n in LEVELS))
    _list_rule(answers, DataValidation, "D2:E5000", '"1,2,3,4"')
    _list_rule(answers, DataValidation, "F2:F5000", _quoted(FREQUENCIES))
    for column, width in zip("ABCDEFG", (20, 20, 20, 11, 9, 16, 12), strict=True):
        answers.column_dimensions[column].width = width
    answers.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------- reading


def read_questionnaires(paths: Iterable[str | Path]) -> tuple[list[list[Any]], ValidationReport]:
    """The answers of returned questionnaires as rows of ``reponses.csv`` (respondent,
    partner, level, trust, value, frequency, date), and what could not be read."""
    from partenariat.io.workbook import UnreadableWorkbook, open_workbook, rows

    out = ProblemCollector()
    found: list[list[Any]] = []
    for path in paths:
        path = Path(path)
        try:
            with open_workbook(path) as workbook:
                names = {fold(sheet.title): sheet for sheet in workbook.worksheets}
                if "reponses" in names:
                    found += _shared_rows(names["reponses"], rows)
                elif "questionnaire" in names:
                    found += _one_rows(path, names["questionnaire"], rows, out)
                else:
                    out.add(
                        path.name,
                        None,
                        None,
                        "unreadable-file",
                        (
                            "ni feuille « Questionnaire » ni feuille « Réponses »",
                            "neither a sheet 'Questionnaire' nor a sheet 'Réponses'",
                        ),
                    )
        except UnreadableWorkbook as error:
            out.add(path.name, None, None, "unreadable-file", (error.text("fr"), str(error)))
    return found, out.report()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _one_rows(path: Path, sheet: Any, rows: Any, out: ProblemCollector) -> list[list[Any]]:
    label = f"{path.name}[{sheet.title}]"
    cells = [tuple(_text(v) for v in row) for row in rows(sheet)]

    def cell(row: int, column: int) -> str:
        if row - 1 < len(cells) and column < len(cells[row - 1]):
            return cells[row - 1][column]
        return ""

    respondent = cell(2, 1)
    if not respondent:
        out.add(
            label,
            2,
            "B",
            "empty-value",
            ("l'identifiant de l'organisation qui répond manque", "the respondent's id is missing"),
        )
        return []
    date = cell(3, 1)
    header = next((i for i, row in enumerate(cells, start=1) if row[:1] == ("Identifiant",)), None)
    if header is None:
        out.add(
            label,
            None,
            None,
            "missing-column",
            (
                "la ligne d'en-tête (Identifiant, Organisation…) manque",
                "the header row (Identifiant, Organisation...) is missing",
            ),
        )
        return []
    answers = []
    for number in range(header + 1, len(cells) + 1):
        row = cells[number - 1] + ("",) * 8
        partner, ticked, level, trust, value, frequency = (row[i] for i in (0, 3, 4, 5, 6, 7))
        if not partner or not (fold(ticked) in YES or level or trust or value):
            continue
        answers.append([respondent, partner, level, trust, value, frequency, date])
    if not answers and (fold(cell(4, 1)) in YES or date):
        answers.append([respondent, "", "", "", "", "", date])
    return answers


def _shared_rows(sheet: Any, rows: Any) -> list[list[Any]]:
    cells = [tuple(_text(v) for v in row) for row in rows(sheet)]
    if not cells:
        return []
    return [list((row + ("",) * 7)[:7]) for row in cells[1:] if any(row)]


#: The headers of ``reponses.csv`` as :func:`read_questionnaires` writes its rows.
RESPONSE_HEADERS = ["répondant", "partenaire", "niveau", "confiance", "valeur", "fréquence", "date"]
