"""Import and export of the national data·inclusion format (schema v1, and v0 on import).

Import reads structures and services from JSON files (the API's lists, or ``{"items": …}``),
CSV exports, or the official spreadsheet template (sheets *Structures* and *Services*; its
``__ignore__`` instruction rows are skipped; multi-value cells are comma-separated).
Structures become organisations (``reseaux_porteurs``, or v0 ``typologie``, the type);
services become services (fields = ``thematiques``; publics = ``publics``, or v0
``profils``, ``tous-publics`` meaning every public; territories = ``zone_eligibilite``, or
v0 ``zone_diffusion_type``/``zone_diffusion_code``). Values outside the schema's
referentials are reported with file or sheet, row and column and left out; malformed
postcodes, e-mails, SIRET or URLs are reported and kept as given; rows without an id or a
name, and services of unknown structures, are reported and not imported. Nothing is
dropped silently.

Export writes ``structures.json`` and ``services.json`` that validate against the v1 JSON
Schema.

Examples:
    >>> import json, pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "api.json").write_text(json.dumps({"items": [
    ...     {"id": "s1", "nom": "Épicerie solidaire", "source": "demo",
    ...      "date_maj": "2025-01-10", "code_insee": "59350"},
    ...     {"id": "v1", "structure_id": "s1", "nom": "Aide alimentaire", "source": "demo",
    ...      "thematiques": ["equipement-et-alimentation--alimentation", "pas-une-thematique"],
    ...      "publics": ["tous-publics"], "zone_eligibilite": ["59350"]}]}))
    >>> dataset, report = import_datainclusion([folder / "api.json"])
    >>> dataset.services[0].fields, dataset.services[0].publics
    (('equipement-et-alimentation--alimentation',), ())
    >>> [(p.code, p.column) for p in report.problems]
    [('unknown-value', 'thematiques')]
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from partenariat.i18n import fq
from partenariat.io.tables import cell_text, read_csv_file
from partenariat.io.values import looks_like_email, parse_date, parse_number
from partenariat.model import Dataset, Organisation, Service
from partenariat.problems import ProblemCollector, ValidationReport
from partenariat.text import fold

_POSTCODE = re.compile(r"^\d{5}$")
_SIRET = re.compile(r"^\d{14}$")
_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
_ZONE = re.compile(r"^(\w{5}|\w{2,3}|\d{9}|france)$")
EVERY_PUBLIC_VALUE = "tous-publics"


@cache
def referential(version: str, name: str) -> dict[str, str]:
    """A data·inclusion referential: value -> label."""
    path = resources.files("partenariat.data") / "datainclusion" / version / f"{name}.json"
    return {item["value"]: item["label"] for item in json.loads(path.read_text("utf-8"))}


@dataclass
class _Record:
    """One structure or service as read: its fields as text and where it came from."""

    label: str
    line: int
    values: dict[str, Any]


# ---------------------------------------------------------------------------- reading


def import_datainclusion(sources: Sequence[str | Path]) -> tuple[Dataset, ValidationReport]:
    """Read every source; the dataset holds the valid rows, the report every problem."""
    out = ProblemCollector()
    structures: list[_Record] = []
    services: list[_Record] = []
    for source in sources:
        for record in _records(Path(source), out):
            is_service = "structure_id" in record.values
            (services if is_service else structures).append(record)
    organisations = _organisations(structures, out)
    known = {org.id for org in organisations}
    offers = _services(services, known, out)
    dataset = Dataset.model_construct(
        organisations=tuple(organisations),
        links=(),
        territories=(),
        services=tuple(offers),
        interventions=(),
    )
    counts = {"structures": len(organisations), "services": len(offers)}
    return dataset, out.report(counts)


def _records(path: Path, out: ProblemCollector) -> Iterator[_Record]:
    if not path.exists():
        out.add(str(path), None, None, "missing-file", ("ce fichier n'existe pas", "no such file"))
        return
    suffix = path.suffix.lower()
    if suffix == ".json":
        yield from _json_records(path, out)
    elif suffix in (".xlsx", ".xlsm"):
        yield from _workbook_records(path, out)
    elif suffix in (".csv", ".tsv", ".txt"):
        yield from _csv_records(path, out)
    else:
        out.add(
            path.name,
            None,
            None,
            "unreadable-file",
            (
                "un fichier data·inclusion .json, .csv ou .xlsx est attendu",
                "expected a .json, .csv or .xlsx data·inclusion file",
            ),
        )


def _json_records(path: Path, out: ProblemCollector) -> Iterator[_Record]:
    import orjson

    try:
        payload = orjson.loads(path.read_bytes().removeprefix(b"\xef\xbb\xbf"))
    except (ValueError, RecursionError, OSError) as error:
        out.add(
            path.name,
            None,
            None,
            "unreadable-file",
            (f"JSON illisible\u00a0: {error}", f"not readable JSON: {error}"),
        )
        return
    items: list[Any] = []
    if isinstance(payload, dict):
        for key in ("items", "structures", "services"):
            value = payload.get(key)
            if value is None:
                continue
            if not isinstance(value, list):
                out.add(
                    path.name,
                    None,
                    key,
                    "unreadable-file",
                    (
                        f"{fq(key)} devrait être une liste d'objets, pas {type(value).__name__}",
                        f"{key!r} should be a list of objects, not {type(value).__name__}",
                    ),
                )
                continue
            items.extend(value)
    elif isinstance(payload, list):
        items = payload
    else:
        out.add(
            path.name,
            None,
            None,
            "unreadable-file",
            (
                "un objet avec «\u00a0items\u00a0» (l'API) ou une liste d'objets est attendu",
                "expected an object with 'items' (the API) or a list of objects",
            ),
        )
    for number, item in enumerate(items, start=1):
        if isinstance(item, dict):
            yield _Record(path.name, number, item)
        else:
            out.add(
                path.name,
                number,
                None,
                "unreadable-file",
                ("un élément n'est pas un objet", "an item is not an object"),
            )


def _csv_records(path: Path, out: ProblemCollector) -> Iterator[_Record]:
    result = read_csv_file(path)
    for problem in result.problems:
        said = (problem.message_fr or problem.message, problem.message)
        out.add(path.name, problem.line, None, problem.code, said)
    if result.table is None:
        return
    yield from _table_records(
        path.name, result.table.header, result.table.rows, out, result.table.header_line
    )


def _workbook_records(path: Path, out: ProblemCollector) -> Iterator[_Record]:
    from partenariat.io.workbook import UnreadableWorkbook, open_workbook, rows

    found: list[_Record] = []
    try:
        with open_workbook(path) as workbook:
            for sheet in workbook.worksheets:
                if fold(sheet.title) not in ("structures", "services"):
                    continue
                label = f"{path.name}[{sheet.title}]"
                try:
                    values = list(rows(sheet))
                except UnreadableWorkbook as error:
                    out.add(label, None, None, "unreadable-file", (error.text("fr"), str(error)))
                    continue
                header_at = next(
                    (i for i, row in enumerate(values) if any(v is not None for v in row)), None
                )
                if header_at is None:
                    continue
                header = _header(values[header_at], label, header_at + 1, out)
                body = [
                    (i + 1, tuple(cell_text(v) for v in row))
                    for i, row in enumerate(values)
                    if i > header_at
                ]
                found.extend(_table_records(label, header, body, out, header_at + 1))
    except UnreadableWorkbook as error:
        out.add(path.name, None, None, "unreadable-file", (error.text("fr"), str(error)))
        return
    yield from found


def _header(row: Sequence[object], label: str, line: int, out: ProblemCollector) -> tuple[str, ...]:
    """Header cells as text; a date where ``date_maj`` belongs is read as ``date_maj``."""
    texts = [cell_text(v) for v in row]
    for index, value in enumerate(row):
        if isinstance(value, (dt.date, dt.datetime)) and "date_maj" not in texts:
            out.add(
                label,
                line,
                f"column {index + 1}",
                "unknown-column",
                (
                    f"l'en-tête de la colonne {index + 1} est une date ({texts[index]})\u00a0; "
                    "lue comme date_maj",
                    f"the header of column {index + 1} is a date ({texts[index]}); read as "
                    "date_maj",
                ),
            )
            texts[index] = "date_maj"
    return tuple(texts)


def _table_records(
    label: str,
    header: tuple[str, ...],
    rows: Iterable[tuple[int, tuple[str, ...]]],
    out: ProblemCollector,
    header_line: int,
) -> Iterator[_Record]:
    names = [h.strip() for h in header]
    ignore = names.index("__ignore__") if "__ignore__" in names else None
    seen: dict[str, int] = {}
    for index, name in enumerate(names):
        if not name or index == ignore:
            continue
        if name in seen:
            out.add(
                label,
                header_line,
                name,
                "duplicate-column",
                (
                    f"{fq(name)} figure deux fois (colonnes {seen[name] + 1} et {index + 1})"
                    "\u00a0; la première est lue",
                    f"{name!r} appears twice (columns {seen[name] + 1} and {index + 1}); "
                    "the first is read",
                ),
            )
        else:
            seen[name] = index
    for line, cells in rows:
        if (
            ignore is not None
            and ignore < len(cells)
            and cells[ignore].lower() in ("true", "1", "vrai", "x")
        ):
            continue
        if not any(cells):
            continue
        values = {name: cells[i] for name, i in seen.items() if i < len(cells) and cells[i]}
        if "structure_id" in names and "structure_id" not in values:
            values["structure_id"] = ""
        yield _Record(label, line, values)


# ---------------------------------------------------------------------------- checking


def _text(record: _Record, key: str) -> str | None:
    value = record.values.get(key)
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _list(record: _Record, key: str) -> list[str]:
    value = record.values.get(key)
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in str(value).replace("|", ",").split(",") if part.strip()]


def _checked_values(
    record: _Record, key: str, allowed: dict[str, str], out: ProblemCollector
) -> list[str]:
    kept = []
    for value in _list(record, key):
        if value in allowed:
            kept.append(value)
        else:
            out.add(
                record.label,
                record.line,
                key,
                "unknown-value",
                (
                    f"{fq(value)} n'est pas une valeur du référentiel data·inclusion "
                    f"{fq(key)}\u00a0; laissée de côté",
                    f"{value!r} is not a value of the data·inclusion referential {key!r}; left out",
                ),
            )
    return list(dict.fromkeys(kept))


#: What a value should have been, in French.
_WHAT_FR = {
    "a SIRET (14 digits)": "un SIRET (14 chiffres)",
    "a postcode (5 digits)": "un code postal (5 chiffres)",
    "an e-mail address": "une adresse électronique",
    "a web address": "une adresse web",
}


def _checked_format(
    record: _Record, key: str, pattern: re.Pattern[str] | None, what: str, out: ProblemCollector
) -> str | None:
    value = _text(record, key)
    if value is None:
        return None
    valid = looks_like_email(value) if pattern is None else bool(pattern.match(value))
    if not valid:
        out.add(
            record.label,
            record.line,
            key,
            "invalid-format",
            (
                f"{fq(value)} n'est pas {_WHAT_FR.get(what, what)}\u00a0; conservée telle quelle",
                f"{value!r} is not {what}; kept as given",
            ),
        )
    return value


def _required(record: _Record, key: str, out: ProblemCollector) -> str | None:
    value = _text(record, key)
    if value is None:
        out.add(
            record.label,
            record.line,
            key,
            "empty-value",
            (f"{key} est vide\u00a0; ligne laissée de côté", f"{key} is empty; row left out"),
        )
    return value


def _organisations(records: list[_Record], out: ProblemCollector) -> list[Organisation]:
    result: list[Organisation] = []
    first: dict[str, int] = {}
    porteurs = referential("v1", "reseaux-porteurs")
    typologies = referential("v0", "typologies-de-structures")
    v0_themes = referential("v0", "thematiques")
    for record in records:
        org_id, name = _required(record, "id", out), _required(record, "nom", out)
        siret = _checked_format(record, "siret", _SIRET, "a SIRET (14 digits)", out)
        postcode = _checked_format(record, "code_postal", _POSTCODE, "a postcode (5 digits)", out)
        email = _checked_format(record, "courriel", None, "an e-mail address", out)
        website = _checked_format(record, "site_web", _URL, "a web address", out)
        if org_id is None or name is None:
            continue
        if org_id in first:
            out.add(
                record.label,
                record.line,
                "id",
                "duplicate-id",
                (
                    f"{fq(org_id)} est déjà défini à la ligne {first[org_id]}\u00a0; ligne "
                    "laissée de côté",
                    f"{org_id!r} is already defined on row {first[org_id]}; row left out",
                ),
            )
            continue
        first[org_id] = record.line
        networks = _checked_values(record, "reseaux_porteurs", porteurs, out)
        typologie = _checked_values(record, "typologie", typologies, out)
        kind = (
            porteurs[networks[0]] if networks else typologies[typologie[0]] if typologie else None
        )
        address = (
            ", ".join(
                p
                for p in (
                    _text(record, "adresse"),
                    _text(record, "complement_adresse"),
                    " ".join(x for x in (postcode, _text(record, "commune")) if x),
                )
                if p
            )
            or None
        )
        lat, lon = _coordinates(record, out)
        code_insee = _text(record, "code_insee")
        result.append(
            Organisation.model_construct(
                id=org_id,
                name=name,
                type=kind,
                sector=None,
                territories=(code_insee,) if code_insee else (),
                fields=tuple(_checked_values(record, "thematiques", v0_themes, out)),
                publics=(),
                siret=siret,
                address=address,
                lat=lat,
                lon=lon,
                email=email,
                phone=_text(record, "telephone"),
                website=website,
                updated=_date(record, out),
                description=_description(record),
                source=_text(record, "source"),
                extra=(),
            )
        )
    return result


def _services(records: list[_Record], known: set[str], out: ProblemCollector) -> list[Service]:
    themes = referential("v1", "thematiques")
    v0_themes = referential("v0", "thematiques")
    publics_v1 = referential("v1", "publics")
    profils = referential("v0", "profils")
    result: list[Service] = []
    for record in records:
        structure = _required(record, "structure_id", out)
        name = _required(record, "nom", out)
        if structure is None or name is None:
            continue
        if structure not in known:
            out.add(
                record.label,
                record.line,
                "structure_id",
                "unknown-organisation",
                (
                    f"aucune structure n'a l'identifiant {fq(structure)}\u00a0; service laissé "
                    "de côté",
                    f"no structure has the id {structure!r}; service left out",
                ),
            )
            continue
        v0 = "profils" in record.values or "zone_diffusion_type" in record.values
        fields = _checked_values(record, "thematiques", v0_themes if v0 else themes, out)
        publics = (
            _checked_values(record, "profils", profils, out)
            if v0
            else _checked_values(record, "publics", publics_v1, out)
        )
        if EVERY_PUBLIC_VALUE in publics:
            publics = []
        result.append(
            Service.model_construct(
                organisation=structure,
                name=name,
                fields=tuple(fields),
                publics=tuple(publics),
                territories=tuple(_zones(record, out)),
                id=_text(record, "id"),
                description=_description(record),
                extra=(),
            )
        )
    return result


def _zones(record: _Record, out: ProblemCollector) -> list[str]:
    from partenariat.reference import reference

    if "zone_diffusion_type" in record.values:
        kind, code = _text(record, "zone_diffusion_type"), _text(record, "zone_diffusion_code")
        if kind == "pays":
            return ["france"]
        if kind and code:
            return [f"region:{code}" if kind == "region" else code]
        return []
    zones: list[str] = []
    listed = _list(record, "zone_eligibilite")
    if not listed and _text(record, "code_insee"):
        listed = [_text(record, "code_insee") or ""]  # where the service is delivered
    for code in listed:
        if code.endswith(".0") and code[:-2].isdigit():
            code = code[:-2]
        if _ZONE.match(code) and code in reference():
            zones.append(code)
        else:
            out.add(
                record.label,
                record.line,
                "zone_eligibilite",
                "unknown-value",
                (
                    f"{fq(code)} n'est pas un code de territoire du COG 2026\u00a0; laissé de côté",
                    f"{code!r} is not a territory code of the COG 2026; left out",
                ),
            )
    return list(dict.fromkeys(zones))


def _coordinates(record: _Record, out: ProblemCollector) -> tuple[float | None, float | None]:
    values = []
    for key, bound in (("latitude", 90), ("longitude", 180)):
        text = _text(record, key)
        number = parse_number(text) if text else None
        if text and (number is None or abs(number) > bound):
            out.add(
                record.label,
                record.line,
                key,
                "invalid-format",
                (
                    f"{fq(text)} n'est pas un {key} valide\u00a0; laissé de côté",
                    f"{text!r} is not a {key}; left out",
                ),
            )
            number = None
        values.append(number)
    if (values[0] is None) != (values[1] is None):
        return None, None
    return values[0], values[1]


def _date(record: _Record, out: ProblemCollector) -> dt.date | None:
    text = _text(record, "date_maj")
    if text is None:
        return None
    parsed = parse_date(text)
    if parsed is None:
        out.add(
            record.label,
            record.line,
            "date_maj",
            "invalid-date",
            (
                f"{fq(text)} n'est pas une date\u00a0; laissée de côté",
                f"{text!r} is not a date; left out",
            ),
        )
    return parsed


def _description(record: _Record) -> str | None:
    return _text(record, "description") or _text(record, "presentation_resume")


# ---------------------------------------------------------------------------- export


def export_datainclusion(
    dataset: Dataset, *, today: dt.date | None = None, source: str = "partenariat"
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Structures and services of schema v1 (values outside its referentials left out).

    An organisation without services is exported with one service carrying its own fields,
    publics and territories; a région is written as its départements (the schema has no
    région codes); a missing ``date_maj`` is the export date.
    """
    from partenariat.reference import descendants, reference

    day = (today or dt.date.today()).isoformat()
    themes = referential("v1", "thematiques")
    publics_v1 = referential("v1", "publics")
    porteurs = referential("v1", "reseaux-porteurs")
    by_label = {fold(label): value for value, label in porteurs.items()}
    services_of: dict[str, list[Service]] = {}
    for service in dataset.services:
        services_of.setdefault(service.organisation, []).append(service)
    structures: list[dict[str, Any]] = []
    services: list[dict[str, Any]] = []
    for org in dataset.organisations:
        structure: dict[str, Any] = {
            "source": org.source or source,
            "id": org.id,
            "nom": _name(org.name),
            "date_maj": (org.updated.isoformat() if org.updated else day),
        }
        optional: dict[str, Any] = {
            "siret": org.siret if org.siret and _SIRET.match(org.siret) else None,
            "description": org.description
            if org.description and len(org.description) >= 5
            else None,
            "adresse": org.address,
            "latitude": org.lat,
            "longitude": org.lon,
            "courriel": org.email if org.email and looks_like_email(org.email) else None,
            "telephone": org.phone,
            "site_web": org.website if org.website and _URL.match(org.website) else None,
            "code_insee": next(
                (c for c in org.territories if c in reference() and len(c) == 5), None
            ),
        }
        network = (
            org.type if org.type in porteurs else by_label.get(fold(org.type)) if org.type else None
        )
        if network:
            optional["reseaux_porteurs"] = [network]
        structure.update({k: v for k, v in optional.items() if v is not None})
        structures.append(structure)
        offers = services_of.get(org.id) or [
            Service.model_construct(
                organisation=org.id,
                name=org.name,
                fields=org.fields,
                publics=org.publics,
                territories=org.territories,
                id=None,
                description=org.description,
                extra=(),
            )
        ]
        for number, offer in enumerate(offers, start=1):
            zones = _export_zones(offer.territories or org.territories, reference(), descendants)
            item: dict[str, Any] = {
                "source": org.source or source,
                "structure_id": org.id,
                "id": offer.id or f"{org.id}--{number}",
                "nom": _name(offer.name),
                "description": _service_description(offer, org),
                "date_maj": structure["date_maj"],
                "thematiques": [
                    f for f in dict.fromkeys(offer.fields or org.fields) if f in themes
                ],
                "publics": [
                    p for p in dict.fromkeys(offer.publics or org.publics) if p in publics_v1
                ]
                or [EVERY_PUBLIC_VALUE],
            }
            if zones:
                item["zone_eligibilite"] = zones
            services.append(item)
    return structures, services


