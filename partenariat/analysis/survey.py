"""The partner survey (*se reconnaître*): who answered, whether ties are confirmed by both
sides, how partners rate each other, and the ties the links file does not know.

Definitions (each tested on answers worked out by hand):

- ``response_rate``: respondents / organisations of the network; a respondent is an
  organisation with at least one answer (an answer with no partner counts: "no partner").
- ``reciprocity``: among the pairs where both organisations answered and at least one named
  the other, the share named by both; ``None`` without such a pair.
- ``asymmetric``: those pairs named by one side only, as ``[named_by, not_confirmed_by]``.
- ``trust_received`` / ``value_received``: for each organisation rated by others, the mean
  of their ratings (1-4) and how many (``{"mean": x, "n": k}``).
- ``intensity``: how many answers name a partner at each level of collaboration (1-5, the
  Levels of Collaboration scale; ``"unrated"`` for answers without a level).
- ``undocumented_ties``: pairs named in the answers with no link of any type between them
  in the links file, each ``[a, b]`` sorted.

Examples:
    >>> from partenariat import Dataset, Link, Network, Organisation
    >>> from partenariat.model import Response
    >>> orgs = tuple(Organisation(id=i, name=i) for i in "abcd")
    >>> answers = (Response(respondent="a", partner="b", trust=4),
    ...            Response(respondent="b", partner="a", trust=2),
    ...            Response(respondent="c", partner="a", level=3, trust=3))
    >>> result = survey(Network(Dataset(organisations=orgs, responses=answers,
    ...                                 links=(Link(source="a", target="b"),))))
    >>> result.response_rate, result.non_respondents, result.reciprocity
    (0.75, ('d',), 0.5)
    >>> result.asymmetric, result.trust_received["a"], result.undocumented_ties
    ((('c', 'a'),), Rating(mean=2.5, n=2), (('a', 'c'),))
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from partenariat.model import LEVELS, Response
from partenariat.network import Network


@dataclass(frozen=True)
class Rating:
    """The mean of the ratings an organisation received, and how many."""

    mean: float
    n: int

    def to_dict(self) -> dict[str, Any]:
        return {"mean": self.mean, "n": self.n}


@dataclass(frozen=True)
class SurveyResult:
    """What the answers say (see the module docstring for each definition)."""

    organisations: int
    respondents: tuple[str, ...]
    non_respondents: tuple[str, ...]
    response_rate: float
    reciprocity: float | None
    named_pairs: int
    """Pairs where both answered and at least one named the other."""
    confirmed_pairs: int
    asymmetric: tuple[tuple[str, str], ...]
    trust_received: dict[str, Rating]
    value_received: dict[str, Rating]
    intensity: dict[str, int]
    undocumented_ties: tuple[tuple[str, str], ...]
    answers: int

    def rated(self) -> list[str]:
        """The organisations rated for trust, the most rated first (then the most trusted)."""
        trust = self.trust_received
        return sorted(trust, key=lambda o: (-trust[o].n, -trust[o].mean, o))

    def to_dict(self) -> dict[str, Any]:
        return {
            "organisations": self.organisations,
            "answers": self.answers,
            "response_rate": self.response_rate,
            "respondents": list(self.respondents),
            "non_respondents": list(self.non_respondents),
            "reciprocity": self.reciprocity,
            "named_pairs": self.named_pairs,
            "confirmed_pairs": self.confirmed_pairs,
            "asymmetric": [list(pair) for pair in self.asymmetric],
            "trust_received": {k: v.to_dict() for k, v in self.trust_received.items()},
            "value_received": {k: v.to_dict() for k, v in self.value_received.items()},
            "intensity": dict(self.intensity),
            "undocumented_ties": [list(pair) for pair in self.undocumented_ties],
        }


def survey(network: Network) -> SurveyResult | None:
    """The survey of ``network``'s answers, or ``None`` when it has none."""
    answers = network.dataset.responses
    if not answers:
        return None
    everyone = sorted(network.organisations)
    respondents = sorted({a.respondent for a in answers})
    answered = set(respondents)
    named = {(a.respondent, a.partner) for a in answers if a.partner}
    pairs = {tuple(sorted(pair)) for pair in named}
    examined = [p for p in pairs if p[0] in answered and p[1] in answered]
    confirmed = [p for p in examined if (p[0], p[1]) in named and (p[1], p[0]) in named]
    asymmetric = sorted(
        (a, b) for a, b in named if a in answered and b in answered and (b, a) not in named
    )
    return SurveyResult(
        organisations=len(everyone),
        respondents=tuple(respondents),
        non_respondents=tuple(o for o in everyone if o not in answered),
        response_rate=len(respondents) / len(everyone) if everyone else 0.0,
        reciprocity=len(confirmed) / len(examined) if examined else None,
        named_pairs=len(examined),
        confirmed_pairs=len(confirmed),
        asymmetric=tuple(asymmetric),
        trust_received=_received(answers, "trust"),
        value_received=_received(answers, "value"),
        intensity=_intensity(answers),
        undocumented_ties=tuple(
            sorted(p for p in pairs if not network.linked(p[0], p[1]))  # type: ignore[misc]
        ),
        answers=len(answers),
    )


def _received(answers: tuple[Response, ...], rating: str) -> dict[str, Rating]:
    given: dict[str, list[int]] = defaultdict(list)
    for answer in answers:
        value = getattr(answer, rating)
        if answer.partner and value is not None:
            given[answer.partner].append(value)
    return {
        org: Rating(sum(values) / len(values), len(values)) for org, values in sorted(given.items())
    }


def _intensity(answers: tuple[Response, ...]) -> dict[str, int]:
    counts = {str(level): 0 for level in LEVELS}
    unrated = 0
    for answer in answers:
        if not answer.partner:
            continue
        if answer.level is None:
            unrated += 1
        else:
            counts[str(answer.level)] += 1
    if unrated:
        counts["unrated"] = unrated
    return counts
