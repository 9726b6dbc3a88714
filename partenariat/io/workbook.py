"""Open user workbooks safely: every row actually present, damaged files and bombs refused.

openpyxl's read-only mode trusts the ``<dimension>`` tag a sheet declares: a sheet whose
tag is too small (some exporters write ``A1:F10`` for 65 rows and 14 columns) would lose
rows and columns silently, so the dimension is reset and every row present is read. A
workbook is a zip of XML files: before parsing, the uncompressed sizes and the number of
shared strings are checked, so that a few hundred kilobytes cannot unfold into gigabytes.
Every failure becomes a message for an ``unreadable-file`` problem, never a traceback.

>>> import pathlib, tempfile
>>> from openpyxl import Workbook
>>> path = pathlib.Path(tempfile.mkdtemp()) / "classeur.xlsx"
>>> book = Workbook(); book.active.title = "organisations"; book.active.append(["id", "nom"])
>>> book.active.append(["A1", "CCAS"]); book.save(path)
>>> with open_workbook(path) as workbook:
...     [list(rows(workbook.worksheets[0]))]
[[('id', 'nom'), ('A1', 'CCAS')]]
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from partenariat.errors import PartenariatError

#: At most this many bytes once every part of the workbook is uncompressed.
MAX_UNCOMPRESSED = 400 * 1024 * 1024
#: At most this many shared strings (distinct cell texts).
MAX_SHARED_STRINGS = 3_000_000
#: A part this large may not be compressed more than this ratio (zip bombs).
SUSPECT_SIZE, MAX_RATIO = 20 * 1024 * 1024, 200


class UnreadableWorkbook(PartenariatError):
    """The workbook cannot be read; the message says why in plain words."""


def check_archive(path: Path | bytes) -> None:
    """Refuse a workbook (a file, or its bytes) that is not a zip, or whose parts would
    unfold too far."""
    try:
        with zipfile.ZipFile(_source(path)) as archive:
            members = archive.infolist()
            total = sum(member.file_size for member in members)
            if total > MAX_UNCOMPRESSED:
                raise UnreadableWorkbook(
                    f"its parts uncompress to {total // 2**20:,} MB (at most "
                    f"{MAX_UNCOMPRESSED // 2**20} MB are read): save it again from Excel, "
                    "or export each sheet as CSV",
                    french=f"ses parties décompressées font {total // 2**20:,} Mo (au plus "
                    f"{MAX_UNCOMPRESSED // 2**20} Mo sont lus)\u00a0: l'enregistrer de nouveau "
                    "depuis Excel, ou exporter chaque feuille en CSV",
                )
            for member in members:
                ratio = member.file_size / max(member.compress_size, 1)
                if member.file_size > SUSPECT_SIZE and ratio > MAX_RATIO:
                    raise UnreadableWorkbook(
                        f"{member.filename} unfolds {ratio:,.0f} times its size: refused as "
                        "a possible zip bomb",
                        french=f"{member.filename} se déplie {ratio:,.0f} fois sa taille\u00a0: "
                        "refusé (possible bombe de décompression)",
                    )
            shared = next(
                (m for m in members if m.filename.lower().endswith("sharedstrings.xml")), None
            )
            if shared is not None:
                _count_strings(archive, shared)
    except zipfile.BadZipFile as error:
        raise UnreadableWorkbook(
            f"not a readable workbook ({error})", french=f"classeur illisible ({error})"
        ) from None
    except (OSError, RuntimeError, NotImplementedError) as error:
        raise UnreadableWorkbook(
            f"not a readable workbook ({error})", french=f"classeur illisible ({error})"
        ) from None


def _count_strings(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    count = 0
    tail = b""
    with archive.open(member) as stream:
        while block := stream.read(1 << 20):
            text = tail + block
            count += len(re.findall(rb"<(?:\w+:)?si[\s>/]", text))
            tail = text[-8:]
            count -= len(re.findall(rb"<(?:\w+:)?si[\s>/]", tail))
            if count > MAX_SHARED_STRINGS:
                raise UnreadableWorkbook(
                    f"more than {MAX_SHARED_STRINGS:,} distinct texts: refused (a sheet this "
                    "large is better exported as CSV)",
                    french=f"plus de {MAX_SHARED_STRINGS:,} textes distincts\u00a0: refusé (une "
                    "feuille aussi grande s'exporte mieux en CSV)",
                )


def _source(path: Path | bytes) -> Path | BinaryIO:
    """What :mod:`zipfile` and openpyxl open: the file, or its bytes already read (the
    reader reads each input once, see :func:`partenariat.io.tables.read_file`)."""
    return io.BytesIO(path) if isinstance(path, bytes) else path


@contextmanager
def open_workbook(path: Path | bytes) -> Iterator[Any]:
    """The workbook (read-only, values) at ``path`` or of these bytes, checked first;
    raises :class:`UnreadableWorkbook`."""
    from openpyxl import load_workbook

    check_archive(path)
    try:
        workbook = load_workbook(_source(path), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise UnreadableWorkbook(
            f"not a readable workbook ({_short(error)})",
            french=f"classeur illisible ({_short(error)})",
        ) from None
    try:
        yield workbook
    finally:
        workbook.close()


def rows(sheet: Any) -> Iterator[tuple[Any, ...]]:
    """Every row present in ``sheet`` (the declared dimension is not trusted); a damaged
    sheet raises :class:`UnreadableWorkbook` naming the row reached."""
    reset = getattr(sheet, "reset_dimensions", None)
    if reset is not None:
        reset()
    number = 0
    try:
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):  # noqa: B007
            yield row
    except UnreadableWorkbook:
        raise
    except Exception as error:  # damaged XML, bad CRC, forbidden DTD...
        raise UnreadableWorkbook(
            f"sheet {sheet.title!r} is damaged after row {number} ({_short(error)})",
            french=f"la feuille «\u00a0{sheet.title}\u00a0» est abîmée après la ligne {number} "
            f"({_short(error)})",
        ) from None


def _short(error: BaseException) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) < 160 else text[:157] + "..."
