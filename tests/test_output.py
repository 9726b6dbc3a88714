"""partenariat.output: what ``overwrite`` may replace, modes, inputs, all or nothing.

Every hostile target is built here (FIFO, socket, symbolic links, hard links); real
character devices are only planned for (``/dev/null`` is never written nor replaced), and
an actual stream goes to a pseudo-terminal the test opens itself.
"""

from __future__ import annotations

import errno
import os
import pickle
import re
import socket
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from partenariat import output
from partenariat.errors import (
    OutputError,
    OutputExistsError,
    OutputIsInputError,
    PartenariatError,
)
from partenariat.output import check_free, plan_writes, write_safely

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
TEMPORARY = re.compile(r"\A\..+\.partenariat-tmp-[0-9a-f]{8}\Z")


def _names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask() -> Iterator[Callable[[int], int]]:
    """Set the process umask for one test."""
    before = os.umask(0o022)
    yield os.umask
    os.umask(before)


# Existing files and errors


def test_an_existing_file_is_refused_in_python_terms(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("mine")
    with pytest.raises(OutputExistsError) as caught:
        write_safely({tmp_path / "new.txt": "x", tmp_path / "a.txt": "theirs"})
    error = caught.value
    assert str(error) == f"{tmp_path / 'a.txt'} already exists (pass overwrite=True to replace it)"
    assert error.text("fr") == f"{tmp_path / 'a.txt'} existe déjà"
    assert "--force" not in str(error)
    assert isinstance(error, FileExistsError)
    assert isinstance(error, PartenariatError)
    assert (error.errno, error.path, error.filename) == (
        errno.EEXIST,
        tmp_path / "a.txt",
        tmp_path / "a.txt",
    )
    assert _names(tmp_path) == {"a.txt"}
    assert (tmp_path / "a.txt").read_text() == "mine"


def test_the_errors_keep_their_old_constructors_and_survive_pickling() -> None:
    old = OutputExistsError("a.csv is there", french="a.csv est là")
    assert (str(old), old.text("fr"), old.path) == ("a.csv is there", "a.csv est là", None)
    copy = pickle.loads(pickle.dumps(OutputExistsError(path="a.csv")))
    assert (str(copy), copy.text("fr"), copy.filename) == (
        "a.csv already exists (pass overwrite=True to replace it)",
        "a.csv existe déjà",
        "a.csv",
    )
    assert issubclass(OutputIsInputError, OutputError)
    error = OutputIsInputError("a.csv", "is an input", "est une entrée")
    assert (error.path, str(error), error.text("fr")) == (
        "a.csv",
        "a.csv is an input",
        "a.csv est une entrée",
    )


def test_check_free_writes_nothing(tmp_path: Path) -> None:
    check_free([tmp_path / "new" / "deep" / "a.txt", tmp_path / "b.txt"])
    assert _names(tmp_path) == set()
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        check_free([tmp_path / "file" / "a.txt"])
    with pytest.raises(OutputError, match="is a folder"):
        check_free([tmp_path], overwrite=True)


# 1. overwrite never replaces a special file; symbolic links are followed


@needs_fifo
@pytest.mark.parametrize("overwrite", [False, True])
def test_a_fifo_is_neither_replaced_nor_written_into(tmp_path: Path, overwrite: bool) -> None:
    fifo = tmp_path / "tube"
    os.mkfifo(fifo)
    with pytest.raises(OutputError) as caught:
        write_safely({tmp_path / "first.txt": "x", fifo: "y"}, overwrite=overwrite)
    assert type(caught.value) is OutputError
    assert str(caught.value) == (
        f"{fifo} is not a regular file but a named pipe (FIFO): it is neither replaced "
        "nor written into (give the name of a file)"
    )
    assert "n'est pas un fichier ordinaire" in caught.value.text("fr")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert _names(tmp_path) == {"tube"}  # nothing else written, no temporary


@needs_fifo
def test_a_symbolic_link_to_a_fifo_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "tube")
    os.symlink(tmp_path / "tube", tmp_path / "link")
    with pytest.raises(OutputError, match="not a regular file but a named pipe"):
        write_safely({tmp_path / "link": "y"}, overwrite=True)
    assert (tmp_path / "link").is_symlink()
    assert stat.S_ISFIFO((tmp_path / "tube").lstat().st_mode)


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets here")
def test_a_socket_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # a short relative name: socket paths are limited
    with socket.socket(socket.AF_UNIX) as server:
        server.bind("sock")
        with pytest.raises(OutputError, match="not a regular file but a socket"):
            write_safely({Path("sock"): "y"}, overwrite=True)
        assert stat.S_ISSOCK(os.lstat("sock").st_mode)


