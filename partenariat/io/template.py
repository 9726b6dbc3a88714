"""The collection workbook (*classeur de collecte*) partners fill in Excel or LibreOffice.

:func:`collection_workbook` writes an xlsx with an instructions sheet in plain French and
the sheets Organisations, Liens and Services with French headers, each pre-filled with the
rows of an existing network when there is one. Drop-down lists (data validation, from a
hidden sheet *Listes*) offer the types, sectors, fields, publics and link types — the
network's own words first, then the usual ones — and the study area's territories by name
with their code (``Sevrier (74267)``), which the reader turns back into codes; the lists
accept other values after a warning, except the identifiers of the Liens and Services
sheets, which must be organisations of the first sheet. Dates and e-mail addresses are
checked as they are typed. A field, public or territory that takes several values is
spread over numbered columns (``Domaine 1``, ``Domaine 2``...; add ``Domaine 4`` for a
fourth): the reader merges them. The workbook reads back as it is
(``partenariat validate collecte.xlsx``); :mod:`partenariat.io.merge` gathers several
returned workbooks into one data folder.

Examples:
    >>> import partenariat
    >>> from openpyxl import load_workbook
    >>> import io
    >>> network = partenariat.Network.from_path("examples/melun-val-de-seine")
    >>> book = load_workbook(io.BytesIO(collection_workbook(network)))
    >>> book.sheetnames
    ['Instructions', 'Organisations', 'Liens', 'Services', 'Territoires', 'Listes']
    >>> book["Organisations"]["A1"].value, book["Organisations"].max_row
    ('Identifiant', 41)
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from partenariat.model import Organisation
from partenariat.territory import TerritoryTree
from partenariat.text import fold
from partenariat.vocabulary import FIELDS, PUBLICS, SECTORS, TYPES, merged
from partenariat.xlsxcells import append_row

if TYPE_CHECKING:  # only its dataset and scope are read: io never imports the layers above
    from partenariat.network import Network

#: Rows offered with drop-down lists and checks below the pre-filled ones.
EMPTY_ROWS = 300
#: At least this many numbered columns for territories, fields and publics.
NUMBERED = 3
#: The levels of territory offered in the drop-down list, broadest first.
#: (not the région: a partner coded by its région would stretch the study area.)
LIST_LEVELS = ("département", "EPCI", "EPT", "commune", "arrondissement")
#: Link types in the words of the workbook (read back by the reader's aliases).
LINK_WORDS = {
    "formal": "convention",
    "informal": "informel",
    "referral": "orientation",
    "funding": "financement",
}

INSTRUCTIONS = (
    "Classeur de collecte des partenaires",
    "",
    "Ce classeur sert à recenser les organisations du territoire, leurs liens et leurs "
    "services. Merci de le compléter puis de le renvoyer tel quel, au format .xlsx.",
    "",
    "1. Feuille « Organisations » : une ligne par organisation.",
    "   - Identifiant : un code court et unique, sans espace (par exemple ccas-sevrier). "
    "Il sert à nommer l'organisation dans les autres feuilles ; ne pas le changer une fois "
    "donné.",
    "   - Nom : le nom complet de l'organisation.",
    "   - Type, Secteur : à choisir dans la liste (un autre mot reste possible).",
    "   - Territoire 1, 2, 3… : les communes ou intercommunalités où elle intervient, à "
    "choisir dans la liste. Pour en donner plus, ajouter une colonne « Territoire 4 ».",
    "   - Domaine 1, 2, 3… : ce qu'elle fait (logement, santé, emploi…). Même principe.",
    "   - Public 1, 2, 3… : pour qui. Laisser vide si elle reçoit tout le monde.",
    "   - Mise à jour : la date du jour où la fiche a été vérifiée (JJ/MM/AAAA).",
    "",
    "2. Feuille « Liens » : une ligne par partenariat entre deux organisations.",
    "   - Source et Cible : les identifiants des deux organisations (liste déroulante).",
    "   - Type de lien : convention, informel, orientation (la source oriente des "
    "personnes vers la cible) ou financement (la source finance la cible).",
    "",
    "3. Feuille « Services » (facultative) : les services d'une organisation quand ils "
    "n'ont pas tous les mêmes domaines, publics ou territoires.",
    "",
    "Ne pas renommer les feuilles ni les titres de colonnes. Les listes déroulantes "
    "viennent de la feuille masquée « Listes ».",
    "",
    "Vérifier le classeur avant de l'envoyer : partenariat validate collecte.xlsx",
)


@dataclass(frozen=True)
class _Column:
    header: str
    width: int
    kind: str = "text"  # text, date, email, number, id
    choices: str | None = None  # a column of the Listes sheet
    strict: bool = False


def collection_workbook(network: Network | None = None, *, prefill: bool = True) -> bytes:
    """The collection workbook (see the module docstring) for ``network``'s study area,
    pre-filled with its rows (unless ``prefill`` is false); without a network, an empty
    workbook with the usual words and no territory list."""
    from openpyxl import Workbook

    workbook = Workbook()
    tree = territory_tree(network) if network is not None else None
    rows = _rows(network, tree) if prefill and network is not None and tree is not None else _Rows()
    instructions = workbook.active
    assert instructions is not None
    instructions.title = "Instructions"
    for line in INSTRUCTIONS:
        instructions.append([line])
    instructions.column_dimensions["A"].width = 110
    instructions["A1"].font = _bold(14)
    extras = rows.extras
    organisation_columns = _organisation_columns(rows.widths, extras.get("organisations", ()))
    _sheet(workbook, "Organisations", organisation_columns, rows.organisations)
    _sheet(workbook, "Liens", _link_columns(extras.get("links", ())), rows.links)
    _sheet(workbook, "Services", _service_columns(extras.get("services", ())), rows.services)
    if network is not None:
        _territory_sheet(workbook, network)
    _lists_sheet(workbook, _lists(network, tree))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _bold(size: int = 11) -> Any:
    from openpyxl.styles import Font

    return Font(bold=True, size=size)


@dataclass(frozen=True)
class _Rows:
    """The pre-filled rows of each sheet, and how many numbered columns the territories
    (``t``), fields (``f``) and publics (``p``) of the organisations need."""

    organisations: list[list[Any]] = field(default_factory=list)
    links: list[list[Any]] = field(default_factory=list)
    services: list[list[Any]] = field(default_factory=list)
    widths: dict[str, int] = field(default_factory=lambda: dict.fromkeys("tfp", NUMBERED))
    extras: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Headers of the columns outside the format, kept in their own columns."""


