"""Performance helpers.

>>> @gc_paused
... def build() -> list[int]:
...     return list(range(3))
>>> build()
[0, 1, 2]
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def without_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects that all live on.

    A national folder makes about a million rows and as many result objects: each
    collection would scan them all again, for nothing (they form no cycle). Reference
    counting still frees memory as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def gc_paused(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` with the cyclic garbage collector paused (see :func:`without_gc`)."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with without_gc():
            return function(*args, **kwargs)

    return wrapper
