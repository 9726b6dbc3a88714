"""The map use case: one self-contained HTML page that works offline, drawn from a study.

Three maps: the partnership network (of every organisation, or of a :class:`Selection`),
the geographic map of the study area (``geo``: its communes shaded by coverage of one
field, organisations at their place) and the eco-map of one case (``case``). The page is
returned as text; the caller writes it.

Examples:
    >>> from partenariat.app.study import Study
    >>> study = Study.open("examples/melun-val-de-seine")
    >>> page = map_page(study, selection=Selection(ego="ccas-lemee"), lang="en")
    >>> page.startswith("<!DOCTYPE html>"), "2 organisations, 1 link" in page
    (True, True)
    >>> "S09" in map_page(study, case="S09", show_case=True)
    True
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from partenariat.app.study import Study
from partenariat.export.html_map import (
    AGGREGATE_ABOVE,
    PHYSICS_THRESHOLD,
    Aggregate,
    ColorBy,
    MapOptions,
    SizeBy,
)
from partenariat.i18n import Lang

if TYPE_CHECKING:
    from partenariat.network import Network


@dataclass(frozen=True)
class Selection:
    """The organisations a map keeps (every one when nothing is given): acting in
    ``territory`` (a code), with an offer in ``field``, serving ``public``, of ``type``,
    within ``depth`` links of ``ego``. On the geographic map, ``field`` is the field shaded
    when the page opens, not a filter."""

    territory: str | None = None
    field: str | None = None
    public: str | None = None
    type: str | None = None
    ego: str | None = None
    depth: int = 1

    def of(self, network: Network, *, geo: bool = False) -> Network:
        """The sub-network kept (``network`` itself without filters); raises
        :class:`~partenariat.errors.PartenariatError` naming an unknown territory or
        organisation."""
        from partenariat.selection import select

        return select(
            network,
            territory=self.territory,
            field=None if geo else self.field,
            public=self.public,
            type=self.type,
            ego=self.ego,
            depth=self.depth,
        )


@dataclass(frozen=True)
class Drawing:
    """How the network map looks: what colours and sizes show, when the page turns to
    WebGL (``physics_threshold``), and how organisations are grouped (``aggregate``:
    ``auto`` groups above ``aggregate_above`` organisations, ``none`` draws every one)."""

    color_by: ColorBy = "type"
    size_by: SizeBy = "degree"
    physics_threshold: int = PHYSICS_THRESHOLD
    aggregate: Aggregate = "auto"
    aggregate_above: int = AGGREGATE_ABOVE

    def options(self, lang: Lang, title: str | None) -> MapOptions:
        """These choices as the renderer's options, in ``lang``, titled ``title``."""
        return MapOptions(
            color_by=self.color_by,
            size_by=self.size_by,
            lang=lang,
            title=title,
            physics_threshold=self.physics_threshold,
            aggregate=self.aggregate,
            aggregate_above=self.aggregate_above,
        )


def map_page(
    study: Study,
    *,
    selection: Selection | None = None,
    drawing: Drawing | None = None,
    geo: bool = False,
    case: str | None = None,
    show_case: bool = False,
    at: dt.date | None = None,
    title: str | None = None,
    lang: Lang | None = None,
) -> str:
    """The map of ``study`` as one HTML page, in ``lang`` (the study's by default), titled
    ``title`` (the study file's by default).

    With ``case``, the eco-map of that case (its identifier printed only with
    ``show_case``; interventions ended before ``at``, today by default, greyed), whatever
    the selection; with ``geo``, the geographic map of the selection; otherwise the network
    map of the selection, drawn as ``drawing`` says.

    Raises :class:`~partenariat.errors.PartenariatError` for an unknown case, territory,
    organisation or field (the message names it), or a study area without outlines.
    """
    language = lang or study.lang
    heading = title or study.settings.title
    if case is not None:
        from partenariat.export.ecomap import ecomap_html

        return ecomap_html(
            study.network, case, lang=language, show_case=show_case, title=heading, at=at
        )
    selection = selection or Selection()
    subset = selection.of(study.network, geo=geo)
    options = (drawing or Drawing()).options(language, heading)
    if geo:
        from partenariat.export.geo_map import GeoOptions, geo_map_html

        return geo_map_html(subset, GeoOptions(selection.field, language, heading, options))
    from partenariat.export.html_map import map_html

    return map_html(subset, options)