def test_a_symbolic_link_to_a_file_is_followed_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real" / "report.html"
    real.parent.mkdir()
    real.write_text("old")
    real.chmod(0o640)
    link = tmp_path / "report.html"
    link.symlink_to(real)
    with pytest.raises(OutputExistsError) as caught:
        write_safely({link: "new"})
    assert caught.value.path == link
    assert write_safely({link: "new"}, overwrite=True) == [link]
    assert link.is_symlink()
    assert os.readlink(link) == str(real)
    assert real.read_text() == "new"
    assert _mode(real) == 0o640
    assert _names(real.parent) == {"report.html"}
    assert _names(tmp_path) == {"real", "report.html"}


@pytest.mark.parametrize("overwrite", [False, True])
def test_a_dangling_symbolic_link_is_refused(tmp_path: Path, overwrite: bool) -> None:
    link = tmp_path / "report.html"
    link.symlink_to(tmp_path / "nowhere.html")
    with pytest.raises(OutputError, match=r"symbolic link to .*nowhere\.html, which does not"):
        write_safely({link: "new"}, overwrite=overwrite)
    assert _names(tmp_path) == {"report.html"}


def test_a_symbolic_link_loop_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(OutputError, match="loop"):
        write_safely({tmp_path / "a": "x"}, overwrite=True)


@pytest.mark.parametrize("device", ["/dev/null", "/dev/full"])
@pytest.mark.parametrize("overwrite", [False, True])
def test_a_character_device_is_a_stream_never_replaced(device: str, overwrite: bool) -> None:
    # The decision only: a device of the machine is never written by the tests.
    if not os.path.exists(device) or not stat.S_ISCHR(os.stat(device).st_mode):
        pytest.skip(f"no {device} here")
    (target,) = plan_writes([Path(device)], overwrite=overwrite)
    assert (target.action, target.path) == ("stream", Path(device))
    check_free([Path(device)], overwrite=overwrite)


def test_a_character_device_behind_a_link_is_a_stream(tmp_path: Path) -> None:
    if not os.path.exists("/dev/null"):
        pytest.skip("no /dev/null here")
    (tmp_path / "out").symlink_to("/dev/null")
    (target,) = plan_writes([tmp_path / "out"])
    assert target.action == "stream"


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="no pseudo-terminals here")
def test_a_terminal_is_written_as_a_stream(tmp_path: Path) -> None:
    main, side = os.openpty()
    try:
        terminal = Path(os.ttyname(side))
        (tmp_path / "tty").symlink_to(terminal)
        written = write_safely({tmp_path / "tty": "bonjour", tmp_path / "a.txt": "fichier"})
        assert written == [tmp_path / "tty", tmp_path / "a.txt"]
        assert b"bonjour" in os.read(main, 100)
        assert (tmp_path / "tty").is_symlink()
        assert stat.S_ISCHR(terminal.stat().st_mode)
        assert (tmp_path / "a.txt").read_text() == "fichier"
    finally:
        os.close(side)
        os.close(main)


