"""Read raw tables from CSV bytes or workbook sheets, the way Excel writes them.

The encoding (UTF-8, UTF-8 with BOM, UTF-16 with BOM, Windows-1252) and the delimiter
(``,`` ``;`` or tab, or Excel's ``sep=;`` first line) are detected without being told.
Cells come back as stripped strings with their physical line number, the header being the
first non-empty line.

Examples:
    >>> table = read_csv_bytes("id;nom\\r\\nA1;Épicerie solidaire\\r\\n".encode("cp1252"),
    ...                        "organisations.csv").table
    >>> table.header, table.delimiter, table.encoding
    (('id', 'nom'), ';', 'windows-1252')
    >>> table.rows
    [(2, ('A1', 'Épicerie solidaire'))]
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

csv.field_size_limit(1 << 24)

DELIMITERS = (";", ",", "\t")
#: The characters ``str.strip()`` removes, for stripping columns the same way.
WHITESPACE = "".join(chr(code) for code in range(0x3001) if chr(code).isspace())
_SEP_LINE = re.compile(r'^"?sep=(.)"?\s*$', re.IGNORECASE)


@dataclass(frozen=True)
class RawProblem:
    """A problem met while reading a table, before its columns have any meaning."""

    code: str
    line: int | None
    message: str
    message_fr: str | None = None


_EMPTY = RawProblem(
    "empty-file",
    None,
    "the file is empty: no header line",
    "le fichier est vide\u00a0: aucune ligne d'en-tête",
)


class RawTable:
    """A table as read: its header and its non-empty rows, each with its physical line.

    A large plain file is held as string columns (``columns``, ``lines``); ``rows`` is then
    built only when a row reader asks for it.
    """

    def __init__(
        self,
        label: str,
        header: tuple[str, ...],
        header_line: int,
        rows: list[tuple[int, tuple[str, ...]]] | None = None,
        encoding: str | None = None,
        delimiter: str | None = None,
        *,
        columns: pl.DataFrame | None = None,
        lines: list[int] | None = None,
    ) -> None:
        self.label = label
        self.header = header
        self.header_line = header_line
        self.encoding = encoding
        self.delimiter = delimiter
        self._rows = rows
        #: One string column per header position (``c0``, ``c1``...), when read in bulk.
        self.columns = columns
        self.lines = lines if lines is not None else [line for line, _ in rows or ()]

    @property
    def rows(self) -> list[tuple[int, tuple[str, ...]]]:
        if self._rows is None:
            assert self.columns is not None
            self._rows = list(zip(self.lines, self.columns.rows(), strict=True))
        return self._rows

    def __len__(self) -> int:
        return len(self.lines)


@dataclass
class ReadResult:
    """A table (or ``None`` when unreadable) and the problems met while reading it; read
    from a file, the SHA-256 of the file's bytes (``None`` when they could not be read)."""

    table: RawTable | None
    problems: list[RawProblem] = field(default_factory=list)
    sha256: str | None = None


