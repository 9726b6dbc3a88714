"""A read-only sequence whose entries are built when read.

Large results (every case of a national file, every candidate partnership) are held as
arrays; building one frozen record per entry up front would cost more than the analysis.
:class:`Rows` behaves as the tuple it stands for: ``len``, indexing, slicing (to a tuple),
iteration, equality with a tuple.

>>> squares = Rows(4, lambda i: i * i)
>>> len(squares), squares[-1], squares[1:3], squares == (0, 1, 4, 9)
(4, 9, (1, 4), True)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar, overload

T = TypeVar("T")


class Rows(Sequence[T]):
    """``count`` entries, entry ``i`` being ``build(i)``."""

    def __init__(self, count: int, build: Callable[[int], T]) -> None:
        self._count = count
        self._build = build

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, item: int) -> T: ...

    @overload
    def __getitem__(self, item: slice) -> tuple[T, ...]: ...

    def __getitem__(self, item: int | slice) -> T | tuple[T, ...]:
        if isinstance(item, slice):
            return tuple(self._build(i) for i in range(*item.indices(self._count)))
        if item < 0:
            item += self._count
        if not 0 <= item < self._count:
            raise IndexError(item)
        return self._build(item)

    def __iter__(self) -> Iterator[T]:
        for i in range(self._count):
            yield self._build(i)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Rows):
            other = tuple(other)
        if isinstance(other, tuple):
            return tuple(self) == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._count}>"
