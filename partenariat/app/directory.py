"""The directory use cases: the directory of the partners (an offline HTML page, a
workbook or Markdown for a wiki, by the output's name) with the entries to update for a mail
merge, and the collection workbook partners fill in.

Each returns what to write (bytes, by path for the directory); the caller writes it.

Examples:
    >>> import datetime
    >>> from pathlib import Path
    >>> from partenariat.app.study import Study
    >>> study = Study.open("examples/melun-val-de-seine")
    >>> files = directory_files(study, output=Path("annuaire.md"), stale=Path("a-jour.csv"),
    ...                         today=datetime.date(2026, 1, 5))
    >>> files[Path("annuaire.md")].decode().count("\\n## ") > 0
    True
    >>> files[Path("a-jour.csv")][:3] == b"\\xef\\xbb\\xbf"  # for French Excel
    True
    >>> collection_template(study)[:2], collection_template(scope=("Sevrier",))[:2]
    (b'PK', b'PK')
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from partenariat.app.study import ScopeError, Study
from partenariat.export.directory import FORMATS
from partenariat.i18n import Lang

#: The suffixes the directory is written as (``.htm`` and ``.html`` the same page).
DIRECTORY_FORMATS = FORMATS


def directory_files(
    study: Study,
    *,
    output: Path | None = None,
    stale: Path | None = None,
    today: dt.date | None = None,
    stale_after: int | None = None,
    title: str | None = None,
    excel: bool = True,
    lang: Lang | None = None,
) -> dict[Path, bytes]:
    """The directory of ``study``'s partners at ``output`` (in the format its name says,
    see :data:`DIRECTORY_FORMATS`: HTML unless ``.xlsx`` or ``.md``), and the entries to
    update with their contacts at ``stale`` (CSV, for French Excel unless ``excel`` is
    false), in ``lang`` (the study's by default), dated ``today``.

    An entry is to update after ``stale_after`` months without update (the study file's
    setting, else 24); ``title``: the page's (the study file's by default).
    """
    from partenariat.directory import directory
    from partenariat.export.directory import (
        directory_html,
        directory_markdown,
        directory_xlsx,
        stale_csv,
    )

    language = lang or study.lang
    months = stale_after or study.settings.stale_months()
    book = directory(study.network, today=today, stale_after_months=months)
    heading = title or study.settings.title
    files: dict[Path, bytes] = {}
    if output is not None:
        suffix = output.suffix.lower()
        if suffix == ".xlsx":
            files[output] = directory_xlsx(book, lang=language)
        elif suffix in (".md", ".markdown"):
            files[output] = directory_markdown(book, lang=language, title=heading).encode()
        else:
            files[output] = directory_html(book, lang=language, title=heading).encode()
    if stale is not None:
        files[stale] = stale_csv(book, lang=language, excel=excel)
    return files


def collection_template(
    study: Study | None = None, *, scope: tuple[str, ...] = (), prefill: bool = True
) -> bytes:
    """The collection workbook (``.xlsx``) for ``study``'s area, pre-filled with its rows
    unless ``prefill`` is false; without a study, for the territories of ``scope`` alone
    (raises :class:`ScopeError` for one that cannot be found), or with no territory list.
    """
    from partenariat.io.template import collection_workbook

    if study is not None:
        return collection_workbook(study.network, prefill=prefill)
    if not scope:
        return collection_workbook(None, prefill=prefill)
    from partenariat.errors import PartenariatError
    from partenariat.model import Dataset
    from partenariat.network import Network
    from partenariat.scope import with_scope

    try:
        network = with_scope(Network(Dataset()), scope)
    except PartenariatError as error:
        raise ScopeError(str(error), french=error.french) from None
    return collection_workbook(network, prefill=prefill)
