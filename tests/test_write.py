"""Writing a dataset back: load -> write -> load is the identity; nothing is overwritten."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import partenariat
from partenariat import Dataset, Link, Organisation, OutputExistsError, write_folder
from tests.conftest import TODAY


@pytest.mark.parametrize("excel", [False, True])
def test_round_trip_of_the_example_is_the_identity(
    example: Path, tmp_path: Path, excel: bool
) -> None:
    original = partenariat.load(example, today=TODAY)
    write_folder(original, tmp_path / "copy", excel=excel)
    assert partenariat.load(tmp_path / "copy", today=TODAY) == original


def test_excel_mode_writes_semicolons_and_a_bom(tmp_path: Path) -> None:
    data = Dataset(organisations=(Organisation(id="A", name="Épicerie"),))
    path = write_folder(data, tmp_path / "x", excel=True)[0]
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid;name;")
    assert b"\r\n" in raw


def test_existing_files_are_never_overwritten_silently(tmp_path: Path) -> None:
    data = Dataset(organisations=(Organisation(id="A", name="Alpha"),))
    write_folder(data, tmp_path)
    before = (tmp_path / "organisations.csv").read_bytes()
    with pytest.raises(OutputExistsError):
        write_folder(Dataset(), tmp_path)
    assert (tmp_path / "organisations.csv").read_bytes() == before
    write_folder(Dataset(), tmp_path, overwrite=True)


_text = (
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="|"
        ),
        min_size=1,
        max_size=12,
    )
    .map(str.strip)
    .filter(bool)
)


#: Without a territory file, codes are read against France's territories.
REAL_CODES = ["77288", "59", "france", "247700057", "region:11", "2A", "75101"]


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    ids = draw(st.lists(_text, min_size=1, max_size=6, unique=True))
    organisations = tuple(
        Organisation(
            id=org_id,
            name=draw(_text),
            fields=tuple(draw(st.lists(_text, max_size=3, unique=True))),
            territories=tuple(draw(st.lists(st.sampled_from(REAL_CODES), max_size=2, unique=True))),
            lat=None,
            lon=None,
            extra=(("note interne", draw(_text)),),
        )
        for org_id in ids
    )
    links = tuple(
        Link(
            source=draw(st.sampled_from(ids)),
            target=draw(st.sampled_from(ids)),
            type=draw(st.sampled_from([None, "formal", "referral", "co-animation"])),
            weight=draw(st.none() | st.floats(0, 1e6, allow_nan=False)),
        )
        for _ in range(draw(st.integers(0, 5)))
    )
    return Dataset(organisations=organisations, links=links)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=datasets())
def test_round_trip_of_random_datasets(tmp_path: Path, data: Dataset) -> None:
    folder = tmp_path / "rt"
    write_folder(data, folder, overwrite=True)
    loaded, _ = partenariat.read(folder)
    assert loaded.organisations == data.organisations
    assert loaded.links == data.links
