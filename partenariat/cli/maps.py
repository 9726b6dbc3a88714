"""``partenariat map``: the network map, the eco-map of a case (``--case``) or the
geographic map (``--geo``), as one HTML file that works offline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from partenariat.cli import options as o
from partenariat.cli.main import cli
from partenariat.cli.run import check_free, open_study, run, write_files, wrote


@cli.command(name="map")
@o.DATA
@o.output("The HTML file to write (one self-contained file).", required=True, kind="file")
@click.option(
    "--color-by",
    type=click.Choice(["type", "field", "community", "territory"]),
    default="type",
    show_default=True,
    help="What the node colours show.",
)
@click.option(
    "--size-by",
    type=click.Choice(["degree", "betweenness"]),
    default="degree",
    show_default=True,
    help="What the node sizes show.",
)
@o.SCOPE
@click.option(
    "--territory", default=None, help="Keep the organisations acting in this territory (code)."
)
@click.option("--field", default=None, help="Keep the organisations with an offer in this field.")
@click.option("--public", default=None, help="Keep the organisations serving this public.")
@click.option("--type", "type_", default=None, help="Keep the organisations of this type.")
@click.option("--ego", default=None, help="Keep this organisation and its partners (see --depth).")
@click.option(
    "--depth",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="With --ego: how many links away.",
)
@click.option(
    "--case", "case_id", default=None, help="Draw the eco-map of this case instead of the network."
)
@click.option(
    "--show-cases", is_flag=True, help="With --case: print the case identifier on the map."
)
@click.option(
    "--at",
    type=o.Date(),
    default=None,
    help="With --case: interventions ended before this date are greyed (default: today).",
)
@click.option("--title", default=None, help="Title of the page.")
@click.option(
    "--physics-threshold",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="Above this many organisations, the map is drawn with WebGL (sigma.js) from "
    "positions computed in advance.",
)
@click.option(
    "--full", is_flag=True, help="Draw every organisation, however many (--aggregate none)."
)
@click.option(
    "--geo",
    is_flag=True,
    help="Draw the geographic map: the study area's communes shaded by coverage for --field "
    "(or the field with the most gaps), organisations at their place.",
)
@click.option(
    "--aggregate",
    type=click.Choice(["auto", "none", "community", "territory"]),
    default="auto",
    show_default=True,
    help="Group organisations into communities or départements; auto groups "
    "above --aggregate-above organisations; none draws every organisation.",
)
@click.option(
    "--aggregate-above",
    type=click.IntRange(min=1),
    default=5000,
    show_default=True,
    help="With --aggregate auto: the size above which to group.",
)
@o.LANG
@o.FORCE
def map_command(
    data: Path,
    output: Path,
    color_by: str,
    size_by: str,
    scope: str | None,
    territory: str | None,
    field: str | None,
    public: str | None,
    type_: str | None,
    ego: str | None,
    depth: int,
    case_id: str | None,
    show_cases: bool,
    at: dt.date | None,
    title: str | None,
    physics_threshold: int,
    full: bool,
    geo: bool,
    aggregate: str,
    aggregate_above: int,
    lang: str | None,
    force: bool,
) -> None:
    """Draw the partnership network as one interactive HTML file that works offline:
    search, filters, legend, directory cards. With --case, the eco-map of one case; with
    --geo, the geographic map of the study area.

    Example:

        partenariat map examples/melun-val-de-seine -o carte.html --color-by field
    """
    from partenariat.app.maps import Drawing, Selection, map_page
    from partenariat.errors import PartenariatError

    check_free([output], force, data=data, lang=lang)
    study = open_study(data, scope=scope, lang=lang)
    selection = Selection(territory, field, public, type_, ego, depth)
    drawing = Drawing(
        color_by,  # type: ignore[arg-type]  # one of click.Choice's
        size_by,  # type: ignore[arg-type]
        physics_threshold,
        "none" if full else aggregate,  # type: ignore[arg-type]
        aggregate_above,
    )
    try:
        page = map_page(
            study,
            selection=selection,
            drawing=drawing,
            geo=geo,
            case=case_id,
            show_case=show_cases,
            at=at,
            title=title,
        )
    except PartenariatError as error:
        raise click.BadParameter(error.text(run().lang)) from None
    except KeyError as error:
        raise click.BadParameter(error.args[0] if error.args else str(error)) from None
    write_files({output: page}, force, newline="\n")
    wrote(output)
