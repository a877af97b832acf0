"""HTML escaping for compiled templates, as MarkupSafe escapes but without Markup's Python-level
constructor: a page escapes about 250 values ({{ … }} with autoescape), and MarkupSafe's escape
then Markup(…) (a Python call that asks the string for __html__ again) were a seventh of
rendering it. Same strings, same type (Markup)."""

from __future__ import annotations

from functools import partial
from typing import Any

import jinja2.compiler
from markupsafe import Markup

try:
    from markupsafe import _escape_inner  # type: ignore[attr-defined]  # the C escape of the characters themselves (MarkupSafe 3)
except ImportError:  # MarkupSafe 2, whose escape is all in C
    from markupsafe import escape as escape
else:
    _new = str.__new__

    def escape(value: Any, /) -> Markup:
        kind = type(value)
        if kind is str:
            return _new(Markup, _escape_inner(value))
        if kind is Markup:  # already safe: itself, as Markup(value.__html__()) would be
            return value
        if hasattr(value, "__html__"):
            return _new(Markup, value.__html__())
        return _new(Markup, _escape_inner(str(value)))


# Markup(text) for a str known to be safe, without Markup's Python-level constructor.
markup = partial(str.__new__, Markup)


class FastEscapeCodeGenerator(jinja2.compiler.CodeGenerator):
    """Jinja's code generator, with `escape` in every compiled template being this module's."""

    def writeline(self, x: str, node: Any = None, extra: int = 0) -> None:
        super().writeline(x, node, extra)
        if x.startswith("from jinja2.runtime import "):  # the template's runtime names: ours shadows theirs
            super().writeline(f"from {__name__} import escape")
