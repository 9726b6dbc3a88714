"""Encoding and delimiter detection, header line, physical line numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from partenariat.io.tables import (
    cell_text,
    decode,
    read_csv_bytes,
    sniff_delimiter,
    table_from_rows,
)

TEXT = "id;nom;domaines\nA1;Épicerie « Le Panier »;alimentation|santé\n"


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("cp1252", "windows-1252"),
        ("utf-16", "utf-16"),
    ],
)
def test_every_excel_encoding_reads_the_same_cells(encoding: str, expected: str) -> None:
    result = read_csv_bytes(TEXT.encode(encoding), "organisations.csv")
    assert result.table is not None
    assert result.table.encoding == expected
    assert result.table.header == ("id", "nom", "domaines")
    assert result.table.rows == [(2, ("A1", "Épicerie « Le Panier »", "alimentation|santé"))]
    assert result.problems == []


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_delimiters_are_detected(delimiter: str) -> None:
    text = f'id{delimiter}nom{delimiter}adresse\nA{delimiter}CCAS{delimiter}"1, rue; Haute"\n'
    table = read_csv_bytes(text.encode(), "x.csv").table
    assert table is not None
    assert table.delimiter == delimiter
    assert table.rows[0][1] == ("A", "CCAS", "1, rue; Haute")


def test_excel_sep_line_sets_the_delimiter_and_is_skipped() -> None:
    table = read_csv_bytes(b"sep=,\r\nid,nom;x\r\nA,B;C\r\n", "x.csv").table
    assert table is not None
    assert table.header == ("id", "nom;x")
    assert table.header_line == 2
    assert table.rows == [(3, ("A", "B;C"))]


def test_crlf_blank_lines_and_multiline_cells_keep_physical_lines() -> None:
    text = 'id;note\r\n\r\nA;"deux\r\nlignes"\r\n;;\r\nB;x\r\n'
    table = read_csv_bytes(text.encode(), "x.csv").table
    assert table is not None
    assert table.rows == [(3, ("A", "deux\r\nlignes")), (6, ("B", "x"))]


def test_undecodable_bytes_fall_back_to_latin1_with_a_warning() -> None:
    result = read_csv_bytes(b"id;nom\nA;\x81\x8d\x8f\x90\x9d\n", "x.csv")
    assert result.table is not None
    assert [p.code for p in result.problems] == ["encoding-guessed"]


@pytest.mark.parametrize("data", [b"", b"\n\r\n  \n", "\ufeff".encode()])
def test_empty_files_have_no_table(data: bytes) -> None:
    result = read_csv_bytes(data, "x.csv")
    assert result.table is None
    assert [p.code for p in result.problems] == ["empty-file"]


def test_sniff_ignores_delimiters_inside_quotes() -> None:
    assert sniff_delimiter('"a;b;c",x,y') == ","


def test_decode_prefers_utf8_over_cp1252() -> None:
    assert decode("Île".encode())[1] == "utf-8"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (59014, "59014"),
        (59014.0, "59014"),
        (0.5, "0.5"),
        (True, "true"),
        (dt.datetime(2025, 2, 13, 0, 0), "2025-02-13"),
        (dt.date(2025, 2, 13), "2025-02-13"),
        ("  texte ", "texte"),
    ],
)
def test_workbook_cells_become_text(value: object, text: str) -> None:
    assert cell_text(value) == text


def test_sheet_rows_keep_row_numbers_and_drop_empty_trailing_headers() -> None:
    table = table_from_rows("w.xlsx[liens]", [(None, None), ("source", "cible", None), ("a", "b")])
    assert table is not None
    assert table.header == ("source", "cible")
    assert table.header_line == 2
    assert table.rows == [(3, ("a", "b"))]