def _name(text: str) -> str:
    name = text.strip().rstrip(".")
    if len(name) < 3:
        name = (name + " " * 3)[:3].replace(" ", "_")
    return name[:150]


def _service_description(offer: Service, org: Organisation) -> str:
    text = offer.description or org.description or offer.name
    return text if len(text) >= 5 else f"{text} ({org.name})"[:10000]


def _export_zones(
    codes: Iterable[str], territories: Mapping[str, Any], descendants: Any
) -> list[str]:
    zones: list[str] = []
    for code in codes:
        if code.startswith("region:"):
            zones += sorted(d for d in descendants(code) if territories[d].level == "département")
        elif code in territories and _ZONE.match(code):
            zones.append(code)
    return list(dict.fromkeys(zones))


def write_datainclusion(
    dataset: Dataset, folder: str | Path, *, overwrite: bool = False, today: dt.date | None = None
) -> list[Path]:
    """Write ``structures.json`` and ``services.json`` into ``folder``."""
    from partenariat.output import check_free, write_safely

    folder = Path(folder)
    targets = [folder / "structures.json", folder / "services.json"]
    check_free(targets, overwrite=overwrite)
    structures, services = export_datainclusion(dataset, today=today)
    return write_safely(
        {
            path: json.dumps(items, ensure_ascii=False, indent=1)
            for path, items in zip(targets, (structures, services), strict=True)
        },
        overwrite=overwrite,
    )