def test_a_failing_stream_writes_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object) -> None:
        raise OutputError("/dev/full", "cannot be written: the disk is full")

    monkeypatch.setattr(output, "_stream", full)
    (tmp_path / "b.txt").write_text("old")
    with pytest.raises(OutputError, match="disk is full"):
        write_safely(
            {tmp_path / "a.txt": "a", Path("/dev/null"): "x", tmp_path / "b.txt": "b"},
            overwrite=True,
        )
    assert _names(tmp_path) == {"b.txt"}
    assert (tmp_path / "b.txt").read_text() == "old"


# 2. Modes


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o002, 0o077])
def test_a_new_file_gets_the_mode_open_would_give(
    tmp_path: Path, umask: Callable[[int], int], mask: int
) -> None:
    umask(mask)
    write_safely({tmp_path / "a.txt": "x", tmp_path / "new" / "b.bin": b"y"})
    with open(tmp_path / "by-open.txt", "w") as stream:
        stream.write("z")
    for name in ("a.txt", "new/b.bin", "by-open.txt"):
        assert _mode(tmp_path / name) == 0o666 & ~mask, name


@pytest.mark.parametrize("mode", [0o600, 0o644, 0o755, 0o444])
def test_a_replaced_file_keeps_its_mode(
    tmp_path: Path, umask: Callable[[int], int], mode: int
) -> None:
    umask(0o077)
    path = tmp_path / "a.txt"
    path.write_text("old")
    path.chmod(mode)
    write_safely({path: "new"}, overwrite=True)
    assert (path.read_text(), _mode(path)) == ("new", mode)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_a_replaced_file_keeps_its_owner_and_group(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("old")
    os.chown(path, 12345, 54321)
    write_safely({path: "new"}, overwrite=True)
    found = path.stat()
    assert (found.st_uid, found.st_gid) == (12345, 54321)


# 3. One file named twice


def test_one_file_named_twice_is_refused_before_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "sub").mkdir()
    twice = {tmp_path / "a.html": "1", tmp_path / "sub" / ".." / "a.html": "2"}
    with pytest.raises(OutputError, match="is named twice") as caught:
        write_safely(twice)
    assert type(caught.value) is OutputError
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OutputError, match="is named twice"):
        write_safely({tmp_path / "b.csv": "1", Path("c.csv"): "2", Path("./b.csv"): "3"})
    with pytest.raises(OutputError, match="is named twice"):
        check_free([Path("a.html"), tmp_path / "a.html"])
    assert _names(tmp_path) == {"sub"}


def test_one_file_under_two_names_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("old")
    os.link(tmp_path / "a.csv", tmp_path / "hard.csv")
    (tmp_path / "soft.csv").symlink_to(tmp_path / "a.csv")
    for other in ("hard.csv", "soft.csv"):
        with pytest.raises(OutputError, match=f"{other} is named twice"):
            write_safely({tmp_path / "a.csv": "1", tmp_path / other: "2"}, overwrite=True)
    assert (tmp_path / "a.csv").read_text() == "old"


# 4. Inputs


@pytest.mark.parametrize("overwrite", [False, True])
def test_an_input_is_never_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, overwrite: bool
) -> None:
    data = tmp_path / "data.csv"
    data.write_text("precious")
    os.link(data, tmp_path / "hard.csv")
    (tmp_path / "soft.csv").symlink_to(data)
    monkeypatch.chdir(tmp_path)
    for target in (data, Path("data.csv"), tmp_path / "hard.csv", tmp_path / "soft.csv"):
        with pytest.raises(OutputIsInputError) as caught:
            write_safely(
                {tmp_path / "new.txt": "x", target: "y"}, overwrite=overwrite, inputs=[data]
            )
        assert caught.value.path == target
        assert str(caught.value) == (
            f"{target} is one of the inputs: it is never replaced, give another name"
        )
        with pytest.raises(OutputIsInputError):
            check_free([target], overwrite=overwrite, inputs=[Path("data.csv")])
    assert data.read_text() == "precious"
    assert "new.txt" not in _names(tmp_path)
    assert write_safely({tmp_path / "new.txt": "x"}, inputs=[data]) == [tmp_path / "new.txt"]


