"""Writing outputs safely: never replace a user's file silently, never end in a traceback.

:func:`write_safely` checks every target before writing any (so that a refusal leaves
nothing half-written), refuses an existing file without ``overwrite``, and turns every
operating-system error (a folder where a file is expected, a parent that is a file, a
read-only folder, a full disk) into an :class:`OutputError` that names the path and says
what to do. Each file is written to a temporary neighbour, then moved into place.

Examples:
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> write_safely({folder / "a.txt": "un"})
    [PosixPath('...a.txt')]
    >>> try:
    ...     write_safely({folder / "a.txt": "deux"})
    ... except OutputExistsError as error:
    ...     print("refused")
    refused
    >>> (folder / "a.txt").read_text()
    'un'
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from partenariat.errors import OutputError, OutputExistsError


def check_free(paths: list[Path], *, overwrite: bool = False) -> None:
    """Raise when a target cannot be written: an existing file without ``overwrite``, a
    folder, or a parent that is a file."""
    for path in paths:
        if path.is_dir():
            raise OutputError(
                path,
                "is a folder: give a file name",
                "est un dossier\u00a0: donner un nom de fichier",
            )
        if path.exists() and not overwrite:
            raise OutputExistsError(
                f"{path} already exists; use --force to replace it",
                french=f"{path} existe déjà\u00a0; --force pour le remplacer",
            )
        for parent in path.parents:
            if parent.exists():
                if not parent.is_dir():
                    raise OutputError(
                        path,
                        f"cannot be written: {parent} is a file, not a folder",
                        f"ne peut pas être écrit\u00a0: {parent} est un fichier, pas un dossier",
                    )
                break


def write_safely(
    contents: Mapping[Path, str | bytes],
    *,
    overwrite: bool = False,
    encoding: str = "utf-8",
    newline: str | None = None,
) -> list[Path]:
    """Write every file of ``contents`` (path -> text or bytes); see the module docstring.

    Returns the paths written. ``newline`` is as for :func:`open` (``""``: as given).
    """
    paths = [Path(p) for p in contents]
    check_free(paths, overwrite=overwrite)
    written: list[Path] = []
    for path, content in zip(paths, contents.values(), strict=True):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            try:
                if isinstance(content, bytes):
                    with os.fdopen(handle, "wb") as stream:
                        stream.write(content)
                else:
                    with os.fdopen(handle, "w", encoding=encoding, newline=newline) as stream:
                        stream.write(content)
                os.replace(temporary, path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError as error:
            raise OutputError(path, *_reason(error)) from None
        written.append(path)
    return written


def _reason(error: OSError) -> tuple[str, str]:
    """Why a file cannot be written, in English and French."""
    denied = (
        "cannot be written: permission denied (choose another folder)",
        "ne peut pas être écrit\u00a0: accès refusé (choisir un autre dossier)",
    )
    reasons = {
        errno.EACCES: denied,
        errno.EPERM: denied,
        errno.EROFS: (
            "cannot be written: the disk is read-only",
            "ne peut pas être écrit\u00a0: le disque est en lecture seule",
        ),
        errno.ENOSPC: (
            "cannot be written: the disk is full",
            "ne peut pas être écrit\u00a0: le disque est plein",
        ),
        errno.EISDIR: (
            "is a folder: give a file name",
            "est un dossier\u00a0: donner un nom de fichier",
        ),
        errno.ENOTDIR: (
            "cannot be written: a part of the path is a file, not a folder",
            "ne peut pas être écrit\u00a0: une partie du chemin est un fichier, pas un dossier",
        ),
        errno.ENAMETOOLONG: (
            "cannot be written: the name is too long",
            "ne peut pas être écrit\u00a0: le nom est trop long",
        ),
    }
    return reasons.get(
        error.errno or 0,
        (
            f"cannot be written: {error.strerror or error}",
            f"ne peut pas être écrit\u00a0: {error.strerror or error}",
        ),
    )
