"""The directory rendered: one offline HTML page, an xlsx workbook, Markdown for a wiki,
and the CSV of the entries to update (for a mail merge).

The HTML page is written whole on the server side — one ``<article data-organisation>``
card per organisation, every text escaped — and a small inlined script narrows it: a search
(accents and case ignored; a query that is exactly a field keeps exactly the organisations
offering it), filters by commune (everyone serving it, directly or through a wider
territory), field and public. Cards the search hides get the ``hidden`` attribute. Printed,
the page is a booklet: a table of contents, the cards by letter, the index by field.

Examples:
    >>> import datetime, partenariat
    >>> from partenariat.directory import directory
    >>> network = partenariat.Network.from_path("examples/melun-val-de-seine")
    >>> book = directory(network, today=datetime.date(2026, 11, 25))
    >>> page = directory_html(book)
    >>> page.count("<article"), "<script src" in page
    (40, False)
    >>> directory_markdown(book).splitlines()[0]
    '# Annuaire des partenaires'
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from partenariat.directory import Directory, DirectoryEntry
from partenariat.errors import PartenariatError
from partenariat.export.html_map import CSP, _asset, json_for_script
from partenariat.export.tables import csv_bytes
from partenariat.i18n import Lang, counted, date_text, t
from partenariat.text import fold
from partenariat.xlsxcells import append_row

#: Characters a sheet name may not hold, and its longest length.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_LENGTH = 31


# ---------------------------------------------------------------------------- HTML


def directory_html(book: Directory, *, lang: Lang = "fr", title: str | None = None) -> str:
    """The directory as one self-contained HTML page (see the module docstring)."""
    heading = title or t("dir_title", lang)
    anchors = {entry.id: f"o{i + 1}" for i, entry in enumerate(book.entries)}
    parts = [
        "<!DOCTYPE html>\n",
        f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        '<meta name="generator" content="partenariat">\n',
        f"<title>{_e(heading)}</title>\n<style>\n{_asset('directory.css')}\n</style>\n",
        "</head>\n<body>\n",
        f'<header><h1>{_e(heading)}</h1><p id="caption">{_e(_caption(book, lang))}</p></header>\n',
        _controls(book, lang),
        _contents(book, lang),
        '<main id="cards">\n',
        f"<h2>{_e(t('dir_cards', lang))}</h2>\n",
        f'<p id="no-match" hidden>{_e(t("dir_no_match", lang))}</p>\n',
    ]
    for letter, entries in _by_letter(book.entries):
        parts.append(f'<section class="letter" id="letter-{_e(letter)}"><h3>{_e(letter)}</h3>\n')
        parts.extend(_card(entry, anchors, book, lang) for entry in entries)
        parts.append("</section>\n")
    parts.append("</main>\n")
    parts.append(_index(book, anchors, lang))
    parts.append(
        '<script type="application/json" id="directory-data">'
        + json_for_script(_page_data(book, anchors, lang))
        + "</script>\n"
    )
    parts.append(f"<script>\n{_asset('directory.js')}\n</script>\n</body>\n</html>\n")
    return "".join(parts)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _caption(book: Directory, lang: Lang) -> str:
    count = counted(len(book.entries), "organisation_one", "organisations", lang)
    stale = len(book.to_update())
    parts = [count, t("dir_made", lang, date=date_text(book.today, lang))]
    if stale:
        parts.append(t("dir_stale_count", lang, n=stale, months=book.stale_after_months))
    return " — ".join(parts)


def _controls(book: Directory, lang: Lang) -> str:
    def select(key: str, label: str, options: Iterable[tuple[str, str]], every: str) -> str:
        items = "".join(
            f'<option value="{_e(value)}">{_e(text)}</option>' for value, text in options
        )
        return (
            f'<label class="filter">{_e(label)}<select id="filter-{key}" data-filter="{key}">'
            f'<option value="">{_e(every)}</option>{items}</select></label>'
        )

    return (
        '<nav id="controls" aria-label="' + _e(t("dir_search_label", lang)) + '">'
        f'<label class="search">{_e(t("dir_search_label", lang))}'
        f'<input type="search" id="search" autocomplete="off" '
        f'placeholder="{_e(t("dir_search_hint", lang))}"></label>'
        + select(
            "commune",
            t("dir_commune", lang),
            ((p.code, p.name) for p in book.communes),
            t("dir_all", lang),
        )
        + select("field", t("field", lang), ((f, f) for f in book.fields), t("all", lang))
        + select("public", t("public", lang), ((p, p) for p in book.publics), t("all", lang))
        + f'<button type="button" id="reset">{_e(t("reset", lang))}</button>'
        '<p id="count" aria-live="polite"></p></nav>\n'
    )


def _contents(book: Directory, lang: Lang) -> str:
    letters = "".join(
        f'<li><a href="#letter-{_e(letter)}">{_e(letter)}</a></li>'
        for letter, _ in _by_letter(book.entries)
    )
    fields = "".join(
        f'<li><a href="#field-{i + 1}">{_e(name)}</a></li>' for i, name in enumerate(book.fields)
    )
    return (
        f'<section id="contents"><h2>{_e(t("contents", lang))}</h2>'
        f'<h3>{_e(t("dir_cards", lang))}</h3><ol class="letters">{letters}</ol>'
        f'<h3><a href="#index">{_e(t("dir_index", lang))}</a></h3>'
        f'<ol class="fields">{fields}</ol></section>\n'
    )


def _by_letter(entries: Sequence[DirectoryEntry]) -> list[tuple[str, list[DirectoryEntry]]]:
    groups: dict[str, list[DirectoryEntry]] = {}
    for entry in entries:
        first = fold(entry.name)[:1].upper()
        letter = first if first.isalpha() else "#"
        groups.setdefault(letter, []).append(entry)
    return list(groups.items())


def _card(entry: DirectoryEntry, anchors: dict[str, str], book: Directory, lang: Lang) -> str:
    rows: list[tuple[str, str]] = []

    def add(label: str, value: str | None) -> None:
        if value:
            rows.append((t(label, lang), _e(value)))

    add("card_fields", ", ".join(entry.fields))
    add("card_publics", ", ".join(entry.publics) or t("every_public", lang))
    add("card_territories", ", ".join(p.name for p in entry.territories))
    if entry.services:
        items = "".join(f"<li>{_service(s, lang)}</li>" for s in entry.services)
        rows.append((t("dir_services", lang), f"<ul>{items}</ul>"))
    add("card_address", entry.address)
    add("card_phone", entry.phone)
    if entry.email:
        rows.append((t("card_email", lang), _e(entry.email)))
    if entry.website:
        link = entry.website_link
        rows.append(
            (
                t("card_website", lang),
                f'<a href="{_e(link)}" rel="noopener noreferrer">{_e(entry.website)}</a>'
                if link
                else _e(entry.website),
            )
        )
    if entry.partners:
        names = ", ".join(
            f'<a href="#{anchors[p.code]}">{_e(p.name)}</a>' if p.code in anchors else _e(p.name)
            for p in entry.partners
        )
        rows.append((t("card_partners", lang), names))
    updated = date_text(entry.updated, lang) if entry.updated else t("dir_no_date", lang)
    mark = f' <span class="stale">{_e(t("dir_to_update", lang))}</span>' if entry.to_update else ""
    rows.append((t("card_updated", lang), _e(updated) + mark))
    meta = " · ".join(_e(v) for v in (entry.type, entry.sector) if v)
    body = "".join(f"<dt>{_e(label)}</dt><dd>{value}</dd>" for label, value in rows)
    description = f'<p class="description">{_e(entry.description)}</p>' if entry.description else ""
    stale = " to-update" if entry.to_update else ""
    return (
        f'<article class="card{stale}" id="{anchors[entry.id]}" '
        f'data-organisation="{_e(entry.id)}">'
        f"<h4>{_e(entry.name)}</h4>"
        + (f'<p class="meta">{meta}</p>' if meta else "")
        + description
        + f"<dl>{body}</dl></article>\n"
    )


def _service(service: Any, lang: Lang) -> str:
    details = [", ".join(service.fields), ", ".join(service.publics)]
    details.append(", ".join(p.name for p in service.territories))
    said = " — ".join(d for d in details if d)
    return f"<strong>{_e(service.name)}</strong>" + (f" ({_e(said)})" if said else "")


def _index(book: Directory, anchors: dict[str, str], lang: Lang) -> str:
    parts = [f'<section id="index"><h2>{_e(t("dir_index", lang))}</h2>\n']
    for i, name in enumerate(book.fields):
        offering = book.offering(name)
        links = "".join(f'<li><a href="#{anchors[e.id]}">{_e(e.name)}</a></li>' for e in offering)
        parts.append(f'<h3 id="field-{i + 1}">{_e(name)} ({len(offering)})</h3><ul>{links}</ul>\n')
    parts.append("</section>\n")
    return "".join(parts)


def _page_data(book: Directory, anchors: dict[str, str], lang: Lang) -> dict[str, Any]:
    return {
        "lang": lang,
        "fields": list(book.fields),
        "reach": {code: list(codes) for code, codes in book.reach.items()},
        "entries": [
            {
                "id": entry.id,
                "anchor": anchors[entry.id],
                "text": _searchable(entry),
                "fields": list(entry.fields),
                "publics": list(entry.publics),
                "codes": list(entry.codes),
            }
            for entry in book.entries
        ],
        "text": {
            "count_one": t("dir_count_one", lang, n="{n}"),
            "count_many": t("dir_count_many", lang, n="{n}"),
        },
    }


def _searchable(entry: DirectoryEntry) -> str:
    """What the search looks in: name, type, fields, publics, territories, services."""
    words: list[str] = [entry.name, entry.type or "", *entry.fields, *entry.publics]
    words += [p.name for p in entry.territories]
    for service in entry.services:
        words += [service.name, *service.fields, *service.publics]
        words += [p.name for p in service.territories]
    return " | ".join(w for w in words if w)


# ---------------------------------------------------------------------------- xlsx


def _headers(lang: Lang) -> list[str]:
    keys = (
        "dir_col_id",
        "dir_col_name",
        "type",
        "dir_col_sector",
        "card_fields",
        "card_publics",
        "card_territories",
        "dir_services",
        "card_address",
        "card_phone",
        "card_email",
        "card_website",
        "card_partners",
        "card_updated",
        "dir_to_update",
    )
    return [t(key, lang) for key in keys]


def _row(entry: DirectoryEntry, lang: Lang) -> list[Any]:
    return [
        entry.id,
        entry.name,
        entry.type or "",
        entry.sector or "",
        ", ".join(entry.fields),
        ", ".join(entry.publics) or t("every_public", lang),
        ", ".join(p.name for p in entry.territories),
        ", ".join(s.name for s in entry.services),
        entry.address or "",
        entry.phone or "",
        entry.email or "",
        entry.website or "",
        ", ".join(p.name for p in entry.partners),
        entry.updated,
        t("yes", lang) if entry.to_update else "",
    ]


def directory_xlsx(book: Directory, *, lang: Lang = "fr") -> bytes:
    """The directory as an xlsx workbook: every organisation on the first sheet, then one
    sheet per field; French headers, header frozen, filters on, no cell read as a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheets = [(t("dir_sheet_all", lang), book.entries)]
    sheets += [(name, book.offering(name)) for name in book.fields]
    used: set[str] = set()
    headers = _headers(lang)
    for number, (name, entries) in enumerate(sheets):
        sheet = workbook.active if number == 0 else workbook.create_sheet()
        assert sheet is not None
        sheet.title = _sheet_name(name, used)
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for entry in entries:
            append_row(sheet, (_text_cell(v) for v in _row(entry, lang)))
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        for column, width in zip("ABCDEFGHIJKLMNO", _WIDTHS, strict=True):
            sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


