"""The bundled commune outlines: projection, borders, missing codes, merged communes."""

from __future__ import annotations

import re

import pytest

from partenariat.geography import area_outlines, departement_of, has_outline

MELUN, LE_MEE, DAMMARIE = "77288", "77285", "77152"


def _points(path: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", path)]


@pytest.mark.parametrize(
    ("code", "expected"), [("77288", "77"), ("2A004", "2A"), ("97411", "974"), ("01001", "01")]
)
def test_the_departement_of_a_commune_code(code: str, expected: str) -> None:
    assert departement_of(code) == expected


def test_communes_of_today_have_an_outline_and_unknown_codes_none() -> None:
    assert has_outline(MELUN)
    assert has_outline("2A004")
    assert has_outline("13055")
    assert not has_outline("77999")
    assert not has_outline("99999")
    # Annecy absorbed Annecy-le-Vieux, Cran-Gevrier, Meythet, Pringy and Seynod in 2017: the
    # 2018 outlines hold one Annecy, the old codes none.
    assert has_outline("74010")
    assert not has_outline("74011")


def test_every_point_lies_on_the_plane_and_the_width_is_kept() -> None:
    area = area_outlines([MELUN, LE_MEE, DAMMARIE])
    assert [c.code for c in area.communes] == sorted([MELUN, LE_MEE, DAMMARIE])
    assert area.width == 1000.0
    assert area.height > 0
    for commune in area.communes:
        points = _points(commune.path)
        assert points, commune.code
        assert all(-0.1 <= x <= area.width + 0.1 for x, _ in points)
        assert all(-0.1 <= y <= area.height + 0.1 for _, y in points)
        xs, ys = zip(*points, strict=True)
        assert min(xs) <= commune.centre[0] <= max(xs)
        assert min(ys) <= commune.centre[1] <= max(ys)


def test_north_is_up_and_east_is_right() -> None:
    area = area_outlines([MELUN, LE_MEE])
    # Melun's town hall (48.539 N, 2.660 E) and a point further south-west in Le Mée.
    melun = area.project(48.539, 2.660)
    south_west = area.project(48.530, 2.625)
    assert south_west[0] < melun[0]
    assert south_west[1] > melun[1]
    assert area.contains(48.539, 2.660)
    assert not area.contains(45.9, 6.1)


def test_an_epci_border_is_drawn_only_between_different_epcis() -> None:
    same = area_outlines([MELUN, LE_MEE], epci_of={MELUN: "CAMVS", LE_MEE: "CAMVS"})
    assert "epci" not in same.borders
    assert same.borders["edge"]
    split = area_outlines([MELUN, LE_MEE], epci_of={MELUN: "A", LE_MEE: "B"})
    assert split.borders["epci"]
    # The shared border is an EPCI border, never part of the area's edge.
    assert split.borders["edge"] == same.borders["edge"]
    assert split.borders["epci"] not in split.borders["edge"]


def test_codes_without_outline_are_reported_not_dropped_silently() -> None:
    area = area_outlines([MELUN, "99999", "97501"])
    assert [c.code for c in area.communes] == [MELUN]
    assert area.missing == ("97501", "99999")
    empty = area_outlines(["99999"])
    assert empty.communes == ()
    assert empty.missing == ("99999",)
