"""Writing outputs safely: never replace a user's file silently, never end in a traceback.

:func:`write_safely` writes the files of one command as a single operation;
:func:`check_free` says beforehand, without writing anything, whether it would refuse (a
national analysis takes minutes: a refusal must not come after it). Every target is
checked before anything is written, and these are refused:

- an existing file, unless ``overwrite=True`` (:class:`~partenariat.errors.OutputExistsError`,
  a :class:`FileExistsError` too);
- one of the command's own ``inputs`` (the same path once resolved, or the same file under
  another name), whatever ``overwrite`` says
  (:class:`~partenariat.errors.OutputIsInputError`);
- one file named twice in one call (``a.html`` and ``out/../a.html``, or two outputs of one
  command given the same name);
- a folder, a path under a file, a symbolic link that leads nowhere or loops;
- a named pipe (FIFO), a socket or a block device: they are neither replaced nor written
  into (writing into a FIFO without a reader would block forever).

What ``overwrite`` replaces: regular files only. A symbolic link to a regular file is
followed: the file it names is replaced and the link is kept. A character device
(``/dev/null``, a terminal, ``/dev/stdout`` when it is one) is not a file that could be
lost: it is written into as a stream, with or without ``overwrite``, and its own errors
are reported as such (``/dev/full``: the disk is full). Character devices are not compared
with the inputs nor with each other.

Modes: a new file gets the mode :func:`open` would give it (``0o666`` less the umask, and
the folder's default ACL, if any); a replaced file keeps its mode, and its owner and group
when the user may set them.

All or nothing: every file is first written to a temporary neighbour named
``.NAME.partenariat-tmp-XXXXXXXX``; only when all are written are they moved into place,
and if one move fails, or the run is interrupted, the files already moved are put back as
they were (new ones removed), so that a report never points at tables that are not there.
A temporary left by a run that was killed is removed, once an hour old, the next time a
file is written in its folder. Every operating-system error (a read-only folder, a full
disk...) becomes an :class:`~partenariat.errors.OutputError` that names the path and says
why.

Examples:
    >>> import os, pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> umask = os.umask(0o022)
    >>> write_safely({folder / "a.txt": "un", folder / "b.csv": b"x,y\\n"})
    [PosixPath('...a.txt'), PosixPath('...b.csv')]
    >>> oct((folder / "a.txt").stat().st_mode & 0o777)
    '0o644'
    >>> try:
    ...     write_safely({folder / "a.txt": "deux"})
    ... except OutputExistsError as error:
    ...     print(error.path.name, "refused")
    a.txt refused
    >>> (folder / "a.txt").chmod(0o600)
    >>> (folder / "lien.txt").symlink_to(folder / "a.txt")
    >>> _ = write_safely({folder / "lien.txt": "deux"}, overwrite=True)
    >>> (folder / "lien.txt").is_symlink(), (folder / "a.txt").read_text()
    (True, 'deux')
    >>> oct((folder / "a.txt").stat().st_mode & 0o777)
    '0o600'
    >>> try:
    ...     check_free([folder / "a.txt"], overwrite=True, inputs=[folder / "lien.txt"])
    ... except OutputIsInputError:
    ...     print("an input is never replaced")
    an input is never replaced
    >>> [t.action for t in plan_writes([folder / "c.txt", folder / "a.txt"], overwrite=True)]
    ['create', 'replace']
    >>> _ = os.umask(umask)
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import time
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from partenariat.errors import OutputError, OutputExistsError, OutputIsInputError

#: What marks a temporary file: ``.NAME`` + this + 8 hexadecimal digits.
TEMPORARY_MARK = ".partenariat-tmp-"
_TEMPORARY = re.compile(r"\A\..*\.partenariat-tmp-[0-9a-f]{8}\Z", re.DOTALL)
#: Seconds after which a leftover temporary is removed.
STALE_AFTER = 3600.0
#: The clock that dates them (a test sets it forward).
_clock = time.time
#: The longest file name most file systems take, in bytes.
_NAME_MAX = 255

Action = Literal["create", "replace", "stream"]


@dataclass(frozen=True)
class Target:
    """What writing ``path`` will do: ``create`` a new file, ``replace`` the regular file
    ``real`` (``path`` itself, or the file a symbolic link names), or ``stream`` into a
    character device. ``existing`` is the file found, if any."""

    path: Path
    real: Path
    action: Action
    existing: os.stat_result | None = None


def check_free(
    paths: Iterable[Path | str],
    *,
    overwrite: bool = False,
    inputs: Collection[Path | str] = (),
) -> None:
    """Raise as :func:`write_safely` would before writing anything (see the module
    docstring); write nothing."""
    plan_writes(paths, overwrite=overwrite, inputs=inputs)


def plan_writes(
    paths: Iterable[Path | str],
    *,
    overwrite: bool = False,
    inputs: Collection[Path | str] = (),
) -> list[Target]:
    """What writing ``paths`` would do, one :class:`Target` each, or the error that refuses
    them (see the module docstring); nothing is written.

    >>> [t.action for t in plan_writes(["/dev/null"])]
    ['stream']
    """
    known = _Inputs(inputs)
    targets: list[Target] = []
    seen: dict[object, Path] = {}
    for given in paths:
        target = _target(Path(given), overwrite=overwrite, inputs=known)
        if target.action != "stream":
            keys: list[object] = [str(target.real)]
            if target.existing is not None:
                keys.append((target.existing.st_dev, target.existing.st_ino))
            for key in keys:
                if key in seen:
                    other = seen[key]
                    raise OutputError(
                        target.path,
                        f"is named twice (also as {other}): each output needs its own file",
                        f"est nommé deux fois (aussi comme {other})\u00a0: chaque sortie a "
                        "besoin de son propre fichier",
                    )
            seen.update(dict.fromkeys(keys, target.path))
        targets.append(target)
    return targets


def write_safely(
    contents: Mapping[Path, str | bytes],
    *,
    overwrite: bool = False,
    encoding: str = "utf-8",
    newline: str | None = None,
    inputs: Collection[Path | str] = (),
) -> list[Path]:
    """Write every file of ``contents`` (path -> text or bytes), all or none of them; see
    the module docstring.

    Returns the paths written, as given. ``newline`` is as for :func:`open` (``""``: as
    given); ``inputs`` are the files the command read, never replaced.
    """
    targets = plan_writes(contents, overwrite=overwrite, inputs=inputs)
    pairs = list(zip(targets, contents.values(), strict=True))
    now = _clock()
    for folder in dict.fromkeys(t.real.parent for t in targets if t.action != "stream"):
        _remove_stale(folder, now)
    undo = _Undo()
    try:
        staged = [
            (target, _stage(target, content, encoding, newline, undo))
            for target, content in pairs
            if target.action != "stream"
        ]
        for target, content in pairs:
            if target.action == "stream":
                _stream(target, content, encoding, newline)
        for target, temporary in staged:
            _install(target, temporary, overwrite, undo)
    except BaseException:
        undo.rollback()
        raise
    undo.commit()
    return [t.path for t in targets]


class _Inputs:
    """The inputs of a command, by resolved path and by file identity."""

    def __init__(self, inputs: Iterable[Path | str]) -> None:
        self.paths: set[str] = set()
        self.files: set[tuple[int, int]] = set()
        for given in inputs:
            self.paths.add(os.path.realpath(given))
            try:
                found = os.stat(given)
            except OSError:
                continue
            self.files.add((found.st_dev, found.st_ino))

    def has(self, real: Path, existing: os.stat_result | None) -> bool:
        """Whether the file at ``real`` (``existing``, when it exists) is an input."""
        if str(real) in self.paths:
            return True
        return existing is not None and (existing.st_dev, existing.st_ino) in self.files


def _target(path: Path, *, overwrite: bool, inputs: _Inputs) -> Target:
    """What writing ``path`` will do, or the error that refuses it."""
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        link = None
    except OSError as error:
        _check_parents(path)
        raise OutputError(path, *_reason(error)) from None
    existing = link
    if link is not None and stat.S_ISLNK(link.st_mode):
        try:
            existing = os.stat(path)
        except FileNotFoundError:
            raise OutputError(
                path,
                f"is a symbolic link to {os.readlink(path)}, which does not exist: it is "
                "neither followed nor replaced",
                f"est un lien symbolique vers {os.readlink(path)}, qui n'existe pas\u00a0: "
                "il n'est ni suivi ni remplacé",
            ) from None
        except OSError as error:
            raise OutputError(path, *_reason(error)) from None
    if existing is not None and stat.S_ISCHR(existing.st_mode):
        return Target(path, path, "stream", existing)
    real = Path(os.path.realpath(path))
    if inputs.has(real, existing):
        raise OutputIsInputError(
            path,
            "is one of the inputs: it is never replaced, give another name",
            "est une des entrées\u00a0: elle n'est jamais remplacée, donner un autre nom",
        )
    if existing is None:
        _check_parents(path)
        return Target(path, real, "create")
    if stat.S_ISDIR(existing.st_mode):
        raise OutputError(
            path,
            "is a folder: give a file name",
            "est un dossier\u00a0: donner un nom de fichier",
        )
    if not stat.S_ISREG(existing.st_mode):
        english, french = _kind(existing.st_mode)
        raise OutputError(
            path,
            f"is not a regular file but {english}: it is neither replaced nor written "
            "into (give the name of a file)",
            f"n'est pas un fichier ordinaire mais {french}\u00a0: il n'est ni remplacé ni "
            "écrit (donner le nom d'un fichier)",
        )
    if not overwrite:
        raise OutputExistsError(path=path)
    if not _same(real, existing):
        raise OutputError(
            path,
            "is a link whose file cannot be named (as in /proc): it is not replaced",
            "est un lien dont le fichier ne peut être nommé (comme dans /proc)\u00a0: il "
            "n'est pas remplacé",
        )
    return Target(path, real, "replace", existing)


def _check_parents(path: Path) -> None:
    """Raise when the first existing folder above ``path`` is not a folder."""
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputError(
                    path,
                    f"cannot be written: {parent} is a file, not a folder",
                    f"ne peut pas être écrit\u00a0: {parent} est un fichier, pas un dossier",
                )
            return
        if parent.is_symlink():
            raise OutputError(
                path,
                f"cannot be written: {parent} is a symbolic link to a folder that does not exist",
                f"ne peut pas être écrit\u00a0: {parent} est un lien symbolique vers un "
                "dossier qui n'existe pas",
            )


def _kind(mode: int) -> tuple[str, str]:
    """What a special file is, in English and French."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)", "un tube nommé (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket", "un socket"
    if stat.S_ISBLK(mode):
        return "a block device (a disk)", "un périphérique bloc (un disque)"
    return "a special file", "un fichier spécial"