#: Column widths of the directory's sheets, in characters.
_WIDTHS = (14, 36, 18, 12, 30, 24, 30, 30, 30, 16, 28, 28, 36, 12, 10)


def _text_cell(value: Any) -> Any:
    """Dates stay dates; every other value is text (a leading ``=`` is never a formula)."""
    if value is None or isinstance(value, dt.date):
        return value
    return str(value)


def _sheet_name(name: str, used: set[str]) -> str:
    """A valid, unique sheet name (31 characters at most, none of ``[]:*?/\\``)."""
    base = _SHEET_FORBIDDEN.sub(" ", name).strip().strip("'") or "—"
    base = base[:_SHEET_LENGTH]
    candidate, number = base, 1
    while fold(candidate) in used:
        number += 1
        suffix = f" ({number})"
        candidate = base[: _SHEET_LENGTH - len(suffix)] + suffix
    used.add(fold(candidate))
    return candidate


# ---------------------------------------------------------------------------- Markdown


def directory_markdown(book: Directory, *, lang: Lang = "fr", title: str | None = None) -> str:
    """The directory in Markdown for a wiki: one heading per organisation, its card as a
    list; user text escaped (no HTML, no Markdown markup from the data)."""
    lines = [f"# {_md(title or t('dir_title', lang))}", "", _md(_caption(book, lang)), ""]
    for entry in book.entries:
        lines += [f"## {_md(entry.name)}", ""]
        meta = " · ".join(v for v in (entry.type, entry.sector) if v)
        if meta:
            lines += [f"*{_md(meta)}*", ""]
        for label, value in _markdown_rows(entry, lang):
            lines.append(
                f"- **{_md(label)}** : {value}" if lang == "fr" else f"- **{_md(label)}**: {value}"
            )
        lines.append("")
    lines += [f"## {_md(t('dir_index', lang))}", ""]
    for name in book.fields:
        names = ", ".join(_md(e.name) for e in book.offering(name))
        lines.append(
            f"- **{_md(name)}** : {names}" if lang == "fr" else f"- **{_md(name)}**: {names}"
        )
    return "\n".join(lines) + "\n"


