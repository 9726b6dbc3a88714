"""Performance helpers.

Speed comes from doing less (sections computed when asked, top-k, work budgets, deferred
imports), not from threads or processes: this module only pauses the cyclic garbage
collector where building many objects that all live on was measured to pay.

>>> with without_gc():
...     built = list(range(3))
>>> built
[0, 1, 2]
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


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