def test_an_input_that_does_not_exist_yet_is_still_not_an_output(tmp_path: Path) -> None:
    with pytest.raises(OutputIsInputError):
        check_free([tmp_path / "a.csv"], inputs=[tmp_path / "." / "a.csv"])


# 5. All or nothing


def test_a_refusal_leaves_nothing_behind(tmp_path: Path) -> None:
    (tmp_path / "exists.txt").write_text("mine")
    with pytest.raises(OutputExistsError):
        write_safely({tmp_path / "new" / "a.txt": "a", tmp_path / "exists.txt": "b"})
    assert _names(tmp_path) == {"exists.txt"}


def _old_files(tmp_path: Path) -> dict[Path, str | bytes]:
    """Two existing files and two new ones (one in a new folder), to be written."""
    (tmp_path / "a.txt").write_text("old a")
    (tmp_path / "a.txt").chmod(0o600)
    (tmp_path / "c.csv").write_bytes(b"old c")
    return {
        tmp_path / "a.txt": "new a",
        tmp_path / "b.txt": "new b",
        tmp_path / "tables" / "d.csv": b"new d",
        tmp_path / "c.csv": b"new c",
    }


def _as_before(tmp_path: Path, inode: int) -> None:
    assert _names(tmp_path) == {"a.txt", "c.csv"}  # no temporary, no new folder
    assert (tmp_path / "a.txt").read_text() == "old a"
    assert (tmp_path / "a.txt").stat().st_ino == inode
    assert _mode(tmp_path / "a.txt") == 0o600
    assert (tmp_path / "c.csv").read_bytes() == b"old c"


def test_a_full_disk_midway_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    contents = _old_files(tmp_path)
    inode = (tmp_path / "a.txt").stat().st_ino
    real_write = output._write
    seen: list[set[str]] = []

    def write(handle: int, content: str | bytes, encoding: str, newline: str | None) -> None:
        seen.append(_names(tmp_path))
        if content == b"new c":
            os.close(handle)
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(handle, content, encoding, newline)

    monkeypatch.setattr(output, "_write", write)
    with pytest.raises(OutputError) as caught:
        write_safely(contents, overwrite=True)
    assert str(caught.value) == f"{tmp_path / 'c.csv'} cannot be written: the disk is full"
    _as_before(tmp_path, inode)
    temporaries = set().union(*seen) - {"a.txt", "c.csv", "tables"}
    assert temporaries, "the temporaries were seen being written"
    assert all(TEMPORARY.match(name) for name in temporaries), temporaries
    assert any(name.startswith(".a.txt.partenariat-tmp-") for name in temporaries)


@pytest.mark.parametrize(
    ("failure", "raised"),
    [(OSError(errno.EIO, "I/O error"), OutputError), (KeyboardInterrupt(), KeyboardInterrupt)],
)
def test_a_failed_move_puts_back_the_files_already_moved(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    failure: BaseException,
    raised: type[BaseException],
) -> None:
    contents = _old_files(tmp_path)
    inode = (tmp_path / "a.txt").stat().st_ino
    real_replace = os.replace
    moved: list[str] = []

    def replace(source: str | Path, target: str | Path) -> None:
        if not moved and Path(target) == tmp_path / "c.csv" and TEMPORARY.match(Path(source).name):
            # a.txt, b.txt and d.csv are in place by now
            assert (tmp_path / "a.txt").read_text() == "new a"
            assert (tmp_path / "tables" / "d.csv").read_bytes() == b"new d"
            moved.append("checked")
            raise failure
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(raised):
        write_safely(contents, overwrite=True)
    assert moved == ["checked"]
    _as_before(tmp_path, inode)


