"""The partner survey in words, for the terminal (``partenariat survey``, ``analyse``) and
as CSV tables.

>>> from partenariat import Dataset, Network, Organisation
>>> from partenariat.analysis.survey import survey
>>> from partenariat.model import Response
>>> network = Network(Dataset(organisations=(Organisation(id="a", name="A"),
...                                          Organisation(id="b", name="B")),
...                           responses=(Response(respondent="a", partner="b", trust=3),)))
>>> print(render_survey(survey(network), network).splitlines()[0].replace("\\xa0", " "))
Enquête auprès des partenaires : 1 réponse sur 2 organisations (50 %)
"""

from __future__ import annotations

from typing import Any

from partenariat.analysis.survey import Rating, SurveyResult
from partenariat.i18n import Lang, t
from partenariat.model import LEVELS
from partenariat.network import Network
from partenariat.render import heading, number, percent, table


def render_survey(
    result: SurveyResult, network: Network, *, lang: Lang = "fr", limit: int = 10
) -> str:
    """Response rate, reciprocity, asymmetric ties, ratings received, intensity and the ties
    missing from the links file."""
    name = network.name
    lines = [
        heading(
            t(
                "survey_heading",
                lang,
                n=len(result.respondents),
                total=result.organisations,
                rate=percent(result.response_rate),
            ),
            lang=lang,
        )
    ]
    if result.non_respondents:
        shown = ", ".join(name(o) for o in result.non_respondents[:limit])
        rest = len(result.non_respondents) - limit
        lines.append(
            t("survey_non_respondents", lang, n=len(result.non_respondents))
            + " "
            + shown
            + (f" (+{rest})" if rest > 0 else "")
        )
    if result.reciprocity is None:
        lines.append(t("survey_no_pair", lang))
    else:
        lines.append(
            t(
                "survey_reciprocity",
                lang,
                share=percent(result.reciprocity),
                n=result.confirmed_pairs,
                total=result.named_pairs,
            )
        )
    if result.asymmetric:
        lines += [
            "",
            t("survey_asymmetric", lang),
            table(
                [t("survey_named_by", lang), t("survey_not_confirmed_by", lang)],
                [[name(a), name(b)] for a, b in result.asymmetric[:limit]],
            ),
        ]
    ratings = result.rated()
    if ratings:
        lines += [
            "",
            t("survey_ratings", lang),
            table(
                [t("organisation", lang), t("survey_trust", lang), t("survey_value", lang)],
                [
                    [
                        name(o),
                        rating_text(result.trust_received.get(o)),
                        rating_text(result.value_received.get(o)),
                    ]
                    for o in ratings[:limit]
                ],
            ),
        ]
    lines += [
        "",
        t("survey_intensity", lang),
        table(
            [t("survey_level", lang), t("count", lang)],
            [[level_name(k, lang), v] for k, v in result.intensity.items()],
        ),
    ]
    if result.undocumented_ties:
        lines += [
            "",
            t("survey_undocumented", lang, n=len(result.undocumented_ties)),
            table(
                [t("organisation", lang), t("organisation", lang)],
                [[name(a), name(b)] for a, b in result.undocumented_ties[:limit]],
            ),
        ]
    return "\n".join(lines)


def level_name(key: str, lang: Lang) -> str:
    """``3 coordination`` for the level ``"3"``; ``unrated`` in words."""
    if key.isdigit() and int(key) in LEVELS:
        french, english = LEVELS[int(key)]
        return f"{key} {french if lang == 'fr' else english}"
    return t("survey_unrated", lang)


def rating_text(rating: Rating | None, lang: Lang = "en") -> str:
    """``2.5 (n = 2)``: a mean rating and how many gave it (``lang``: the decimal mark)."""
    if rating is None:
        return ""
    return f"{number(rating.mean, lang)} (n = {rating.n})"


def survey_tables(
    result: SurveyResult, network: Network, lang: Lang = "fr"
) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """The survey as CSV tables: one row per organisation (answered, ratings received), the
    asymmetric ties and the ties missing from the links file."""
    answered = set(result.respondents)
    organisations = [
        [
            org,
            network.name(org),
            t("yes", lang) if org in answered else "",
            *_columns(result.trust_received.get(org)),
            *_columns(result.value_received.get(org)),
        ]
        for org in sorted(network.organisations)
    ]
    return {
        "survey_organisations": (
            [
                t("dir_col_id", lang),
                t("dir_col_name", lang),
                t("survey_answered", lang),
                t("survey_trust", lang),
                "n",
                t("survey_value", lang),
                "n",
            ],
            organisations,
        ),
        "survey_asymmetric": (
            [t("survey_named_by", lang), t("survey_not_confirmed_by", lang)],
            [list(pair) for pair in result.asymmetric],
        ),
        "survey_undocumented": (
            [t("organisation", lang), t("organisation", lang)],
            [list(pair) for pair in result.undocumented_ties],
        ),
    }


def _columns(rating: Any) -> list[Any]:
    return ["", ""] if rating is None else [rating.mean, rating.n]
