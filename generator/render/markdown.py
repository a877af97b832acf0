"""Markdown rendering with markdown-it-py: no raw HTML, tables, and `id:` links to records."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup


# Tokens are parsed once per text (parsed()) and shared by every page that shows it, so the rules
# below render from them without changing them.
def _link_open(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    token = tokens[idx]
    href = token.attrGet("href") or ""
    if isinstance(href, str) and href.startswith("id:"):  # attributes are str | int | float to markdown-it
        linked = token.copy(attrs={**token.attrs, "href": env["resolve"](href[3:])})
        return self.renderToken([linked], 0, options, env)  # an inline token: rendered without its neighbours
    return self.renderToken(tokens, idx, options, env)


def _heading(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    # The page title is the only h1; the text's top heading level (whatever the editor typed)
    # lands just below the section it sits in, and deeper levels keep their distance.
    token = tokens[idx]
    typed = token.tag
    token.tag = f"h{min(6, int(typed[1]) - env['top_level'] + 1 + env.get('heading_shift', 1))}"
    try:
        return self.renderToken(tokens, idx, options, env)
    finally:
        token.tag = typed


def _table_open(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    # Wide tables scroll inside their own keyboard-reachable region instead of widening the page.
    return '<div class="table-scroll" tabindex="0" role="region" aria-label="Tabel">' + self.renderToken(tokens, idx, options, env)


def _table_close(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    return self.renderToken(tokens, idx, options, env) + "</div>"


def _make(allow_html: bool) -> MarkdownIt:
    # markdown-it drops javascript:, vbscript:, file: and data: links (its validateLink) either way.
    md = MarkdownIt("commonmark", {"html": allow_html, "typographer": False}).enable("table")
    md.add_render_rule("link_open", _link_open)
    md.add_render_rule("heading_open", _heading)
    md.add_render_rule("heading_close", _heading)
    md.add_render_rule("table_open", _table_open)
    md.add_render_rule("table_close", _table_close)
    return md


_RENDERERS = {False: _make(False), True: _make(True)}


def render_markdown(text: str | None, resolve: Callable[[str], str], heading_shift: int = 1, allow_html: bool = False) -> Markup:
    """Markdown to HTML. Raw HTML in the text is escaped unless the site allows it (`markdown_html: true`)."""
    if not text:
        return Markup("")
    tokens, top_level = parsed(text, allow_html)
    env = {"resolve": resolve, "heading_shift": heading_shift, "top_level": top_level}
    md = _RENDERERS[allow_html]
    return Markup(md.renderer.render(tokens, md.options, env))


@functools.lru_cache(maxsize=512)
def parsed(text: str, allow_html: bool) -> tuple[list[Token], int]:
    """The text's tokens and its top heading level. Parsing is most of rendering Markdown, and a
    strategy's print view shows its texts again (its records are rendered one after the other)."""
    tokens = _RENDERERS[allow_html].parse(text, {})
    return tokens, min((int(token.tag[1]) for token in tokens if token.type == "heading_open"), default=1)
