"""A griffe extension for the API reference: the docstrings as the code writes them, shown
as Markdown, without touching the code.

partenariat's docstrings follow Google style for their sections ("Examples:", ...) but
also carry three habits of Sphinx that Markdown does not know:

- doctests written straight in the text (``>>> ...`` at the start of a line, outside an
  "Examples:" section): Markdown reads ``>`` as a quote and ``x[0]["name"]`` as a
  reference link. Each such block is wrapped in a ``pycon`` code block.
- cross-references as reST roles (``:class:`Study```, ``:func:`~partenariat.open```):
  each becomes an *optional* autorefs link (a link when the object is on the site, plain
  code otherwise, never a warning), its name resolved in the docstring's own scope.
- attributes documented by ``#:`` comments just above them: the comment becomes their
  docstring.

Loaded by mkdocstrings from ``mkdocs.yml``; nothing here is imported by the package.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:class|func|meth|mod|data|attr|exc|obj):`(~?)([^`]+)`")
_FENCE = "```"


def _doctests_fenced(text: str) -> str:
    """Wrap each doctest block starting at the first column in a ``pycon`` fence."""
    out: list[str] = []
    in_fence = in_doctest = False
    for line in text.split("\n"):
        if in_doctest and not line.strip():
            out.append(_FENCE)
            in_doctest = False
        if line.startswith(_FENCE):
            in_fence = not in_fence
        elif not in_fence and not in_doctest and line.startswith(">>>"):
            if out and out[-1].strip():
                out.append("")
            out.append(_FENCE + "pycon")
            in_doctest = True
        out.append(line)
    if in_doctest:
        out.append(_FENCE)
    return "\n".join(out)


def _identifier(obj: griffe.Object | griffe.Alias, target: str) -> str:
    """The full path of ``target`` as seen from ``obj`` (as written when unknown)."""
    target = target.removesuffix("()")
    if target.startswith("partenariat."):
        return target
    head, _, rest = target.partition(".")
    try:
        found = obj.resolve(head)
    except (griffe.NameResolutionError, griffe.AliasResolutionError, KeyError):
        return target
    return f"{found}.{rest}" if rest else found


def _roles_linked(obj: griffe.Object | griffe.Alias, text: str) -> str:
    def link(match: re.Match[str]) -> str:
        short, target = match.groups()
        title = target.removesuffix("()").rsplit(".", 1)[-1] if short else target
        return f'<autoref identifier="{_identifier(obj, target)}" optional>`{title}`</autoref>'

    return _ROLE.sub(link, text)


def _comment_docstring(obj: griffe.Object) -> griffe.Docstring | None:
    """The ``#:`` comment lines just above an attribute, as its docstring."""
    if not obj.is_attribute or obj.lineno is None:
        return None
    lines = obj.module.lines
    found: list[str] = []
    number = obj.lineno - 2  # the line above, 0-based
    while number >= 0 and lines[number].strip().startswith("#:"):
        found.insert(0, lines[number].strip()[2:].strip())
        number -= 1
    if not found:
        return None
    return griffe.Docstring("\n".join(found), lineno=number + 2, parent=obj)


class MarkdownDocstrings(griffe.Extension):
    """Rewrite every docstring of a loaded package once its tree is complete."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        self._rewrite(pkg)

    def _rewrite(self, obj: griffe.Object) -> None:
        if obj.docstring is None:
            obj.docstring = _comment_docstring(obj)
        if obj.docstring is not None:
            text = _doctests_fenced(obj.docstring.value)
            obj.docstring.value = _roles_linked(obj, text)
        for member in obj.members.values():
            if not member.is_alias:
                self._rewrite(member)  # type: ignore[arg-type]
