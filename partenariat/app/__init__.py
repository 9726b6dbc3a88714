"""The application layer: every use case of partenariat, for every front end.

A front end (the command line, a script, a notebook, a future local web app) opens a
:class:`Study` and asks it, or calls a use case of this package with it: the diagnosis
(:mod:`partenariat.app.analyse`), the evolution (:mod:`partenariat.app.compare`)... Each
use case returns what to write; the front end writes it. The same data gives the same
answers whichever way it came in. Names are imported when first used.

>>> from partenariat.app import Study
>>> study = Study.open("examples/melun-val-de-seine")
>>> study.diagnose().summary["organisations"]
40
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from partenariat.app.compare import compare_paths, compare_snapshots
    from partenariat.app.study import AnalysisOptions, ScopeError, Study

_PUBLIC = {
    "AnalysisOptions": "partenariat.app.study",
    "ScopeError": "partenariat.app.study",
    "Study": "partenariat.app.study",
    "compare_paths": "partenariat.app.compare",
    "compare_snapshots": "partenariat.app.compare",
}

__all__ = [
    "AnalysisOptions",
    "ScopeError",
    "Study",
    "compare_paths",
    "compare_snapshots",
]


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'partenariat.app' has no attribute {name!r}")