def _same(path: Path, found: os.stat_result) -> bool:
    """Whether ``path`` is the file ``found``."""
    try:
        now = os.stat(path)
    except OSError:
        return False
    return (now.st_dev, now.st_ino) == (found.st_dev, found.st_ino)


@dataclass
class _Undo:
    """What one call has done so far, to undo it all on failure."""

    folders: list[Path] = field(default_factory=list)
    temporaries: set[Path] = field(default_factory=set)
    #: (file moved into place, its previous version or None when it is new)
    installed: list[tuple[Path, Path | None]] = field(default_factory=list)

    def rollback(self) -> None:
        """Put back every file as it was, remove what was created (best effort)."""
        for real, backup in reversed(self.installed):
            try:
                if backup is None:
                    os.unlink(real)
                elif _same(real, os.lstat(backup)):  # not replaced yet (rename would keep both)
                    os.unlink(backup)
                    self.temporaries.discard(backup)
                else:
                    os.replace(backup, real)
                    self.temporaries.discard(backup)
            except OSError:
                pass
        for temporary in self.temporaries:
            _unlink(temporary)
        for folder in reversed(self.folders):
            with contextlib.suppress(OSError):  # not empty: not ours alone
                os.rmdir(folder)

    def commit(self) -> None:
        """Remove the previous versions kept for :meth:`rollback`."""
        for temporary in self.temporaries:
            _unlink(temporary)


