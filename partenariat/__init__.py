"""partenariat: map the partnerships of social organisations and find where support breaks.

>>> import partenariat
>>> callable(partenariat.load), callable(partenariat.validate)
(True, True)
"""

from __future__ import annotations

from typing import Any

from partenariat.errors import InputError, OutputExistsError, PartenariatError
from partenariat.io.folder import load, read, validate
from partenariat.io.write import write_folder
from partenariat.model import Dataset, Intervention, Link, Organisation, Service, Territory
from partenariat.network import NOTEBOOK_VIEW, Network
from partenariat.problems import Problem, ValidationReport

__version__ = "0.1.0"


def _notebook_view(network: Network, *, height: int = 650, **options: Any) -> Any:
    from partenariat.export.html_map import MapOptions, show

    return show(network, MapOptions(**options), height=height)


NOTEBOOK_VIEW.append(_notebook_view)

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
    "Territory",
    "ValidationReport",
    "__version__",
    "load",
    "read",
    "validate",
    "write_folder",
]
