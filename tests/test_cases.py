"""Case support on hand-built cases (answers worked out by hand).

BIG     22 organisations o01..o22; o01 is linked to o02..o21 but not to o22
SOLO    one organisation
DATES   a, b, c, d in "logement":  a 2025-01-01 -> 2025-03-31, b 2025-04-01 -> ongoing,
        c (no start) -> 2025-01-15, d 2025-06-01 -> ongoing, role "Référente";
        links a-b, b-c, a-c; d linked to nobody
TIMED   e (santé) 2025-01-01 -> 2025-02-01, f (emploi) 2025-01-10 -> 2025-03-01; no link
REPEAT  e and f again, no dates
"""

from __future__ import annotations

import datetime as dt

import pytest

from partenariat import Dataset, Intervention, Link, Network, Organisation
from partenariat.analysis.cases import active_on, cases

D = dt.date


def _network() -> Network:
    big = [f"o{i:02d}" for i in range(1, 23)]
    ids = [*big, "a", "b", "c", "d", "e", "f"]
    organisations = tuple(Organisation(id=i, name=i.upper()) for i in ids)
    links = [Link(source="o01", target=o) for o in big[1:21]]
    links += [
        Link(source="a", target="b"),
        Link(source="b", target="c"),
        Link(source="a", target="c", type="referral"),
    ]
    interventions = [
        Intervention(case="BIG", organisation=o, field="accès aux droits") for o in big
    ]
    interventions += [
        Intervention(case="SOLO", organisation="o05"),
        Intervention(
            case="DATES",
            organisation="a",
            field="logement",
            start=D(2025, 1, 1),
            end=D(2025, 3, 31),
        ),
        Intervention(case="DATES", organisation="b", field="Logement", start=D(2025, 4, 1)),
        Intervention(case="DATES", organisation="c", field="logement", end=D(2025, 1, 15)),
        Intervention(
            case="DATES", organisation="d", field="logement", start=D(2025, 6, 1), role="Référente"
        ),
        Intervention(
            case="TIMED", organisation="e", field="santé", start=D(2025, 1, 1), end=D(2025, 2, 1)
        ),
        Intervention(
            case="TIMED", organisation="f", field="emploi", start=D(2025, 1, 10), end=D(2025, 3, 1)
        ),
        Intervention(case="REPEAT", organisation="e"),
        Intervention(case="REPEAT", organisation="f"),
    ]
    return Network(
        Dataset(organisations=organisations, links=tuple(links), interventions=tuple(interventions))
    )


def _case(name: str, **kwargs: object):  # type: ignore[no-untyped-def]
    return {c.case: c for c in cases(_network(), **kwargs).cases}[name]  # type: ignore[arg-type]


def test_a_case_of_22_organisations_with_one_left_out() -> None:
    big = _case("BIG")
    assert len(big.organisations) == 22
    assert big.linked_share == round(20 / 231, 4)
    assert big.components == 2
    assert big.fragmented
    assert big.coordinators == ()
    assert len(big.concurrent) == 231  # undated interventions in one field all overlap


def test_a_case_of_22_organisations_all_linked_to_a_hub() -> None:
    network = _network()
    data = network.dataset
    hub_to_all = Network(
        Dataset(
            organisations=data.organisations,
            links=(*data.links, Link(source="o22", target="o01")),
            interventions=data.interventions,
        )
    )
    big = {c.case: c for c in cases(hub_to_all).cases}["BIG"]
    assert (big.components, big.fragmented, big.coordinators) == (1, False, ("o01",))
    assert big.linked_share == round(21 / 231, 4)


def test_a_one_organisation_case() -> None:
    solo = _case("SOLO")
    assert solo.organisations == ("o05",)
    assert solo.linked_share is None
    assert (solo.components, solo.fragmented, solo.coordinators) == (1, False, ())


def test_open_ended_and_missing_dates_and_a_declared_coordinator_not_structural() -> None:
    dates = _case("DATES")
    assert [(c.organisations, c.field) for c in dates.concurrent] == [
        (("a", "c"), "logement"),
        (("b", "d"), "logement"),
    ]
    assert dates.declared_coordinators == ("d",)
    assert dates.coordinators == ()
    assert (dates.components, dates.linked_share, dates.fragmented) == (2, 0.5, True)
    assert (dates.start, dates.end, dates.duration_days) == (None, None, None)


def test_duration_of_a_closed_case() -> None:
    timed = _case("TIMED")
    assert (timed.start, timed.end, timed.duration_days) == (D(2025, 1, 1), D(2025, 3, 1), 59)
    assert timed.concurrent == ()
    assert timed.fields == ("emploi", "santé")


def test_across_cases() -> None:
    result = cases(_network())
    summary = result.summary()
    assert summary["cases"] == 5
    assert (summary["fragmented"], summary["fragmented_share"]) == (4, 0.8)
    assert summary["organisations_per_case"] == {"median": 2.0, "p90": 22, "max": 22}
    assert summary["crowded"] == 1
    assert summary["with_concurrent"] == 2  # DATES, and BIG: 22 undated in one field
    assert summary["without_coordinator"] == 3
    top = result.missing_links[0]
    assert (top.organisations, top.cases, top.reconnects) == (("e", "f"), 2, 2)
    assert len(result.missing_links) == 211 + 3 + 1
    assert result.fragmented_presence[:2] == (("e", 2, 2), ("f", 2, 2))
    assert result.concurrent_fields == (("accès aux droits", 1), ("logement", 1))


def test_at_a_date_keeps_the_active_interventions() -> None:
    result = cases(_network(), at=D(2025, 2, 15))
    by_case = {c.case: c.organisations for c in result.cases}
    assert by_case["DATES"] == ("a",)
    assert by_case["TIMED"] == ("f",)
    assert len(by_case["BIG"]) == 22
    assert result.at == D(2025, 2, 15)


def test_one_case_only() -> None:
    assert [c.case for c in cases(_network(), case="SOLO").cases] == ["SOLO"]
    assert cases(_network(), case="nope").cases == ()


@pytest.mark.parametrize(
    ("start", "end", "day", "active"),
    [
        (None, None, D(2020, 1, 1), True),
        (D(2025, 1, 1), None, D(2025, 1, 1), True),
        (None, D(2025, 1, 1), D(2025, 1, 2), False),
        (D(2025, 1, 2), None, D(2025, 1, 1), False),
    ],
)
def test_active_on(start: dt.date | None, end: dt.date | None, day: dt.date, active: bool) -> None:
    intervention = Intervention(case="S", organisation="a", start=start, end=end)
    assert active_on(intervention, day) is active


def test_json_contract_keys() -> None:
    payload = cases(_network()).to_dict()
    assert list(payload) == [
        "summary",
        "cases",
        "missing_links",
        "fragmented_presence",
        "concurrent_fields",
    ]
    assert list(payload["cases"][0]) == [
        "case",
        "organisations",
        "fields",
        "interventions",
        "start",
        "end",
        "duration_days",
        "linked_share",
        "components",
        "coordinators",
        "declared_coordinators",
        "fragmented",
        "concurrent",
    ]
    assert payload["missing_links"][0] == {"organisations": ["e", "f"], "cases": 2, "reconnects": 2}
    assert "cases" not in cases(_network()).to_dict(show_cases=False)