def _markdown_rows(entry: DirectoryEntry, lang: Lang) -> list[tuple[str, str]]:
    rows = [
        (t("card_fields", lang), _md(", ".join(entry.fields))),
        (t("card_publics", lang), _md(", ".join(entry.publics) or t("every_public", lang))),
        (t("card_territories", lang), _md(", ".join(p.name for p in entry.territories))),
        (t("dir_services", lang), _md(", ".join(s.name for s in entry.services))),
        (t("card_address", lang), _md(entry.address or "")),
        (t("card_phone", lang), _md(entry.phone or "")),
        (t("card_email", lang), _md(entry.email or "")),
        (
            t("card_website", lang),
            f"<{entry.website_link}>" if entry.website_link else _md(entry.website or ""),
        ),
        (t("card_partners", lang), _md(", ".join(p.name for p in entry.partners))),
    ]
    updated = date_text(entry.updated, lang) if entry.updated else t("dir_no_date", lang)
    if entry.to_update:
        updated += f" — **{t('dir_to_update', lang)}**"
    rows.append((t("card_updated", lang), _md(updated) if not entry.to_update else updated))
    return [(label, value) for label, value in rows if value]


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def _md(text: str) -> str:
    """Text that a Markdown renderer shows as it is (markup and HTML escaped)."""
    escaped = html.escape(text, quote=False)
    return _MD_SPECIAL.sub(r"\\\1", escaped).replace("\n", " ")