def test_without_hard_links_the_files_are_still_put_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    contents = _old_files(tmp_path)
    real_replace = os.replace

    def no_link(source: object, target: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    failed: list[Path] = []

    def replace(source: str | Path, target: str | Path) -> None:
        # the first move onto c.csv is the new version's; the second puts the old one back
        if not failed and Path(target) == tmp_path / "c.csv" and TEMPORARY.match(Path(source).name):
            failed.append(Path(source))
            raise OSError(errno.EIO, "I/O error")
        real_replace(source, target)

    monkeypatch.setattr(os, "link", no_link)
    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OutputError, match=r"c\.csv cannot be written: I/O error"):
        write_safely(contents, overwrite=True)
    assert _names(tmp_path) == {"a.txt", "c.csv"}
    assert (tmp_path / "a.txt").read_text() == "old a"
    assert (tmp_path / "c.csv").read_bytes() == b"old c"
    monkeypatch.setattr(os, "replace", real_replace)
    write_safely(contents, overwrite=True)
    assert (tmp_path / "c.csv").read_bytes() == b"new c"
    assert _names(tmp_path) == {"a.txt", "b.txt", "c.csv", "tables"}


def test_a_file_created_meanwhile_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = output._write

    def write(handle: int, content: str | bytes, encoding: str, newline: str | None) -> None:
        real_write(handle, content, encoding, newline)
        if content == "b":
            (tmp_path / "a.txt").write_text("someone else's")

    monkeypatch.setattr(output, "_write", write)
    with pytest.raises(OutputExistsError):
        write_safely({tmp_path / "a.txt": "a", tmp_path / "b.txt": "b"})
    assert _names(tmp_path) == {"a.txt"}
    assert (tmp_path / "a.txt").read_text() == "someone else's"


def test_the_previous_versions_are_removed_on_success(tmp_path: Path) -> None:
    contents = _old_files(tmp_path)
    assert write_safely(contents, overwrite=True) == list(contents)
    assert _names(tmp_path) == {"a.txt", "b.txt", "c.csv", "tables"}
    assert _names(tmp_path / "tables") == {"d.csv"}
    assert (tmp_path / "a.txt").read_text() == "new a"
    assert _mode(tmp_path / "a.txt") == 0o600


def test_old_leftover_temporaries_are_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    leftovers = {
        ".a.txt.partenariat-tmp-0123abcd": True,
        ".other.csv.partenariat-tmp-deadbeef": True,
        ".a.txt.partenariat-tmp-zzzzzzzz": False,  # not the pattern
        "a.txt.partenariat-tmp-0123abcd": False,  # not hidden
        "notes.txt": False,
    }
    for name in leftovers:
        (tmp_path / name).write_text("left")
    (tmp_path / ".link.partenariat-tmp-00000000").symlink_to(tmp_path / "notes.txt")
    write_safely({tmp_path / "new.txt": "x"})
    assert set(leftovers) < _names(tmp_path), "younger than an hour: kept"
    later = time.time() + output.STALE_AFTER + 60
    monkeypatch.setattr(output, "_clock", lambda: later)
    write_safely({tmp_path / "again.txt": "x"})
    assert _names(tmp_path) == {
        "new.txt",
        "again.txt",
        ".link.partenariat-tmp-00000000",
        *(name for name, stale in leftovers.items() if not stale),
    }


def test_a_long_name_gets_a_short_enough_temporary(tmp_path: Path) -> None:
    name = "é" * 100 + ".csv"  # 204 bytes: with the mark, more than 255
    write_safely({tmp_path / name: "x"})
    write_safely({tmp_path / name: "y"}, overwrite=True)
    assert _names(tmp_path) == {name}
    assert (tmp_path / name).read_text() == "y"


def test_text_is_written_with_the_encoding_and_newlines_asked(tmp_path: Path) -> None:
    write_safely({tmp_path / "a.csv": "é\n"}, encoding="cp1252", newline="\r\n")
    assert (tmp_path / "a.csv").read_bytes() == b"\xe9\r\n"
