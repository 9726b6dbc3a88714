"""The validation report in words: every problem, then the counts and the verdict.

>>> from partenariat.io.folder import validate
>>> print(render_validation(validate("examples/melun-val-de-seine"), "en").splitlines()[-2])
40 organisations, 65 links, 23 territories, 8 services, 30 cases (130 interventions)
"""

from __future__ import annotations

from partenariat.i18n import Lang, counted
from partenariat.problems import ValidationReport


def render_validation(report: ValidationReport, lang: Lang = "en") -> str:
    """Every problem of ``report``, one per line, then the counts and the verdict."""
    lines = [problem.render(lang) for problem in report.problems]
    if lines:
        lines.append("")
    lines += [_counts(report, lang), verdict(report, lang)]
    return "\n".join(lines)


def verdict(report: ValidationReport, lang: Lang = "en") -> str:
    """Valid or not, with the number of errors and warnings."""
    counts = report.counts
    if lang == "fr":
        word = "valide" if report.valid else "NON VALIDE"
        return (
            f"{word}\u00a0: {counted(counts['errors'], 'error_one', 'errors')}, "
            f"{counted(counts['warnings'], 'warning_one', 'warnings_count')}"
        )
    word = "valid" if report.valid else "INVALID"
    return f"{word}: {counts['errors']} errors, {counts['warnings']} warnings"


def _counts(report: ValidationReport, lang: Lang) -> str:
    counts = report.counts
    if lang == "fr":
        return (
            ", ".join(
                [
                    counted(counts["organisations"], "organisation_one", "organisations"),
                    counted(counts["links"], "link_one", "links"),
                    counted(counts["territories"], "territory_one", "territories"),
                    counted(counts["services"], "service_one", "services"),
                    counted(counts["cases"], "case_one", "cases"),
                ]
            )
            + f" ({counted(counts['interventions'], 'intervention_one', 'interventions')})"
            + (
                f", {counted(counts['responses'], 'answer_one', 'answers')}"
                if counts.get("responses")
                else ""
            )
        )
    text = (
        "{organisations} organisations, {links} links, {territories} territories, "
        "{services} services, {cases} cases ({interventions} interventions)"
    ).format(**counts)
    return text + (f", {counts['responses']} survey answers" if counts.get("responses") else "")