def _organisation_columns(widths: dict[str, int], extras: Sequence[str]) -> list[_Column]:
    return [
        _Column("Identifiant", 18, "id"),
        _Column("Nom", 36),
        _Column("Type", 20, choices="Types"),
        _Column("Secteur", 12, choices="Secteurs"),
        *(_Column(f"Territoire {i + 1}", 26, choices="Territoires") for i in range(widths["t"])),
        *(_Column(f"Domaine {i + 1}", 20, choices="Domaines") for i in range(widths["f"])),
        *(_Column(f"Public {i + 1}", 20, choices="Publics") for i in range(widths["p"])),
        _Column("Adresse", 30),
        _Column("Courriel", 26, "email"),
        _Column("Téléphone", 16, "id"),
        _Column("Site", 26),
        _Column("Mise à jour", 12, "date"),
        _Column("Présentation", 40),
        _Column("Latitude", 11, "number"),
        _Column("Longitude", 11, "number"),
        *(_Column(header, 20) for header in extras),
    ]


def _link_columns(extras: Sequence[str]) -> list[_Column]:
    return [
        _Column("Source", 18, "id", choices="Identifiants", strict=True),
        _Column("Cible", 18, "id", choices="Identifiants", strict=True),
        _Column("Type de lien", 14, choices="Types de lien"),
        _Column("Depuis", 12, "date"),
        _Column("Intensité", 10, "number"),
        _Column("Commentaire", 40),
        *(_Column(header, 20) for header in extras),
    ]


def _service_columns(extras: Sequence[str]) -> list[_Column]:
    return [
        _Column("Organisation", 18, "id", choices="Identifiants", strict=True),
        _Column("Nom", 30),
        _Column("Domaine 1", 20, choices="Domaines"),
        _Column("Domaine 2", 20, choices="Domaines"),
        _Column("Public 1", 20, choices="Publics"),
        _Column("Public 2", 20, choices="Publics"),
        _Column("Territoire 1", 26, choices="Territoires"),
        _Column("Territoire 2", 26, choices="Territoires"),
        _Column("Présentation", 40),
        _Column("Identifiant", 16, "id"),
        *(_Column(header, 20) for header in extras),
    ]


