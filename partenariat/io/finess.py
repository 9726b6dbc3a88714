r"""Import of FINESS extracts (health and medico-social establishments, ANS / DREES).

Establishments (``nofinesset``) and legal entities (``nofinessej``) become organisations;
a legal entity's management of its establishments becomes a link of type ``management``
(entity -> establishment); a grouping (GCC) becomes an organisation and each resolvable
member a link of type ``membership`` (member -> grouping); relations between establishments
(``role_relation``) become links of type ``relation``. Territories are the ``cog_commune``
INSEE codes. Closed entities (``etat`` = I, or a closing date) are left out unless asked,
and counted in the report; members that the files cannot resolve are reported.

Examples:
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "ej.csv").write_text("nofinessej,raison_sociale_longue,cog_commune,etat\n"
    ...                                    "010000156,CLINIQUE CONVERT,01053,A\n")
    >>> _ = (folder / "et.csv").write_text("nofinesset,nofinessej,raison_sociale_longue,"
    ...                                    "cog_commune,etat\n"
    ...                                    "010780195,010000156,CLINIQUE  CONVERT,01053,A\n")
    >>> dataset, report = import_finess(legal_entities=folder / "ej.csv",
    ...                                 establishments=folder / "et.csv")
    >>> [(x.source, x.target, x.type) for x in dataset.links]
    [('010000156', '010780195', 'management')]
    >>> dataset.organisations[1].name
    'CLINIQUE CONVERT'
"""

from __future__ import annotations

from pathlib import Path

from partenariat.i18n import fq
from partenariat.io.tables import RawTable, read_csv_file
from partenariat.io.values import parse_date, parse_number
from partenariat.model import Dataset, Link, Organisation
from partenariat.problems import ProblemCollector, ValidationReport

SOURCE = "FINESS"


def _table(
    path: Path | None, out: ProblemCollector, required: tuple[str, ...]
) -> tuple[RawTable | None, dict[str, int]]:
    if path is None:
        return None, {}
    result = read_csv_file(Path(path))
    for problem in result.problems:
        said = (problem.message_fr or problem.message, problem.message)
        out.add(Path(path).name, problem.line, None, problem.code, said)
    table = result.table
    if table is None:
        return None, {}
    columns = {name.strip().lower(): i for i, name in enumerate(table.header)}
    missing = [c for c in required if c not in columns]
    for column in missing:
        out.add(
            table.label,
            table.header_line,
            None,
            "missing-column",
            (
                f"la colonne obligatoire {fq(column)} manque",
                f"required column {column!r} is missing",
            ),
        )
    return (None, {}) if missing else (table, columns)


def _cell(cells: tuple[str, ...], columns: dict[str, int], name: str) -> str:
    index = columns.get(name)
    return cells[index].strip() if index is not None and index < len(cells) else ""


def _closed(cells: tuple[str, ...], columns: dict[str, int]) -> bool:
    closing = "date_fermeture" if "date_fermeture" in columns else ""
    return _cell(cells, columns, "etat").upper() == "I" or bool(
        closing and _cell(cells, columns, closing)
    )


