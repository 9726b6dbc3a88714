"""partenariat: map the partnerships of social organisations and find where support breaks.

>>> import partenariat
>>> callable(partenariat.load), callable(partenariat.validate)
(True, True)
"""

from __future__ import annotations

from partenariat.errors import InputError, OutputExistsError, PartenariatError
from partenariat.io.folder import load, read, validate
from partenariat.io.write import write_folder
from partenariat.model import Dataset, Intervention, Link, Organisation, Service, Territory
from partenariat.network import Network
from partenariat.problems import Problem, ValidationReport

__version__ = "0.1.0"

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