def _lists(network: Network | None, tree: TerritoryTree | None) -> dict[str, tuple[str, ...]]:
    """The drop-down lists: the network's words first, then the usual ones."""
    orgs: Sequence[Organisation] = network.dataset.organisations if network is not None else ()
    services = network.dataset.services if network is not None else ()
    fields = [f for o in orgs for f in o.fields] + [f for s in services for f in s.fields]
    publics = [p for o in orgs for p in o.publics] + [p for s in services for p in s.publics]
    return {
        "Types": merged((o.type or "" for o in orgs), TYPES),
        "Secteurs": merged((o.sector or "" for o in orgs), SECTORS),
        "Domaines": merged(fields, FIELDS),
        "Publics": merged(publics, PUBLICS),
        "Territoires": tuple(_label(p) for p in area_places(tree)),
        "Types de lien": tuple(LINK_WORDS.values()),
    }


class Place(NamedTuple):
    """A territory of the drop-down list: its code and its name."""

    code: str
    name: str


def territory_tree(network: Network) -> TerritoryTree:
    """The territories of ``network``'s study area, with every code its organisations and
    services name: the tree the analyses index the offers over (built here from the
    dataset, so that io needs no analysis).

    >>> import partenariat
    >>> tree = territory_tree(partenariat.Network.from_path("examples/melun-val-de-seine"))
    >>> len(tree.leaves), "77288" in tree
    (20, True)
    """
    data = network.dataset
    named = [
        *data.organisation_columns().frame["territories"].explode().drop_nulls().to_list(),
        *(code for service in data.services for code in service.territories),
    ]
    return TerritoryTree(data.territories, named=named, scope=network.scope)


def area_places(tree: TerritoryTree | None) -> tuple[Place, ...]:
    """The study area's territories a partner may name (``tree``: see
    :func:`territory_tree`): its départements, EPCIs and communes (and the levels around
    them), broadest first, then by name."""
    if tree is None:
        return ()
    leaves = set(tree.leaves)
    above = {a for leaf in leaves for a in tree.ancestors(leaf)}
    wanted = [c for c in tree.codes if c in leaves or c in above]
    order = {level: i for i, level in enumerate(LIST_LEVELS)}
    kept = [c for c in wanted if tree.level(c) in order or c in leaves]
    kept.sort(key=lambda c: (order.get(tree.level(c) or "", len(order)), fold(tree.name(c)), c))
    return tuple(Place(c, tree.name(c)) for c in kept)


def _label(place: Place) -> str:
    """A territory as the lists show it: its name and its code (``Sevrier (74267)``)."""
    return place.code if place.name == place.code else f"{place.name} ({place.code})"


def _rows(network: Network, tree: TerritoryTree) -> _Rows:
    labels = {c: _label(Place(c, tree.name(c))) for c in tree.codes}
    data = network.dataset
    widths = {
        "t": max((len(o.territories) for o in data.organisations), default=0),
        "f": max((len(o.fields) for o in data.organisations), default=0),
        "p": max((len(o.publics) for o in data.organisations), default=0),
    }
    widths = {key: max(NUMBERED, value) for key, value in widths.items()}
    extras = {
        "organisations": _extra_headers(data.organisations),
        "links": _extra_headers(data.links),
        "services": _extra_headers(data.services),
    }
    organisations = [
        [
            o.id,
            o.name,
            o.type,
            o.sector,
            *_spread((labels.get(c, c) for c in o.territories), widths["t"]),
            *_spread(o.fields, widths["f"]),
            *_spread(o.publics, widths["p"]),
            o.address,
            o.email,
            o.phone,
            o.website,
            o.updated,
            o.description,
            o.lat,
            o.lon,
            *_extra_values(o.extra, extras["organisations"]),
        ]
        for o in data.organisations
    ]
    links = [
        [
            link.source,
            link.target,
            LINK_WORDS.get(link.type or "", link.type),
            link.since,
            link.weight,
            link.note,
            *_extra_values(link.extra, extras["links"]),
        ]
        for link in data.links
    ]
    services = [
        [
            s.organisation,
            s.name,
            *_spread(s.fields, 2, joined=True),
            *_spread(s.publics, 2, joined=True),
            *_spread((labels.get(c, c) for c in s.territories), 2, joined=True),
            s.description,
            s.id,
            *_extra_values(s.extra, extras["services"]),
        ]
        for s in data.services
    ]
    return _Rows(organisations, links, services, widths, extras)


def _extra_headers(records: Iterable[Any]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(header for r in records for header, _ in r.extra))


