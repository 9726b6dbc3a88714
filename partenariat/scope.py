"""The study area: which territories' leaves the analyses examine (``--scope``).

By default, the leaves of the territories the organisations name (with the bundled
reference: those territories expanded to their communes). A scope such as ``77`` examines
every commune of Seine-et-Marne, even those nobody names — which is where gaps hide.

>>> import partenariat
>>> network = partenariat.Network.from_path("examples/melun-val-de-seine")
>>> from partenariat.analysis.offers import offer_index
>>> len(offer_index(with_scope(network, ["247700057"])).tree.leaves)
20
"""

from __future__ import annotations

from collections.abc import Iterable

from partenariat.errors import PartenariatError
from partenariat.network import Network


def with_scope(network: Network, scope: Iterable[str]) -> Network:
    """``network`` studied over the leaves of ``scope`` (codes, or names with the reference).

    With the bundled reference, the scope's territories are added when the data does not
    name them. Raises :class:`PartenariatError` for a code or name that cannot be read.
    """
    wanted = [code.strip() for code in scope if code.strip()]
    if not wanted:
        return network
    from partenariat import reference as ref

    known = {t.code: t for t in network.dataset.territories}
    uses_reference = network.dataset.on_reference()
    codes: list[str] = []
    for text in wanted:
        if text in known:
            codes.append(text)
            continue
        if not uses_reference:
            raise PartenariatError(
                f"{text!r} is not in the territory file",
                french=f"«\u00a0{text}\u00a0» n'est pas dans le fichier des territoires",
            )
        found = ref.resolve(text)
        if found.code is None:
            french, english = found.explained()
            raise PartenariatError(english, french=french)
        codes.append(found.code)
    territories = dict(known)
    if uses_reference:
        for territory in ref.study_subset(codes):
            territories.setdefault(territory.code, territory)
    extended = network.dataset.replaced(
        territories=tuple(territories[c] for c in sorted(territories))
    )
    return Network(extended, scope=tuple(dict.fromkeys(codes)))
