"""partenariat: map the partnerships of social organisations and find where support breaks.

The way in is :func:`open`: a data folder, a workbook, read and validated once, over its
study area; the study answers every analysis. The lower levels (:class:`Dataset`,
:class:`Network`, :func:`read`, :func:`load`...) stay public for those who need them.
Names are imported when first used, so that ``import partenariat`` stays light.

>>> import partenariat
>>> study = partenariat.open("examples/melun-val-de-seine")
>>> study.diagnose().summary["organisations"]
40
>>> callable(partenariat.load), callable(partenariat.validate)
(True, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from partenariat.app.study import Study
    from partenariat.errors import InputError, OutputExistsError, PartenariatError
    from partenariat.io.folder import load, read, validate
    from partenariat.io.write import write_folder
    from partenariat.model import Dataset, Intervention, Link, Organisation, Service, Territory
    from partenariat.network import Network
    from partenariat.problems import Problem, ValidationReport
    from partenariat.settings import StudySettings

#: Where each public name lives (imported on first use).
_PUBLIC = {
    "Dataset": "partenariat.model",
    "Intervention": "partenariat.model",
    "Link": "partenariat.model",
    "Organisation": "partenariat.model",
    "Service": "partenariat.model",
    "Territory": "partenariat.model",
    "InputError": "partenariat.errors",
    "OutputExistsError": "partenariat.errors",
    "PartenariatError": "partenariat.errors",
    "Network": "partenariat.network",
    "Problem": "partenariat.problems",
    "ValidationReport": "partenariat.problems",
    "Study": "partenariat.app.study",
    "load": "partenariat.io.folder",
    "read": "partenariat.io.folder",
    "validate": "partenariat.io.folder",
    "write_folder": "partenariat.io.write",
}


def open(
    source: str | Path | Mapping[str, Any],
    *,
    scope: tuple[str, ...] | None = None,
    settings: StudySettings | None = None,
) -> Study:
    """Open the study of a data folder or workbook: read and validated once (raises
    :class:`InputError`, carrying every problem, when the data has errors), over its study
    area (``scope``, else its study file's, else inferred from the local partners), with
    its study file's ``settings`` unless given. See :class:`partenariat.app.study.Study`.

    ``source`` may also be a mapping of table name (``organisations``, ``links`` or
    ``liens``, ``territories`` or ``territoires``, ``services``, ``interventions``) to a
    pandas or polars DataFrame or a list of dicts: read and validated by the same rules as
    files, each problem located in the table named as given, at the row number a
    spreadsheet would show (the header is line 1). A table of another type raises
    :class:`TypeError`. See :mod:`partenariat.io.frames`.

    >>> study = open({
    ...     "organisations": [
    ...         {"id": "A", "name": "CCAS", "territories": "77288", "fields": "logement"},
    ...         {"id": "B", "name": "CAF", "territories": "77288", "fields": "famille"},
    ...     ],
    ...     "links": [{"source": "A", "target": "B"}],
    ... })
    >>> study.diagnose().summary["organisations"], study.path.name
    (2, '<memory>')
    """
    from partenariat.app.study import Study

    return Study.open(source, scope=scope, settings=settings)


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        value = getattr(import_module(_PUBLIC[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'partenariat' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "Dataset",
    "InputError",
    "Intervention",
    "Link",
    "Network",
    "Organisation",
    "OutputExistsError",
    "PartenariatError",
    "Problem",
    "Service",
    "Study",
    "Territory",
    "ValidationReport",
    "__version__",
    "load",
    "open",
    "read",
    "validate",
    "write_folder",
]