# ---------------------------------------------------------------------------- stale CSV


def stale_csv(book: Directory, *, lang: Lang = "fr", excel: bool = True) -> bytes:
    """The entries to update with each organisation's contact, for a mail merge (French
    Excel by default: UTF-8 with BOM, ``;``)."""
    headers = [
        t("dir_col_id", lang),
        t("dir_col_name", lang),
        t("card_email", lang),
        t("card_phone", lang),
        t("card_address", lang),
        t("card_updated", lang),
        t("dir_col_months", lang),
    ]
    rows = [
        [
            entry.id,
            entry.name,
            entry.email or "",
            entry.phone or "",
            entry.address or "",
            entry.updated.strftime("%d/%m/%Y" if lang == "fr" else "%Y-%m-%d")
            if entry.updated
            else "",
            _months_between(entry.updated, book.today) if entry.updated else "",
        ]
        for entry in book.to_update()
    ]
    return csv_bytes((headers, rows), excel=excel)


def _months_between(start: dt.date, end: dt.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


def write_directory(
    book: Directory,
    path: str | Path,
    *,
    lang: Lang = "fr",
    title: str | None = None,
    overwrite: bool = False,
) -> Path:
    """Write the directory to ``path`` in the format its suffix names (``.html``,
    ``.xlsx``, ``.md``), never replacing a file unless asked."""
    from partenariat.output import write_safely

    path = Path(path)
    suffix = path.suffix.lower()
    content: str | bytes
    if suffix in (".html", ".htm"):
        content = directory_html(book, lang=lang, title=title)
    elif suffix == ".xlsx":
        content = directory_xlsx(book, lang=lang)
    elif suffix in (".md", ".markdown"):
        content = directory_markdown(book, lang=lang, title=title)
    else:
        raise UnknownFormatError(
            f"{path.name}: the directory is written as .html, .xlsx or .md",
            french=f"{path.name}\u00a0: l'annuaire s'écrit en .html, .xlsx ou .md",
        )
    if isinstance(content, str):
        return write_safely({path: content}, overwrite=overwrite, newline="\n")[0]
    return write_safely({path: content}, overwrite=overwrite)[0]


#: The suffixes :func:`write_directory` writes.
FORMATS = (".html", ".htm", ".xlsx", ".md", ".markdown")


class UnknownFormatError(PartenariatError, ValueError):
    """The output's suffix names no format of the directory."""
