"""JSON output: indented, UTF-8 (accents as written), dates in ISO form, fast (orjson).

>>> import datetime as dt
>>> print(dumps({"nom": "Épicerie", "depuis": dt.date(2025, 2, 13), "n": (1, 2)}), end="")
{
  "nom": "Épicerie",
  "depuis": "2025-02-13",
  "n": [
    1,
    2
  ]
}
"""

from __future__ import annotations

from typing import Any

import orjson

_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS


def dumps(payload: Any) -> str:
    """``payload`` as indented JSON text ending with a newline (other types as ``str``)."""
    return dumps_bytes(payload).decode("utf-8")


def dumps_bytes(payload: Any) -> bytes:
    """The same, as UTF-8 bytes (written as they are: no second copy of a large output)."""
    return orjson.dumps(payload, default=str, option=_OPTIONS | orjson.OPT_APPEND_NEWLINE)


def record(item: Any) -> dict[str, Any]:
    """A flat dataclass instance as a dict, field by field (``dataclasses.asdict`` copies
    deeply and recursively: 60,000 centrality records took most of a second).

    >>> from dataclasses import dataclass
    >>> @dataclass(frozen=True)
    ... class Gap:
    ...     territory: str
    ...     fields: tuple[str, ...]
    >>> record(Gap("77288", ("santé",)))
    {'territory': '77288', 'fields': ('santé',)}
    """
    return dict(vars(item))