def _stage(
    target: Target, content: str | bytes, encoding: str, newline: str | None, undo: _Undo
) -> Path:
    """Write ``content`` to a temporary neighbour of ``target`` and return its path."""
    try:
        _make_folders(target.real.parent, undo)
        handle, temporary = _open_temporary(target.real, undo)
        existing = target.existing
        try:
            if existing is not None:  # keep the replaced file's owner, group and mode
                now = os.fstat(handle)
                if (now.st_uid, now.st_gid) != (existing.st_uid, existing.st_gid):
                    _chown(handle, existing)
                _chmod(handle, temporary, stat.S_IMODE(existing.st_mode))
        except BaseException:
            os.close(handle)
            raise
        _write(handle, content, encoding, newline)
    except OSError as error:
        raise OutputError(target.path, *_reason(error)) from None
    return temporary


def _make_folders(folder: Path, undo: _Undo) -> None:
    """Create ``folder`` and its missing parents, noting them in ``undo``."""
    missing: list[Path] = []
    while not folder.exists() and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    for created in reversed(missing):
        os.mkdir(created)
        undo.folders.append(created)


def _open_temporary(real: Path, undo: _Undo) -> tuple[int, Path]:
    """Create a new temporary neighbour of ``real``; its mode is as :func:`open` gives."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_BINARY", 0)
    for temporary in _temporary_names(real):
        try:
            handle = os.open(temporary, flags, 0o666)  # less the umask, as open() does
        except FileExistsError:
            continue
        undo.temporaries.add(temporary)
        return handle, temporary
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(real.parent))


def _temporary_names(real: Path, tries: int = 100) -> Iterator[Path]:
    """Names for a temporary neighbour of ``real``: ``.NAME.partenariat-tmp-XXXXXXXX``
    (``NAME`` shortened when the whole would be too long)."""
    name = real.name
    room = _NAME_MAX - 1 - len(TEMPORARY_MARK) - 8
    while len(os.fsencode(name)) > room:
        name = name[:-1]
    for _ in range(tries):
        yield real.parent / f".{name}{TEMPORARY_MARK}{secrets.token_hex(4)}"


def _chown(handle: int, existing: os.stat_result) -> None:
    """Give the file the owner and group of ``existing``, or its group, if permitted."""
    if not hasattr(os, "fchown"):
        return
    for uid in (existing.st_uid, -1):
        try:
            os.fchown(handle, uid, existing.st_gid)
        except OSError:
            continue
        return


def _chmod(handle: int, path: Path, mode: int) -> None:
    if hasattr(os, "fchmod"):
        os.fchmod(handle, mode)
    else:  # pragma: no cover - Windows before Python 3.13
        os.chmod(path, mode)


def _write(handle: int, content: str | bytes, encoding: str, newline: str | None) -> None:
    """Write ``content`` to the open file ``handle`` and close it."""
    if isinstance(content, bytes):
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
    else:
        with os.fdopen(handle, "w", encoding=encoding, newline=newline) as stream:
            stream.write(content)


def _stream(target: Target, content: str | bytes, encoding: str, newline: str | None) -> None:
    """Write into a character device (opened without blocking, and checked once open, in
    case it was changed for a FIFO since it was checked)."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(target.path, flags)
        try:
            mode = os.fstat(handle).st_mode
            if not stat.S_ISCHR(mode):
                raise OSError(errno.ENXIO, os.strerror(errno.ENXIO))
            os.set_blocking(handle, True)
        except BaseException:
            os.close(handle)
            raise
        _write(handle, content, encoding, newline)
    except OSError as error:
        raise OutputError(target.path, *_reason(error)) from None