def import_finess(
    *,
    legal_entities: Path | None = None,
    establishments: Path | None = None,
    relations: Path | None = None,
    groupings: Path | None = None,
    include_closed: bool = False,
) -> tuple[Dataset, ValidationReport]:
    """Read the FINESS extracts given; the dataset of what could be imported and a report."""
    out = ProblemCollector()
    organisations: dict[str, Organisation] = {}
    links: list[Link] = []
    closed = 0

    ej, ej_columns = _table(legal_entities, out, ("nofinessej", "raison_sociale_longue"))
    first_line: dict[str, tuple[str, int]] = {}
    for line, cells in ej.rows if ej else []:
        number = _cell(cells, ej_columns, "nofinessej")
        if _closed(cells, ej_columns) and not include_closed:
            closed += 1
            continue
        label = ej.label if ej else ""
        if not _numbered(number, label, line, "nofinessej", first_line, out):
            continue
        organisations[number] = _organisation(
            number, cells, ej_columns, "entité juridique", label, line, out
        )

    et, et_columns = _table(establishments, out, ("nofinesset", "raison_sociale_longue"))
    for line, cells in et.rows if et else []:
        number = _cell(cells, et_columns, "nofinesset")
        if _closed(cells, et_columns) and not include_closed:
            closed += 1
            continue
        if not _numbered(number, et.label if et else "", line, "nofinesset", first_line, out):
            continue
        category = _cell(cells, et_columns, "categorie_etablissement")
        kind = f"établissement (catégorie FINESS {category})" if category else "établissement"
        organisations[number] = _organisation(
            number, cells, et_columns, kind, et.label if et else "", line, out
        )
        manager = _cell(cells, et_columns, "nofinessej")
        if manager and manager in organisations:
            links.append(
                Link.model_construct(
                    source=manager,
                    target=number,
                    type="management",
                    since=None,
                    weight=None,
                    note=None,
                    extra=(),
                )
            )
        elif manager and legal_entities is not None:
            out.add(
                et.label if et else "",
                line,
                "nofinessej",
                "unresolved-reference",
                (
                    f"l'entité juridique {fq(manager)} n'est pas parmi les entités ouvertes"
                    "\u00a0; lien de gestion laissé de côté",
                    f"legal entity {manager!r} is not among the open legal entities; "
                    "management link left out",
                ),
            )

    rel, rel_columns = _table(relations, out, ("nofinesset_porteur", "nofinesset_non_porteur"))
    for line, cells in rel.rows if rel else []:
        a = _cell(cells, rel_columns, "nofinesset_porteur")
        b = _cell(cells, rel_columns, "nofinesset_non_porteur")
        if a in organisations and b in organisations:
            role = _cell(cells, rel_columns, "role_relation")
            links.append(
                Link.model_construct(
                    source=a,
                    target=b,
                    type="relation",
                    since=None,
                    weight=None,
                    note=f"rôle {role}" if role else None,
                    extra=(),
                )
            )
        else:
            out.add(
                rel.label if rel else "",
                line,
                None,
                "unresolved-reference",
                (
                    f"{fq(a)} ou {fq(b)} n'est pas un établissement ouvert des fichiers\u00a0; "
                    "laissé de côté",
                    f"{a!r} or {b!r} is not an open establishment of the files; left out",
                ),
            )

    grp, grp_columns = _table(groupings, out, ("gcc_id", "nom_gcc", "pm_smsse_id_membre"))
    for line, cells in grp.rows if grp else []:
        gid = f"gcc:{_cell(cells, grp_columns, 'gcc_id')}"
        if gid not in organisations:
            organisations[gid] = Organisation.model_construct(
                id=gid,
                name=_cell(cells, grp_columns, "nom_gcc") or gid,
                type="groupement (GCC)",
                sector=None,
                territories=(),
                fields=(),
                publics=(),
                siret=None,
                address=None,
                lat=None,
                lon=None,
                email=None,
                phone=None,
                website=None,
                updated=None,
                description=None,
                source=SOURCE,
                extra=(),
            )
        member = _cell(cells, grp_columns, "pm_smsse_id_membre")
        if member in organisations:
            links.append(
                Link.model_construct(
                    source=member,
                    target=gid,
                    type="membership",
                    since=None,
                    weight=None,
                    note=None,
                    extra=(),
                )
            )
        else:
            out.add(
                grp.label if grp else "",
                line,
                "pm_smsse_id_membre",
                "unresolved-reference",
                (
                    f"le membre {fq(member)} de {gid} n'est pas un numéro FINESS des fichiers "
                    "(identifiant interne)\u00a0; appartenance laissée de côté",
                    f"member {member!r} of {gid} is not a FINESS number of the files "
                    "(internal identifier); membership left out",
                ),
            )

    dataset = Dataset.model_construct(
        organisations=tuple(organisations.values()),
        links=tuple(links),
        territories=(),
        services=(),
        interventions=(),
    )
    counts = {"organisations": len(organisations), "links": len(links), "closed": closed}
    return dataset, out.report(counts)


def _numbered(
    number: str,
    label: str,
    line: int,
    column: str,
    first_line: dict[str, tuple[str, int]],
    out: ProblemCollector,
) -> bool:
    """True when ``number`` is given and not seen before; else a problem, row left out."""
    if not number:
        out.add(
            label,
            line,
            column,
            "empty-value",
            (
                "aucun numéro FINESS\u00a0: la ligne est laissée de côté",
                "no FINESS number: the row is left out",
            ),
        )
        return False
    if number in first_line:
        where, seen = first_line[number]
        out.add(
            label,
            line,
            column,
            "duplicate-id",
            (
                f"{number} figure déjà à la ligne {seen} de {where}\u00a0: cette ligne est "
                "laissée de côté",
                f"{number} is already on line {seen} of {where}: this row is left out",
            ),
        )
        return False
    first_line[number] = (label, line)
    return True


def _organisation(
    number: str,
    cells: tuple[str, ...],
    columns: dict[str, int],
    kind: str,
    label: str,
    line: int,
    out: ProblemCollector,
) -> Organisation:
    commune = _cell(cells, columns, "cog_commune")
    lat = parse_number(_cell(cells, columns, "latitude") or "x")
    lon = parse_number(_cell(cells, columns, "longitude") or "x")
    if (lat is not None and not -90 <= lat <= 90) or (lon is not None and not -180 <= lon <= 180):
        out.add(
            label,
            line,
            "latitude",
            "invalid-coordinates",
            (
                f"{number}\u00a0: latitude {lat} / longitude {lon} ne peut pas être un lieu\u00a0; "
                "laissées de côté",
                f"{number}: latitude {lat} / longitude {lon} cannot be a place; left out",
            ),
        )
        lat = lon = None
    opened = _cell(cells, columns, "date_ouverture") or _cell(cells, columns, "date_creation")
    siret = _cell(cells, columns, "siret")
    if not commune:
        out.add(
            label,
            line,
            "cog_commune",
            "empty-value",
            (
                f"{number} n'a pas de commune\u00a0: il ne peut pas compter dans la couverture",
                f"{number} has no commune: it cannot count in coverage",
            ),
        )
    return Organisation.model_construct(
        id=number,
        name=" ".join(_cell(cells, columns, "raison_sociale_longue").split()),
        type=kind,
        sector=None,
        territories=(commune,) if commune else (),
        fields=(),
        publics=(),
        siret=siret or None,
        address=None,
        lat=lat if lat is not None and lon is not None else None,
        lon=lon if lat is not None and lon is not None else None,
        email=None,
        phone=None,
        website=None,
        updated=None,
        description=f"FINESS {number}" + (f", ouvert le {opened}" if parse_date(opened) else ""),
        source=SOURCE,
        extra=(),
    )
