"""Exceptions of partenariat: for misuse and for aborting, never for reporting data problems.

>>> from partenariat.problems import ValidationReport
>>> err = InputError(ValidationReport())
>>> isinstance(err, PartenariatError)
True
"""

from __future__ import annotations

import errno
import os
from typing import Any

from partenariat.i18n import Lang
from partenariat.problems import ValidationReport


class PartenariatError(Exception):
    """Base class of every error raised by partenariat; ``french`` is the message in
    French, when it has one (the command line speaks French by default).

    >>> PartenariatError("no such thing", french="rien de tel").text("fr")
    'rien de tel'
    """

    def __init__(self, *args: object, french: str | None = None) -> None:
        super().__init__(*args)
        self.french = french

    def text(self, lang: Lang = "en") -> str:
        """The message in ``lang`` (English when it has no French)."""
        return self.french if lang == "fr" and self.french else str(self)


class InputError(PartenariatError, ValueError):
    """The input cannot be used; ``report`` holds every problem found."""

    def __init__(self, report: ValidationReport, summary: str | None = None) -> None:
        self.report = report
        errors = report.errors
        if summary is None:
            first = errors[0].render() if errors else "invalid input"
            more = f" (and {len(errors) - 1} more errors)" if len(errors) > 1 else ""
            summary = first + more
        super().__init__(summary)


class OutputExistsError(PartenariatError, FileExistsError):
    """Refusing to overwrite a file the user already has; a :class:`FileExistsError` too
    (``errno`` is ``EEXIST``, ``filename`` the file).

    Given ``path`` alone, the message speaks Python (``overwrite=True``) and the French
    one only says the file exists: a command line adds its own option (``--force``) from
    ``path``.

    >>> error = OutputExistsError(path="carte.html")
    >>> str(error)
    'carte.html already exists (pass overwrite=True to replace it)'
    >>> error.text("fr"), error.path, isinstance(error, FileExistsError)
    ('carte.html existe déjà', 'carte.html', True)
    """

    def __init__(self, *args: object, french: str | None = None, path: object = None) -> None:
        if not args and path is not None:
            args = (f"{path} already exists (pass overwrite=True to replace it)",)
            french = french or f"{path} existe déjà"
        super().__init__(*args, french=french)
        self.path = path
        self.errno = errno.EEXIST
        self.strerror = os.strerror(errno.EEXIST)
        self.filename = path

    def __str__(self) -> str:
        # OSError would show "[Errno 17] File exists: ..." once ``filename`` is set.
        return BaseException.__str__(self)

    def __reduce__(self) -> tuple[object, ...]:
        return _rebuild, (type(self), self.args, {"french": self.french, "path": self.path})


class UnknownOrganisationError(PartenariatError, KeyError):
    """No organisation has this id (a ``KeyError`` too, for mapping-style callers)."""

    def __str__(self) -> str:
        return f"no organisation has the id {self.args[0]!r}"

    def text(self, lang: Lang = "en") -> str:
        if lang == "fr":
            return f"aucune organisation n'a l'identifiant «\u00a0{self.args[0]}\u00a0»"
        return str(self)


class UnknownLevelError(PartenariatError, KeyError):
    """No territory has the level asked for; the message lists the known levels."""

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownCaseError(PartenariatError, KeyError):
    """No intervention names this case."""

    def __str__(self) -> str:
        return f"no case has the id {self.args[0]!r}"


class OutputError(PartenariatError):
    """An output file cannot be written; the message names it and says why."""

    def __init__(self, path: object, reason: str, french: str | None = None) -> None:
        self.path = path
        super().__init__(f"{path} {reason}", french=f"{path} {french}" if french else None)


class OutputIsInputError(OutputError):
    """An output would replace one of the command's own inputs: refused whatever
    ``overwrite`` says (a command line exits with status 2, as for a usage error)."""


def _rebuild(kind: type[Any], args: tuple[object, ...], options: dict[str, object]) -> Any:
    """Unpickle an error whose constructor takes keywords (see ``__reduce__``)."""
    return kind(*args, **options)
