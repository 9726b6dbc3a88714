"""Performance helpers.

>>> with without_gc():
...     built = list(range(3))
>>> built
[0, 1, 2]
>>> list(in_order(lambda x: x * x, [1, 2, 3]))
[1, 4, 9]
>>> side_by_side(lambda: 1, lambda: "b")
(1, 'b')
"""

from __future__ import annotations

import gc
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")
A = TypeVar("A")
B = TypeVar("B")


#: Below this many organisations, threads cost more than they bring.
PARALLEL_FROM = 10_000


def workers() -> int:
    """Threads for array work: numpy and scipy release Python's lock inside their loops,
    so independent array computations run side by side on the machine's cores (at most 4:
    memory bandwidth is shared)."""
    return max(1, min(4, os.cpu_count() or 1))


def in_order(
    work: Callable[[T], R], items: Iterable[T], *, parallel: bool = True, ahead: int = 4
) -> Iterator[R]:
    """``work(item)`` for each item, computed by :func:`workers` threads, yielded in the
    order of ``items``; at most ``ahead`` results per thread wait to be read, so memory
    stays that of a few items, while a thread done with a small item goes on with the next
    ones instead of waiting for a long one to be read. ``work`` must only read shared
    state; ``parallel=False`` runs it in this thread."""
    count = workers() if parallel else 1
    if count == 1:
        yield from map(work, items)
        return
    with ThreadPoolExecutor(count, thread_name_prefix="partenariat") as pool:
        pending: deque[Future[R]] = deque()
        for item in items:
            pending.append(pool.submit(work, item))
            if len(pending) >= count * max(ahead, 1):
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


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


def side_by_side(
    first: Callable[[], A], second: Callable[[], B], *, parallel: bool = True
) -> tuple[A, B]:
    """``(first(), second())``, the two computed at once when the machine has two cores
    and ``parallel`` (both must only read shared state)."""
    if not parallel or workers() == 1:
        return first(), second()
    with ThreadPoolExecutor(1, thread_name_prefix="partenariat") as pool:
        later = pool.submit(second)
        return first(), later.result()
