"""The organisations' column reader against the row reader it replaced: on fuzzed files, the
same records and the same problems, listed in the same order (also when a kind of problem
is over the listing cap, where the order decides which are listed)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partenariat.columns import OrganisationColumns
from partenariat.i18n import fq
from partenariat.io.organisations import read_organisations
from partenariat.io.rows import BoundTable, bind
from partenariat.io.schema import TABLES
from partenariat.io.tables import read_csv_bytes
from partenariat.io.values import (
    looks_like_email,
    looks_mangled,
    mangled_problem,
    unneutralised,
)
from partenariat.model import Organisation
from partenariat.problems import ProblemCollector

STALE_BEFORE = dt.date(2020, 1, 1)


def _stale(name: str, updated: dt.date) -> tuple[str, str]:
    return f"{fq(name)} périmée {updated:%d/%m/%Y}", f"{name!r} stale {updated.isoformat()}"


def _by_rows(table: BoundTable) -> list[Organisation]:
    """The row reader of the previous release (``_Reader._organisations``), kept here as
    the reference."""
    result: list[Organisation] = []
    first_line: dict[str, int] = {}
    for row in table.rows():
        org_id, name = row.required("id"), row.required("name")
        lat = row.number("lat", minimum=-90, maximum=90, code="invalid-coordinates")
        lon = row.number("lon", minimum=-180, maximum=180, code="invalid-coordinates")
        if (row.text("lat") is None) != (row.text("lon") is None):
            row.add(
                "lat",
                "invalid-coordinates",
                ("la latitude et la longitude vont ensemble", "latitude and longitude go together"),
            )
            lat = lon = None
        updated = row.date("updated")
        siret = row.text("siret")
        if siret and looks_mangled(siret):
            row.add("siret", "mangled-identifier", mangled_problem(siret))
        email = row.text("email")
        if email and not looks_like_email(email):
            row.add(
                "email",
                "invalid-email",
                (
                    f"{fq(email)} n'est pas une adresse électronique",
                    f"{email!r} is not an e-mail address",
                ),
            )
        if org_id is None or name is None:
            continue
        if looks_mangled(org_id):
            row.add("id", "mangled-identifier", mangled_problem(org_id))
        if org_id in first_line:
            row.add(
                "id",
                "duplicate-id",
                (
                    f"{fq(org_id)} est déjà défini à la ligne {first_line[org_id]}",
                    f"{org_id!r} is already defined on line {first_line[org_id]}",
                ),
            )
            continue
        first_line[org_id] = row.line
        if updated and updated < STALE_BEFORE:
            row.add("updated", "stale-entry", _stale(name, updated))
        result.append(
            Organisation.model_construct(
                id=org_id,
                name=name,
                type=row.text("type"),
                sector=row.text("sector"),
                territories=row.list("territories"),
                fields=row.list("fields"),
                publics=row.list("publics"),
                siret=siret,
                address=row.text("address"),
                lat=lat if lon is not None else None,
                lon=lon if lat is not None else None,
                email=email,
                phone=row.text("phone"),
                website=row.text("website"),
                updated=updated,
                description=row.text("description"),
                source=row.text("source"),
                # One change on purpose: the columns outside the format are read back like
                # the others (the writer neutralises them too), as links' already were.
                extra=tuple((header, unneutralised(value)) for header, value in row.extra()),
            )
        )
    return result


HEADER = (
    "id",
    "nom",
    "lat",
    "lon",
    "mise à jour",
    "siret",
    "email",
    "territoires",
    "domaines",
    "domaine 2",
    "publics",
    "type",
    "remarque",
)
CELLS = {
    "id": ["A", "B", "a", "6,04E+13", "59014.0", "", " C "],
    "nom": ["CCAS", "", "Épicerie", "'=SOMME"],
    "lat": ["", "48,5", "-91", "x", "45.1", "1e400"],
    "lon": ["", "2,3", "181", "y", "-1"],
    "mise à jour": ["", "2024-01-31", "31/02/2024", "01/01/2001", "mardi"],
    "siret": ["", "12345678900011", "1,23E+13"],
    "email": ["", "a@b.fr", "accueil ccas", "x@y"],
    "territoires": ["", "13", "Marseille (13055)", "13|13", "13;75", "Aix (X)", " | 75 |"],
    "domaines": ["", "Logement", "logement|Santé", "Santé, emploi", "Logement | logement"],
    "domaine 2": ["", "Santé", "a;b", "Logement"],
    "publics": ["", "jeunes", "jeunes||familles", "\u00a0jeunes\u00a0"],
    "type": ["", "CCAS"],
    "remarque": ["", "note", "'+33"],
}


@st.composite
def organisation_files(draw: st.DrawFn) -> bytes:
    columns = draw(
        st.lists(st.sampled_from(HEADER[2:]), unique=True, max_size=len(HEADER) - 2).map(
            lambda rest: ["id", "nom", *rest]
        )
    )
    rows = draw(
        st.lists(st.tuples(*(st.sampled_from(CELLS[c]) for c in columns)), min_size=1, max_size=12)
    )
    lines = [";".join(columns), *(";".join(row) for row in rows)]
    return ("\n".join(lines) + "\n").encode()


def _bound(data: bytes, out: ProblemCollector) -> BoundTable:
    result = read_csv_bytes(data, "organisations.csv")
    assert result.table is not None
    return bind(result.table, TABLES["organisations"], out)


@settings(max_examples=150, deadline=None)
@given(organisation_files(), st.sampled_from([1000, 2]))
def test_the_column_reader_reads_and_reports_what_the_row_reader_did(
    data: bytes, listed: int
) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ProblemCollector, "LISTED_PER_CODE", listed)
        by_rows_out, by_columns_out = ProblemCollector(), ProblemCollector()
        expected = _by_rows(_bound(data, by_rows_out))
        frame, extras = read_organisations(
            _bound(data, by_columns_out), stale_before=STALE_BEFORE, stale_message=_stale
        )
        found = OrganisationColumns(frame.drop("__line"), extras).records()
        assert by_columns_out.report().problems == by_rows_out.report().problems
    assert list(found) == expected
    assert [hash(o) for o in found] == [hash(o) for o in expected]  # records built directly
    assert [o.model_dump() for o in found] == [o.model_dump() for o in expected]


def test_a_cell_neutralised_by_a_spreadsheet_writer_is_read_back() -> None:
    out = ProblemCollector()
    frame, _ = read_organisations(
        _bound("id;nom;téléphone\nA;'=B;'+33 1\n".encode(), out), stale_before=STALE_BEFORE
    )
    assert frame.select("name", "phone").row(0) == ("=B", "+33 1")
    assert out.report().problems == ()
