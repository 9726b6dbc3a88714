"""A small territory whose every answer is worked out by hand in the tests.

D (département, no population of its own)
├── E1 (EPCI)
│   ├── c1 (1,000 inhabitants; parents E1 and D)
│   └── c2 (500; parents E1 and D)
└── c3 (200; parent D only: a commune with no EPCI)

organisation  territories  fields                 publics   sector
caf           D            famille, logement      (all)     public
ccas1         c1           alimentation, famille  (all)     CCAS -> public
epi           c1           alimentation           (all)     association
asso2         c2           alimentation           jeunes    association
mission       E1           emploi                 jeunes    mission locale -> association
cmp           c1, c2       santé                  adultes   (unknown)
lonely        c3           alimentation           (all)     (unknown)
p1            c3           santé                  (all)     (unknown)
p2            c3           santé                  adultes   (unknown)

links: caf - ccas1 (formal), caf -> ccas1 (referral), ccas1 - asso2 (informal),
       caf -> mission (referral), p1 - p2 (formal)
"""

from __future__ import annotations

from partenariat import Dataset, Link, Network, Organisation, Territory


def small_dataset() -> Dataset:
    territories = (
        Territory(code="D", name="Département", level="département"),
        Territory(code="E1", name="EPCI 1", parents=("D",), level="EPCI"),
        Territory(
            code="c1", name="Commune 1", parents=("E1", "D"), level="commune", population=1000
        ),
        Territory(
            code="c2", name="Commune 2", parents=("E1", "D"), level="commune", population=500
        ),
        Territory(code="c3", name="Commune 3", parents=("D",), level="commune", population=200),
    )

    def org(
        id_: str,
        territories: str,
        fields: str,
        publics: str = "",
        *,
        sector: str = "",
        type_: str = "",
    ) -> Organisation:
        return Organisation(
            id=id_,
            name=id_.upper(),
            territories=territories.split(","),
            fields=fields.split(","),
            publics=publics.split(",") if publics else (),
            sector=sector or None,
            type=type_ or None,
        )

    organisations = (
        org("caf", "D", "famille,logement", sector="public"),
        org("ccas1", "c1", "alimentation,famille", type_="CCAS"),
        org("epi", "c1", "alimentation", sector="association"),
        org("asso2", "c2", "alimentation", "jeunes", sector="Associatif"),
        org("mission", "E1", "emploi", "jeunes", type_="mission locale"),
        org("cmp", "c1,c2", "santé", "adultes"),
        org("lonely", "c3", "alimentation"),
        org("p1", "c3", "santé"),
        org("p2", "c3", "santé", "adultes"),
    )
    links = (
        Link(source="caf", target="ccas1", type="formal"),
        Link(source="caf", target="ccas1", type="referral"),
        Link(source="ccas1", target="asso2", type="informal"),
        Link(source="caf", target="mission", type="referral"),
        Link(source="p1", target="p2", type="formal"),
    )
    return Dataset(territories=territories, organisations=organisations, links=links)


def small_network() -> Network:
    return Network(small_dataset())