def _install(target: Target, temporary: Path, overwrite: bool, undo: _Undo) -> None:
    """Move ``temporary`` into place, keeping what it replaces until the call succeeds."""
    real = target.real
    try:
        current = os.lstat(real)
    except FileNotFoundError:
        current = None
    except OSError as error:
        raise OutputError(target.path, *_reason(error)) from None
    if target.existing is None:
        if current is not None:
            raise _changed(target, overwrite)
        try:
            os.link(temporary, real)  # never replaces a file created meanwhile
        except FileExistsError:
            raise _changed(target, overwrite) from None
        except OSError:  # a file system without hard links
            try:
                os.replace(temporary, real)
            except OSError as error:
                raise OutputError(target.path, *_reason(error)) from None
            undo.temporaries.discard(temporary)
            undo.installed.append((real, None))
            return
        undo.installed.append((real, None))
        _unlink(temporary)
        undo.temporaries.discard(temporary)
        return
    if current is None or not stat.S_ISREG(current.st_mode) or not _same(real, target.existing):
        raise _changed(target, overwrite)
    try:
        backup = _backup(real, undo)
        undo.installed.append((real, backup))
        os.replace(temporary, real)
    except OSError as error:
        raise OutputError(target.path, *_reason(error)) from None
    undo.temporaries.discard(temporary)


def _backup(real: Path, undo: _Undo) -> Path:
    """Keep the file ``real`` under a temporary name too (a hard link, or by moving it)."""
    for backup in _temporary_names(real):
        try:
            os.link(real, backup)
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links
            os.replace(real, backup)
        undo.temporaries.add(backup)
        return backup
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(real.parent))


def _changed(target: Target, overwrite: bool) -> OutputError | OutputExistsError:
    if target.existing is None and not overwrite:
        return OutputExistsError(path=target.path)
    return OutputError(
        target.path,
        "changed while the outputs were being written: nothing is replaced",
        "a changé pendant l'écriture des sorties\u00a0: rien n'est remplacé",
    )


def _remove_stale(folder: Path, now: float) -> None:
    """Remove the temporaries of ``folder`` left by a run that was killed (an hour old)."""
    try:
        entries = os.scandir(folder)
    except OSError:
        return
    with entries:
        for entry in entries:
            if not _TEMPORARY.match(entry.name):
                continue
            try:
                found = entry.stat(follow_symlinks=False)
                if (
                    stat.S_ISREG(found.st_mode)
                    and now - max(found.st_mtime, found.st_ctime) > STALE_AFTER
                ):
                    os.unlink(entry.path)
            except OSError:
                pass


def _unlink(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


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
        errno.ELOOP: (
            "cannot be written: its symbolic links loop",
            "ne peut pas être écrit\u00a0: ses liens symboliques forment une boucle",
        ),
        errno.ENXIO: (
            "is not a regular file: it is neither replaced nor written into",
            "n'est pas un fichier ordinaire\u00a0: il n'est ni remplacé ni écrit",
        ),
    }
    return reasons.get(
        error.errno or 0,
        (
            f"cannot be written: {error.strerror or error}",
            f"ne peut pas être écrit\u00a0: {error.strerror or error}",
        ),
    )
