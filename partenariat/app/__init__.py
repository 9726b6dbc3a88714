"""The application layer: every use case of partenariat, for every front end.

A front end (the command line, a script, a notebook, a future local web app) opens a
:class:`Study` and asks it, or calls a use case of this package with it: the diagnosis
(:mod:`partenariat.app.analyse`), the evolution (:mod:`partenariat.app.compare`)... Each
use case returns what to write; the front end writes it. The same data gives the same
answers whichever way it came in.

>>> study = Study.open("examples/melun-val-de-seine")
>>> study.diagnose().summary["organisations"]
40
"""

from __future__ import annotations

from partenariat.app.compare import compare_paths, compare_snapshots
from partenariat.app.study import AnalysisOptions, ScopeError, Study

__all__ = [
    "AnalysisOptions",
    "ScopeError",
    "Study",
    "compare_paths",
    "compare_snapshots",
]