def decode_mixed(data: bytes) -> tuple[str, str, bool, list[int]]:
    """Like :func:`decode`, and a UTF-8 file with a few Windows-1252 lines (a row pasted from
    another file) is decoded line by line: the last value lists those lines (1-based).

    >>> text, name, _, mixed = decode_mixed("é\\n".encode() + "è\\n".encode("cp1252"))
    >>> text, name, mixed
    ('é\\nè\\n', 'utf-8', [2])
    """
    text, name, guessed = decode(data)
    if name != "windows-1252":
        return text, name, guessed, []
    lines = data.split(b"\n")
    failing: list[int] = []
    fitting = 0
    for number, line in enumerate(lines, start=1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            fitting += 1
        except UnicodeDecodeError:
            failing.append(number)
    if fitting == 0 or len(failing) > fitting:
        return text, name, guessed, []
    failed = set(failing)
    decoded = [
        line.decode("cp1252", errors="replace") if number in failed else line.decode("utf-8")
        for number, line in enumerate(lines, start=1)
    ]
    return "\n".join(decoded), "utf-8", False, failing


def decode(data: bytes) -> tuple[str, str, bool]:
    """Decode file bytes: ``(text, encoding name, guessed)``; never fails.

    >>> decode("é".encode("utf-8-sig"))[1], decode("é".encode("cp1252"))[1]
    ('utf-8-sig', 'windows-1252')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig", False
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16", False
    for encoding, name in (("utf-8", "utf-8"), ("cp1252", "windows-1252")):
        try:
            return data.decode(encoding), name, False
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1", True


def sniff_delimiter(line: str) -> str:
    """The delimiter used in a header line: the most frequent of ``; , tab`` outside quotes.

    >>> sniff_delimiter('id;nom;"adresse, ville"'), sniff_delimiter("id,name"), sniff_delimiter("x")
    (';', ',', ',')
    """
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def looks_binary(data: bytes) -> bool:
    """True for content that is not text: NUL bytes or many control characters in its
    first 64 KB (a picture, an archive, a PDF renamed ``.csv``).

    >>> looks_binary(b"id;nom\\r\\nA;CCAS\\r\\n"), looks_binary(bytes(range(256)) * 4)
    (False, True)
    """
    sample = data[: 1 << 16]
    if not sample:
        return False
    control = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 13))
    return b"\x00\x00" in sample or control > max(len(sample) // 100, 16)


def read_csv_bytes(data: bytes, label: str) -> ReadResult:
    """Parse CSV bytes into a :class:`RawTable`, collecting problems instead of raising."""
    if looks_binary(data) and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return ReadResult(
            None,
            [
                RawProblem(
                    "unreadable-file",
                    None,
                    "this is not a text table (binary content): export the "
                    "sheet as CSV, or give the .xlsx workbook itself",
                    "ce n'est pas un tableau en texte (contenu binaire)\u00a0: exporter la "
                    "feuille en CSV, ou donner le classeur .xlsx lui-même",
                )
            ],
        )
    text, encoding, guessed, mixed = decode_mixed(data)
    problems: list[RawProblem] = []
    if guessed:
        problems.append(
            RawProblem(
                "encoding-guessed",
                None,
                "read as Latin-1; check accents",
                "lu en Latin-1\u00a0; vérifier les accents",
            )
        )
    for line in mixed:
        problems.append(
            RawProblem(
                "encoding-mixed",
                line,
                "this line is in Windows-1252 while the file is UTF-8: it "
                "was decoded on its own; save the file again as UTF-8",
                "cette ligne est en Windows-1252 alors que le fichier est en UTF-8\u00a0: "
                "elle a été décodée à part\u00a0; enregistrer de nouveau le fichier en UTF-8",
            )
        )
    text = text.replace("\x00", "")
    lines = text[: 1 << 16].splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        lines = text.splitlines()
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        problems.append(_EMPTY)
        return ReadResult(None, problems)
    skip = first
    sep_match = _SEP_LINE.match(lines[first])
    if sep_match:
        delimiter = sep_match.group(1)
        skip = first + 1
    else:
        delimiter = sniff_delimiter(lines[first])
    try:
        table = _parse(text, label, delimiter, skip, problems)
    except csv.Error as error:
        problems.append(
            RawProblem(
                "unreadable-file",
                None,
                f"not a readable table: {error}",
                f"pas un tableau lisible\u00a0: {error}",
            )
        )
        return ReadResult(None, problems)
    if table is None:
        problems.append(_EMPTY)
        return ReadResult(None, problems)
    table.encoding = encoding
    return ReadResult(table, problems)


def _parse(
    text: str, label: str, delimiter: str, skip: int, problems: list[RawProblem] | None = None
) -> RawTable | None:
    if '"' not in text and ("\r" not in text or text.count("\r") == text.count("\r\n")):
        plain = _read_plain_columns(text, label, delimiter, skip)
        if plain is not None:
            return plain
        plain = _parse_columns(text, label, delimiter, skip)
        if plain is not None:
            return plain
        return _parse_plain(text, label, delimiter, skip)
    quoted = _parse_quoted_columns(text, label, delimiter, skip)
    if quoted is not None:
        return quoted
    return _parse_csv(text, label, delimiter, skip, problems)


def _parse_csv(
    text: str, label: str, delimiter: str, skip: int, problems: list[RawProblem] | None = None
) -> RawTable | None:
    """Any text, through the csv module: cells spanning lines, stray quotes repaired."""
    # physical lines with their ends, split where the csv module splits (\n, \r, \r\n)
    physical = list(io.StringIO(text, newline=""))
    header: tuple[str, ...] | None = None
    header_line = 0
    rows: list[tuple[int, tuple[str, ...]]] = []
    chunks: list[tuple[list[int], pl.DataFrame]] = []
    position = skip
    restarts = 0
    while position < len(physical):
        reader = csv.reader(
            itertools.islice(physical, position, None), delimiter=delimiter, strict=False
        )
        previous_end = 0
        resumed = None
        for record in reader:
            start = position + previous_end + 1
            end = position + reader.line_num
            previous_end = reader.line_num
            if _unbalanced(
                record,
                physical[start - 1 : end],
                delimiter,
                len(header) if header else physical[skip].count(delimiter) + 1,
            ):
                restarts += 1
                if restarts > MAX_QUOTE_REPAIRS:
                    raise csv.Error(
                        f"more than {MAX_QUOTE_REPAIRS} quotes are never closed: this does not "
                        "look like a table (save it again as CSV from the spreadsheet)"
                    )
                if problems is not None:
                    problems.append(
                        RawProblem(
                            "unbalanced-quote",
                            start,
                            "a quote opened on this line is never closed"
                            + (f" (the cell would run to line {end})" if end > start else "")
                            + ": the line is read with the quote as text, and the next lines "
                            "as rows",
                            "un guillemet ouvert sur cette ligne n'est jamais refermé"
                            + (f" (la cellule irait jusqu'à la ligne {end})" if end > start else "")
                            + "\u00a0: la ligne est lue avec le guillemet comme du texte, et les "
                            "lignes suivantes comme des lignes du tableau",
                        )
                    )
                record = next(
                    csv.reader(
                        [physical[start - 1].rstrip("\r\n")],
                        delimiter=delimiter,
                        quoting=csv.QUOTE_NONE,
                    )
                )
                resumed = start
            cells = tuple(map(str.strip, record))
            if any(cells):
                if header is None:
                    header, header_line = cells, start
                else:
                    rows.append((start, cells))
                    if len(rows) >= _CHUNK:
                        chunks.append(_chunk(rows))
                        rows = []
            if resumed is not None:
                break
        if resumed is None:
            break
        position = resumed
    if header is None:
        return None
    if not chunks:
        return RawTable(label, header, header_line, rows, delimiter=delimiter)
    # A large file is kept as string columns, built chunk by chunk: millions of row tuples
    # would hold several times the file's size in memory.
    chunks.append(_chunk(rows))
    lines = [line for chunk_lines, _ in chunks for line in chunk_lines]
    columns = pl.concat([frame for _, frame in chunks], how="diagonal").fill_null("")
    width = max(columns.width, len(header))
    columns = columns.select(
        [
            pl.col(f"c{i}") if f"c{i}" in columns.columns else pl.lit("").alias(f"c{i}")
            for i in range(width)
        ]
    )
    return RawTable(label, header, header_line, columns=columns, lines=lines, delimiter=delimiter)


#: Rows of the csv module's path gathered into columns at a time.
_CHUNK = 100_000


def _chunk(rows: list[tuple[int, tuple[str, ...]]]) -> tuple[list[int], pl.DataFrame]:
    width = max((len(cells) for _, cells in rows), default=0)
    transposed = list(itertools.zip_longest(*(cells for _, cells in rows), fillvalue=""))
    frame = pl.DataFrame(
        {f"c{i}": list(transposed[i]) if i < len(transposed) else [] for i in range(width)},
        schema=dict.fromkeys((f"c{i}" for i in range(width)), pl.String),
    )
    return [line for line, _ in rows], frame


def _unbalanced(record: list[str], lines: list[str], delimiter: str, width: int) -> bool:
    """True when a record was made by a stray quote: its text has an odd number of quotes
    (never closed), or a cell spanning lines holds a line that looks like a whole row."""
    if sum(line.count('"') for line in lines) % 2 == 1:
        return True
    if len(lines) < 2:
        return False
    needed = max(width - 1, 1)
    return any(
        part.count(delimiter) >= needed
        for cell in record
        if "\n" in cell or "\r" in cell
        for part in cell.splitlines()[1:]
    )


#: At most this many unbalanced quotes are repaired in one file; past that it is refused.
MAX_QUOTE_REPAIRS = 200


def _read_plain_columns(text: str, label: str, delimiter: str, skip: int) -> RawTable | None:
    """A plain text (no quote, no lone carriage return) read by polars' CSV reader, which
    keeps every physical line, blank ones as empty cells: the same table as
    :func:`_parse_columns`, ten times faster on a national file. ``None`` when polars
    cannot read it as such (a line with more cells than the first, a delimiter of more
    than one byte): the slower readers then say why.
    """
    if len(delimiter.encode()) != 1:
        return None
    body = text.split("\n", skip)[-1] if skip else text
    if not body.endswith("\n"):
        body += "\n"  # polars drops the trailing delimiter of an unterminated last line
    try:
        frame = pl.read_csv(
            body.encode(),
            separator=delimiter,
            has_header=False,
            infer_schema=False,
            quote_char=None,
            raise_if_empty=False,
        )
    except (pl.exceptions.PolarsError, UnicodeEncodeError):
        return None
    if frame.width == 0:
        return None
    frame.columns = [f"c{k}" for k in range(frame.width)]
    cells, filled_lines = _trimmed(frame)
    filled = filled_lines.arg_true()
    if not len(filled) or filled[0] != 0:
        return None  # polars counts the cells of the first line, which is not the header
    body_rows = filled.slice(1)
    return RawTable(
        label,
        tuple(cells.row(0)),
        skip + 1,
        columns=cells.slice(1) if len(filled) == cells.height else cells[body_rows],
        lines=(body_rows + (skip + 1)).to_list(),
        delimiter=delimiter,
    )


def _trimmed(frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.Series]:
    """The cells of a frame read by polars, trimmed (a missing cell is empty), and whether
    each line has a filled cell (the others are blank lines)."""
    cells = frame.select(pl.all().fill_null("").str.strip_chars(WHITESPACE))
    return cells, cells.select(pl.any_horizontal(pl.all() != "")).to_series()


def _parse_columns(text: str, label: str, delimiter: str, skip: int) -> RawTable | None:
    """A plain text (no quote) with no line longer than its header, split into columns at
    once; ``None`` when a line has more cells than the header (the row reader reports it)."""
    lines = (
        pl.Series("line", [text], dtype=pl.String).str.split("\n").explode().str.strip_suffix("\r")
    )
    numbered = pl.DataFrame(
        {"number": pl.int_range(1, len(lines) + 1, eager=True), "line": lines}
    ).slice(skip)
    blank = (
        numbered["line"].str.replace_all(delimiter, "", literal=True).str.strip_chars(WHITESPACE)
        == ""
    )
    numbered = numbered.filter(~blank)
    if numbered.height == 0:
        return None
    header = tuple(c.strip() for c in numbered["line"][0].split(delimiter))
    body = numbered.slice(1)
    width = len(header)
    if (body["line"].str.count_matches(delimiter, literal=True) > width - 1).any():
        return None
    split = body["line"].str.split_exact(delimiter, width - 1).struct.unnest()
    columns = split.select(
        pl.all()
        .fill_null("")
        .str.strip_chars(WHITESPACE)
        .name.map(lambda name: "c" + name.removeprefix("field_"))
    )
    return RawTable(
        label,
        header,
        int(numbered["number"][0]),
        columns=columns,
        lines=body["number"].to_list(),
        delimiter=delimiter,
    )


def _parse_quoted_columns(text: str, label: str, delimiter: str, skip: int) -> RawTable | None:
    """A text whose quotes all make well-formed cells within one line (a cell quoted whole,
    quotes inside it doubled), split into columns by polars' CSV reader; ``None`` for
    anything else (a cell spanning lines, a stray quote, a line longer than the first): the
    csv module reads those."""
    if text.count("\r") != text.count("\r\n"):
        return None
    lines = pl.Series("line", [text.replace("\r\n", "\n")], dtype=pl.String).str.split("\n")
    lines = lines.explode()
    if len(lines) and lines[-1] == "":
        lines = lines.head(len(lines) - 1)
    body = lines.slice(skip)
    sep = re.escape(delimiter)
    cell = f'(?:[^"{sep}]*|"(?:[^"]|"")*")'
    if not body.len() or not body.str.contains(f"^{cell}(?:{sep}{cell})*$").all():
        return None
    try:
        frame = pl.read_csv(
            "\n".join(body.to_list()).encode() + b"\n",
            separator=delimiter,
            has_header=False,
            infer_schema=False,
            quote_char='"',
        )
    except pl.exceptions.PolarsError:
        return None
    if frame.height != body.len():
        return None
    cells, filled = _trimmed(frame)
    numbers = pl.Series("number", range(skip + 1, skip + 1 + frame.height))
    if not filled.any():
        return None
    # the cells of each line, counted outside its quoted cells (polars pads short lines)
    widths = body.str.replace_all('"(?:[^"]|"")*"', "").str.count_matches(delimiter, literal=True)
    width = int(widths[int(filled.arg_true()[0])]) + 1
    if (widths >= width).any():
        return None  # a line longer than the header: the csv module reads it
    cells, numbers = cells.filter(filled).select(cells.columns[:width]), numbers.filter(filled)
    header = tuple(cells.row(0))
    columns = cells.slice(1)
    columns.columns = [f"c{i}" for i in range(columns.width)]
    return RawTable(
        label,
        header,
        int(numbers[0]),
        columns=columns,
        lines=numbers.slice(1).to_list(),
        delimiter=delimiter,
    )


def _parse_plain(text: str, label: str, delimiter: str, skip: int) -> RawTable | None:
    """The same table as :func:`_parse` for a text without any quote (nothing spans lines,
    no delimiter is escaped): each line split on the delimiter."""
    header: tuple[str, ...] | None = None
    header_line = 0
    rows: list[tuple[int, tuple[str, ...]]] = []
    strip = str.strip
    for number, line in enumerate(text.split("\n"), start=1):
        if number <= skip:
            continue
        cells = tuple(map(strip, line.split(delimiter)))
        if not any(cells):
            continue
        if header is None:
            header, header_line = cells, number
        else:
            rows.append((number, cells))
    if header is None:
        return None
    return RawTable(label, header, header_line, rows, delimiter=delimiter)


def read_file(path: Path) -> tuple[bytes, str]:
    """The bytes of the file at ``path``, read once, and their SHA-256 (hexadecimal): the
    reader's one way to a file's content, so that each input is opened once and its
    fingerprint is that of the very bytes read. Raises :class:`OSError`.

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "liens.csv"
    >>> _ = path.write_bytes(b"source;cible\\n")
    >>> read_file(path)[1][:16]
    'e1a421171a93e322'

    Only a regular file is read: a device (``/dev/zero`` never ends), a named pipe or a
    socket is refused with an ``OSError`` saying so, before anything is read.
    """
    import errno
    import os
    import stat

    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a pipe: no wait
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file (a device, a pipe...)", str(path))
        data = stream.read()
    return data, hashlib.sha256(data).hexdigest()


def read_csv_file(path: Path, label: str | None = None) -> ReadResult:
    """Read a CSV file from disk (see :func:`read_csv_bytes`), with its SHA-256."""
    label = label or path.name
    try:
        data, digest = read_file(path)
    except OSError as error:
        return ReadResult(None, [RawProblem("unreadable-file", None, str(error.strerror))])
    result = read_csv_bytes(data, label)
    result.sha256 = digest
    return result


def cell_text(value: object) -> str:
    """A workbook cell as text: integral numbers without ``.0``, dates in ISO form.

    >>> cell_text(59014.0), cell_text(48.5), cell_text(None), cell_text(dt.datetime(2025, 2, 13))
    ('59014', '48.5', '', '2025-02-13')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def table_from_rows(label: str, rows: Iterable[Iterable[object]]) -> RawTable | None:
    """Build a table from sheet rows (line = row number); ``None`` when there is no header."""
    header: tuple[str, ...] | None = None
    header_line = 0
    body: list[tuple[int, tuple[str, ...]]] = []
    for number, row in enumerate(rows, start=1):
        cells = tuple(cell_text(value) for value in row)
        if not any(cells):
            continue
        if header is None:
            header, header_line = cells, number
        else:
            body.append((number, cells))
    if header is None:
        return None
    while header and not header[-1]:
        header = header[:-1]
    return RawTable(label, header, header_line, body)
