"""What changed between two snapshots, for people: text, complete tables, and the evolution
report (one offline HTML page or Markdown, in the shared diagnosis's style, with the new
network's map: links created in green, links lost dashed grey).

>>> from partenariat.app import compare_paths
>>> before, after, evolution = compare_paths("examples/melun-val-de-seine",
...                                          "examples/melun-val-de-seine")
>>> print(evolution_text(evolution, before.network, after.network).splitlines()[0])
Évolution du réseau partenarial
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from partenariat.analysis.compare import Evolution, GapChange, LinkChange
from partenariat.export.report import Report, Section, Table
from partenariat.export.shared_tables import SharedTable
from partenariat.i18n import Lang, colon, date_text, said
from partenariat.network import Network
from partenariat.render import number, percent

#: Words of the evolution outputs, in French then English.
WORDS: dict[str, tuple[str, str]] = {
    "title": ("Évolution du réseau partenarial", "Evolution of the partnership network"),
    "subtitle": (
        "De {old} à {new}, établi le {date}",
        "From {old} to {new}, written on {date}",
    ),
    "brief": ("En bref", "At a glance"),
    "organisations": ("Organisations", "Organisations"),
    "links": ("Liens", "Links"),
    "added": ("Organisations arrivées", "Organisations added"),
    "removed": ("Organisations parties", "Organisations removed"),
    "renamed": ("Identifiant changé", "Id changed"),
    "changed": ("Fiches modifiées", "Entries changed"),
    "links_added": ("Partenariats créés", "Partnerships created"),
    "links_removed": ("Partenariats perdus", "Partnerships lost"),
    "links_retyped": ("Partenariats d'un autre type", "Partnerships retyped"),
    "gaps_closed": ("Zones blanches comblées", "Gaps closed"),
    "gaps_opened": ("Nouvelles zones blanches", "Gaps opened"),
    "uncovered": ("Population sans offre, par domaine", "Population without offer, per field"),
    "coordinated": ("Chevauchements désormais coordonnés", "Overlaps now coordinated"),
    "new_uncoordinated": (
        "Nouveaux chevauchements non coordonnés",
        "New uncoordinated overlaps",
    ),
    "joined": ("Acteurs qui ont rejoint le réseau", "Organisations that joined the network"),
    "became_isolated": ("Acteurs devenus isolés", "Organisations that became isolated"),
    "partners": ("Partenaires", "Partners"),
    "partnerships": ("Partenariats", "Partnerships"),
    "coverage": ("Couverture du territoire", "Coverage"),
    "overlaps": ("Offres qui se chevauchent", "Overlapping offers"),
    "isolated": ("Acteurs isolés", "Isolated organisations"),
    "structure": ("Structure du réseau", "Network structure"),
    "cases": ("Parcours des personnes accompagnées", "Case support"),
    "fragmented_share": ("Part des situations fragmentées", "Share of fragmented cases"),
    "map": ("Carte du nouveau réseau", "Map of the new network"),
    "map_intro": (
        "En vert, les partenariats créés ; en gris tireté, ceux qui ont disparu (entre "
        "organisations toujours présentes).",
        "In green, the partnerships created; dashed grey, those lost (between "
        "organisations still present).",
    ),
    "link_created": ("Partenariat créé", "Partnership created"),
    "created": (
        "{count} {n|partenariat créé|partenariats créés}",
        "{count} {n|partnership|partnerships} created",
    ),
    "link_lost": ("Partenariat perdu", "Partnership lost"),
    "before": ("Avant", "Before"),
    "after": ("Après", "After"),
    "figure": ("Indicateur", "Figure"),
    "organisation": ("Organisation", "Organisation"),
    "name": ("Nom", "Name"),
    "old_id": ("Ancien identifiant", "Old id"),
    "new_id": ("Nouvel identifiant", "New id"),
    "matched_by": ("Reconnue par", "Matched by"),
    "by_siret": ("SIRET", "SIRET"),
    "by_name": ("nom et territoires", "name and territories"),
    "columns": ("Colonnes modifiées", "Columns changed"),
    "organisation_a": ("Organisation A", "Organisation A"),
    "organisation_b": ("Organisation B", "Organisation B"),
    "types": ("Types", "Types"),
    "types_before": ("Types avant", "Types before"),
    "types_after": ("Types après", "Types after"),
    "territory": ("Territoire", "Territory"),
    "field": ("Domaine", "Field"),
    "public": ("Public", "Public"),
    "population": ("Population", "Population"),
    "every_public": ("tous publics", "every public"),
    "density": ("Liens existants sur liens possibles", "Existing links out of possible"),
    "components": ("Groupes séparés", "Separate groups"),
    "degree_centralisation": (
        "Dépendance à un acteur central (0 à 1)",
        "Reliance on one central actor (0 to 1)",
    ),
    "communities": ("Groupes de travail repérés", "Working groups found"),
    "nothing": ("Aucun changement.", "No change."),
    "more": (
        "{shown} premiers sur {total} ; tous dans les tableaux complets (CSV).",
        "First {shown} of {total}; all in the complete tables (CSV).",
    ),
    "method": ("Méthode", "Method"),
    "method_text": (
        "Les deux états sont examinés sur le même territoire étudié et les mêmes domaines. "
        "Une organisation dont l'identifiant a changé est reconnue par son SIRET, ou par son "
        "nom et ses territoires. Une zone blanche est comblée quand une organisation sert "
        "désormais ce territoire pour ce domaine.",
        "Both snapshots are examined over the same study area and the same fields. An "
        "organisation whose id changed is recognised by its SIRET, or by its name and "
        "territories. A gap is closed when an organisation now serves that territory for "
        "that field.",
    ),
}

#: Table files of ``--format csv``, in French then English.
FILES: dict[str, tuple[str, str]] = {
    "added": ("organisations-arrivees", "organisations-added"),
    "removed": ("organisations-parties", "organisations-removed"),
    "renamed": ("identifiants-changes", "ids-changed"),
    "changed": ("fiches-modifiees", "entries-changed"),
    "links_added": ("partenariats-crees", "partnerships-created"),
    "links_removed": ("partenariats-perdus", "partnerships-lost"),
    "links_retyped": ("partenariats-retypes", "partnerships-retyped"),
    "gaps_closed": ("zones-blanches-comblees", "gaps-closed"),
    "gaps_opened": ("nouvelles-zones-blanches", "gaps-opened"),
    "uncovered": ("population-sans-offre", "population-without-offer"),
    "coordinated": ("chevauchements-coordonnes", "overlaps-coordinated"),
    "new_uncoordinated": ("chevauchements-non-coordonnes", "overlaps-uncoordinated"),
    "joined": ("acteurs-relies", "organisations-joined"),
    "became_isolated": ("acteurs-devenus-isoles", "organisations-isolated"),
    "structure": ("structure", "structure"),
}


def w(key: str, lang: Lang, **values: object) -> str:
    """A word of the evolution outputs in ``lang`` (see :func:`partenariat.i18n.said`)."""
    return said(WORDS[key], lang, **values)


def evolution_tables(
    evolution: Evolution, old: Network, new: Network, lang: Lang = "fr"
) -> dict[str, SharedTable]:
    """Every list of the evolution, complete, by file name (``.csv``); empty ones left out."""
    tables = _tables(evolution, old, new, lang)
    return {
        f"{FILES[key][0 if lang == 'fr' else 1]}.csv": SharedTable(headers, rows)
        for key, (headers, rows) in tables.items()
        if rows
    }


def _tables(
    evolution: Evolution, old: Network, new: Network, lang: Lang
) -> dict[str, tuple[tuple[str, ...], list[tuple[Any, ...]]]]:
    def h(*keys: str) -> tuple[str, ...]:
        return tuple(w(k, lang) for k in keys)

    def named(network: Network, ids: tuple[str, ...]) -> list[tuple[Any, ...]]:
        return [(i, network.name(i)) for i in ids]

    every = w("every_public", lang)
    return {
        "added": (h("organisation", "name"), named(new, evolution.added)),
        "removed": (h("organisation", "name"), named(old, evolution.removed)),
        "renamed": (
            h("old_id", "new_id", "name", "matched_by"),
            [(r.old, r.new, new.name(r.new), w(f"by_{r.by}", lang)) for r in evolution.renamed],
        ),
        "changed": (
            h("organisation", "name", "columns"),
            [(c.organisation, new.name(c.organisation), c.columns) for c in evolution.changed],
        ),
        "links_added": _link_rows(h, evolution.links_added, new),
        "links_removed": _link_rows(h, evolution.links_removed, old, new),
        "links_retyped": (
            h("organisation_a", "organisation_b", "types_before", "types_after"),
            [
                (r.organisations[0], r.organisations[1], r.before, r.after)
                for r in evolution.links_retyped
            ],
        ),
        "gaps_closed": _gap_rows(h, evolution.gaps_closed),
        "gaps_opened": _gap_rows(h, evolution.gaps_opened),
        "uncovered": (
            h("field", "before", "after"),
            [(f.field, f.before, f.after) for f in evolution.uncovered],
        ),
        "coordinated": (
            h("field", "public", "organisations"),
            [(o.field, o.public or every, o.organisations) for o in evolution.coordinated],
        ),
        "new_uncoordinated": (
            h("field", "public", "organisations"),
            [(o.field, o.public or every, o.organisations) for o in evolution.new_uncoordinated],
        ),
        "joined": (h("organisation", "name"), named(new, evolution.joined)),
        "became_isolated": (h("organisation", "name"), named(new, evolution.became_isolated)),
        "structure": (
            h("figure", "before", "after"),
            [(w(f.name, lang), f.before, f.after) for f in evolution.structure],
        ),
    }


def _link_rows(
    h: Any, links: tuple[LinkChange, ...], *networks: Network
) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    def name(org: str) -> str:
        for network in networks:
            if org in network.organisations:
                return network.name(org)
        return org

    return (
        h("organisation_a", "organisation_b", "name", "types"),
        [
            (
                link.organisations[0],
                link.organisations[1],
                f"{name(link.organisations[0])} / {name(link.organisations[1])}",
                link.types,
            )
            for link in links
        ],
    )


def _gap_rows(h: Any, gaps: tuple[GapChange, ...]) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    return (
        h("territory", "name", "field", "population"),
        [(g.territory, g.name, g.field, g.population) for g in gaps],
    )


def evolution_text(
    evolution: Evolution, old: Network, new: Network, *, lang: Lang = "fr", limit: int = 10
) -> str:
    """The evolution for a terminal: the headline figures, then each list (first ``limit``)."""
    lines = [w("title", lang), "=" * len(w("title", lang))]
    lines += [f"{label}{colon(lang)} {value}" for label, value in _headline(evolution, lang)]
    for key, (_, rows) in _tables(evolution, old, new, lang).items():
        if not rows or key == "structure":
            continue
        heading = f"{w(key, lang)} ({number(len(rows))})"
        lines += ["", heading, "-" * len(heading)]
        for row in rows[:limit]:
            lines.append("  " + " — ".join(_cell(v, lang) for v in row))
        if len(rows) > limit:
            lines.append("  " + w("more", lang, shown=limit, total=number(len(rows))))
    return "\n".join(lines) + "\n"


def _cell(value: object, lang: Lang) -> str:
    if value is None:
        return "–"
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value) or "–"
    if isinstance(value, float):
        return number(value, lang)
    if isinstance(value, int):
        return number(value)
    return str(value)


def _headline(evolution: Evolution, lang: Lang) -> list[tuple[str, str]]:
    def moved(before: int, after: int) -> str:
        return f"{number(before)} → {number(after)}"

    found = [
        (
            w("organisations", lang),
            moved(evolution.organisations_before, evolution.organisations_after),
        ),
        (w("links", lang), moved(evolution.links_before, evolution.links_after)),
        (w("added", lang), number(len(evolution.added))),
        (w("removed", lang), number(len(evolution.removed))),
        (w("links_added", lang), number(len(evolution.links_added))),
        (w("links_removed", lang), number(len(evolution.links_removed))),
        (w("gaps_closed", lang), number(len(evolution.gaps_closed))),
        (w("gaps_opened", lang), number(len(evolution.gaps_opened))),
        (w("coordinated", lang), number(len(evolution.coordinated))),
        (w("new_uncoordinated", lang), number(len(evolution.new_uncoordinated))),
    ]
    if evolution.cases is not None:
        found.append(
            (
                w("fragmented_share", lang),
                f"{percent(_share(evolution.cases.before))} → "
                f"{percent(_share(evolution.cases.after))}",
            )
        )
    return found


def _share(value: float | int | None) -> float | None:
    return None if value is None else float(value)


def evolution_report(
    evolution: Evolution,
    old: Network,
    new: Network,
    *,
    names: tuple[str, str],
    files: tuple[tuple[str, str], ...] = (),
    lang: Lang = "fr",
    today: dt.date | None = None,
    limit: int = 15,
    with_map: bool = True,
    title: str | None = None,
) -> Report:
    """The evolution report (see :func:`partenariat.export.report.write_report` to write it);
    ``names`` are the two snapshots as the subtitle names them."""
    day = today or dt.date.today()
    tables = _tables(evolution, old, new, lang)

    def table(key: str) -> Table:
        headers, rows = tables[key]
        shown = tuple(tuple(_cell(v, lang) for v in row) for row in rows[:limit])
        note = (
            w("nothing", lang)
            if not rows
            else (
                w("more", lang, shown=limit, total=number(len(rows))) if len(rows) > limit else ""
            )
        )
        return Table(key, w(key, lang), headers, shown, note)

    sections = [
        Section("brief", w("brief", lang), figures=tuple(_headline(evolution, lang))),
        Section(
            "partners",
            w("partners", lang),
            tables=tuple(table(k) for k in ("added", "removed", "renamed", "changed")),
        ),
        Section(
            "partnerships",
            w("partnerships", lang),
            tables=tuple(table(k) for k in ("links_added", "links_removed", "links_retyped")),
        ),
        Section(
            "coverage",
            w("coverage", lang),
            tables=tuple(table(k) for k in ("gaps_closed", "gaps_opened", "uncovered")),
        ),
        Section(
            "overlaps",
            w("overlaps", lang),
            tables=(table("coordinated"), table("new_uncoordinated")),
        ),
        Section(
            "isolated",
            w("isolated", lang),
            tables=(table("joined"), table("became_isolated")),
        ),
        Section("structure", w("structure", lang), tables=(table("structure"),)),
    ]
    if evolution.cases is not None:
        sections.append(
            Section(
                "cases",
                w("cases", lang),
                figures=(
                    (
                        w("fragmented_share", lang),
                        f"{percent(_share(evolution.cases.before))} → "
                        f"{percent(_share(evolution.cases.after))}",
                    ),
                ),
            )
        )
    map_page = evolution_map(evolution, new, lang=lang) if with_map else None
    if map_page is not None:
        sections.append(Section("map", w("map", lang), (w("map_intro", lang),)))
    fingerprints = Table("fingerprint", "SHA-256", (w("name", lang), "SHA-256"), tuple(files))
    sections.append(
        Section("method", w("method", lang), (w("method_text", lang),), tables=(fingerprints,))
    )
    return Report(
        title=title or w("title", lang),
        subtitle=w("subtitle", lang, old=names[0], new=names[1], date=date_text(day, lang)),
        lang=lang,
        sections=tuple(sections),
        map_page=map_page,
        fingerprints=files,
    )


#: How created and lost partnerships are drawn on the evolution map.
CREATED = {"color": "#1A9850", "dashes": False}
LOST = {"color": "#9E9E9E", "dashes": True}


def evolution_map(evolution: Evolution, new: Network, *, lang: Lang = "fr") -> str:
    """The new network's map with the partnerships created in green and those lost (between
    organisations still present) dashed grey; the legend says so."""
    from partenariat.export.html_map import (
        MapOptions,
        caption_for,
        map_data,
        page,
        with_link_objects,
    )

    options = MapOptions(lang=lang, title=w("map", lang))
    data = with_link_objects(map_data(new, options))
    created = {link.organisations for link in evolution.links_added}
    for edge in data["edges"]:
        pair = tuple(sorted((edge["from"], edge["to"])))
        if pair in created:
            edge["color"] = {"color": CREATED["color"], "opacity": 1.0}
            edge["dashes"] = False
            edge["width"] = max(edge["width"], 2.5)
    present = set(new.organisations)
    for number_, link in enumerate(evolution.links_removed):
        a, b = link.organisations
        if a in present and b in present:
            data["edges"].append(
                {
                    "id": f"lost{number_}",
                    "from": a,
                    "to": b,
                    "type": "",
                    "color": {"color": LOST["color"], "opacity": 0.9},
                    "dashes": True,
                    "arrows": "",
                    "width": 1.5,
                }
            )
    data["legend"]["edges"] = [
        {
            "label": w("link_created", lang),
            "color": CREATED["color"],
            "dashes": False,
            "arrow": False,
        },
        {"label": w("link_lost", lang), "color": LOST["color"], "dashes": True, "arrow": False},
        *data["legend"]["edges"],
    ]
    caption = (
        caption_for(new, lang)
        + " — "
        + w("created", lang, n=len(evolution.links_added), count=number(len(evolution.links_added)))
    )
    return page(data, title=w("map", lang), caption=caption, lang=lang)