def _extra_values(extra: tuple[tuple[str, str], ...], headers: Sequence[str]) -> list[str]:
    found = dict(extra)
    return [found.get(header, "") for header in headers]


def _spread(values: Iterable[str], width: int, *, joined: bool = False) -> list[str | None]:
    """``values`` over ``width`` cells (the last cell holding the rest, ``|``-joined, when
    ``joined``)."""
    items = list(values)
    if joined and len(items) > width:
        items = [*items[: width - 1], "|".join(items[width - 1 :])]
    return [*items, *([None] * (width - len(items)))][: max(width, len(items))]


def _sheet(workbook: Any, title: str, columns: list[_Column], rows: list[list[Any]]) -> Any:
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title)
    sheet.append([c.header for c in columns])
    for cell in sheet[1]:
        cell.font = _bold()
    for row in rows:
        append_row(sheet, (_cell(v) for v in row))
    sheet.freeze_panes = "B2" if title == "Organisations" else "A2"
    last = (sheet.max_row if rows else 1) + EMPTY_ROWS
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        if column.kind in ("id", "text"):
            sheet.column_dimensions[letter].number_format = "@"
        elif column.kind == "date":
            sheet.column_dimensions[letter].number_format = "DD/MM/YYYY"
        _validate(sheet, column, f"{letter}2:{letter}{last}", letter)
    return sheet


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, (dt.date, int, float)):
        return value
    return str(value)


#: The column of each list in the hidden Listes sheet.
_LIST_ORDER = ("Types", "Secteurs", "Domaines", "Publics", "Territoires", "Types de lien")


def _validate(sheet: Any, column: _Column, cells: str, letter: str) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    rule: DataValidation | None = None
    if column.choices == "Identifiants":
        rule = DataValidation(type="list", formula1="=Organisations!$A$2:$A$5000", allow_blank=True)
        rule.error = "Choisir l'identifiant d'une organisation de la feuille Organisations."
        rule.errorTitle = "Identifiant inconnu"
    elif column.choices is not None:
        position = get_column_letter(_LIST_ORDER.index(column.choices) + 1)
        rule = DataValidation(
            type="list",
            formula1=f"=Listes!${position}$2:${position}$5000",
            allow_blank=True,
            errorStyle="warning",
        )
        rule.error = "Cette valeur n'est pas dans la liste : la garder quand même ?"
        rule.errorTitle = "Valeur hors liste"
    elif column.kind == "date":
        rule = DataValidation(
            type="date", operator="greaterThan", formula1="DATE(1900,1,1)", allow_blank=True
        )
        rule.error = "Une date est attendue (JJ/MM/AAAA)."
        rule.errorTitle = "Date"
    elif column.kind == "email":
        rule = DataValidation(
            type="custom",
            formula1=f'AND(ISNUMBER(SEARCH("@",{letter}2)),ISERROR(SEARCH(" ",{letter}2)))',
            allow_blank=True,
        )
        rule.error = "Une adresse électronique est attendue (nom@domaine.fr)."
        rule.errorTitle = "Courriel"
    elif column.kind == "number":
        rule = DataValidation(
            type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True
        )
        rule.error = "Un nombre positif est attendu."
        rule.errorTitle = "Nombre"
    if rule is None:
        return
    rule.showErrorMessage = True
    sheet.add_data_validation(rule)
    rule.add(cells)


def _territory_sheet(workbook: Any, network: Network) -> None:
    """A territory file of the network's own (not France's) travels with the workbook, so
    that it reads back with the same territories."""
    territories = network.dataset.territories
    if not territories or network.dataset.on_reference():
        return
    sheet = workbook.create_sheet("Territoires")
    sheet.append(["Code", "Nom", "Parents", "Niveau", "Population"])
    for cell in sheet[1]:
        cell.font = _bold()
    for territory in territories:
        append_row(
            sheet,
            (
                territory.code,
                territory.name,
                "|".join(territory.parents),
                territory.level,
                territory.population,
            ),
        )
    sheet.column_dimensions["A"].number_format = "@"


def _lists_sheet(workbook: Any, lists: dict[str, tuple[str, ...]]) -> None:
    sheet = workbook.create_sheet("Listes")
    sheet.append(list(_LIST_ORDER))
    longest = max((len(v) for v in lists.values()), default=0)
    for i in range(longest):
        append_row(sheet, (_text(lists[name], i) for name in _LIST_ORDER))
    sheet.sheet_state = "hidden"


def _text(values: tuple[str, ...], i: int) -> str | None:
    return values[i] if i < len(values) else None
