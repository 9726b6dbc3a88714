"""Sub-networks: keep the organisations of a territory, field, public, type, or around one.

Every filter keeps the links between the organisations kept, and the services and
interventions of those organisations.

>>> import partenariat
>>> network = partenariat.Network.from_path("examples/melun-val-de-seine")
>>> len(select(network, field="santé mentale").organisations)
3
>>> sorted(select(network, ego="ccas-lemee", depth=1).organisations)
['ccas-lemee', 'secours-lemee']
"""

from __future__ import annotations

from partenariat.analysis.offers import offer_index, serves_public
from partenariat.errors import PartenariatError
from partenariat.model import Dataset
from partenariat.network import Network
from partenariat.text import fold


def select(
    network: Network,
    *,
    territory: str | None = None,
    field: str | None = None,
    public: str | None = None,
    type: str | None = None,
    ego: str | None = None,
    depth: int = 1,
) -> Network:
    """The sub-network of the organisations matching every filter given.

    - ``territory``: organisations acting in it: serving it, an ancestor of it (so serving
      it) or a descendant (serving part of it);
    - ``field`` / ``public``: organisations with an offer in that field / for that public
      (an offer with no public serves every public); case and accents ignored;
    - ``type``: organisations of that type (case and accents ignored);
    - ``ego`` and ``depth``: the organisation and those within ``depth`` links of it.

    Raises :class:`PartenariatError` naming what is unknown. Without any filter, the
    network itself is returned (its computed analyses are kept).
    """
    if territory is None and field is None and public is None and type is None and ego is None:
        return network
    keep = set(network.organisations)
    index = offer_index(network)
    if territory is not None:
        if territory not in index.tree:
            raise PartenariatError(
                f"unknown territory {territory!r}",
                french=f"territoire inconnu\u00a0: «\u00a0{territory}\u00a0»",
            )
        around = {territory, *index.tree.ancestors(territory), *index.tree.descendants(territory)}
        keep &= {o.organisation for o in index.offers if around & set(o.territories)}
    if field is not None:
        wanted = fold(field)
        keep &= {o.organisation for o in index.offers if any(fold(f) == wanted for f in o.fields)}
    if public is not None:
        label = index.public_vocabulary.label(public)
        keep &= {o.organisation for o in index.offers if serves_public(o.publics, label)}
    if type is not None:
        keep &= {o.id for o in network.dataset.organisations if fold(o.type or "") == fold(type)}
    if ego is not None:
        if ego not in network.organisations:
            raise PartenariatError(
                f"unknown organisation {ego!r}",
                french=f"organisation inconnue\u00a0: «\u00a0{ego}\u00a0»",
            )
        reached = network.igraph.neighborhood(network.index[ego], order=depth)
        keep &= {network.ids[i] for i in reached}
    return subnetwork(network, keep)


def subnetwork(network: Network, keep: set[str]) -> Network:
    """The network restricted to the organisations in ``keep`` (same study area)."""
    import polars as pl

    data = network.dataset
    kept = pl.Series(sorted(keep), dtype=pl.String).implode()
    links = data.link_columns()
    cases = data.intervention_columns()
    return Network(
        Dataset(
            organisations=tuple(o for o in data.organisations if o.id in keep),
            links=type(links)(
                links.frame.filter(pl.col("source").is_in(kept) & pl.col("target").is_in(kept)),
                links.extra_headers,
            ),
            territories=data.territories,
            services=tuple(s for s in data.services if s.organisation in keep),
            interventions=type(cases)(
                cases.frame.filter(pl.col("organisation").is_in(kept)), cases.extra_headers
            ),
            responses=tuple(
                r for r in data.responses if r.respondent in keep and r.partner in (None, *keep)
            ),
        ),
        scope=network.scope,
    )
