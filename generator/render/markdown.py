"""Markdown rendering with markdown-it-py: no raw HTML, tables, and `id:` links to records."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup


def _link_open(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    token = tokens[idx]
    href = token.attrGet("href") or ""
    if isinstance(href, str) and href.startswith("id:"):  # attributes are str | int | float to markdown-it
        token.attrSet("href", env["resolve"](href[3:]))
    return self.renderToken(tokens, idx, options, env)


def _heading_open(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    # The page title is the only h1; the text's top heading level (whatever the editor typed)
    # lands just below the section it sits in, and deeper levels keep their distance.
    token = tokens[idx]
    level = min(6, int(token.tag[1]) - env["top_level"] + 1 + env.get("heading_shift", 1))
    token.tag = f"h{level}"
    tokens[idx + 2].tag = token.tag  # the matching heading_close
    return self.renderToken(tokens, idx, options, env)


def _table_open(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    # Wide tables scroll inside their own keyboard-reachable region instead of widening the page.
    return '<div class="table-scroll" tabindex="0" role="region" aria-label="Tabel">' + self.renderToken(tokens, idx, options, env)


def _table_close(self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    return self.renderToken(tokens, idx, options, env) + "</div>"


def _make(allow_html: bool) -> MarkdownIt:
    # markdown-it drops javascript:, vbscript:, file: and data: links (its validateLink) either way.
    md = MarkdownIt("commonmark", {"html": allow_html, "typographer": False}).enable("table")
    md.add_render_rule("link_open", _link_open)
    md.add_render_rule("heading_open", _heading_open)
    md.add_render_rule("table_open", _table_open)
    md.add_render_rule("table_close", _table_close)
    return md


_RENDERERS = {False: _make(False), True: _make(True)}


def render_markdown(text: str | None, resolve: Callable[[str], str], heading_shift: int = 1, allow_html: bool = False) -> Markup:
    """Markdown to HTML. Raw HTML in the text is escaped unless the site allows it (`markdown_html: true`)."""
    if not text:
        return Markup("")
    md = _RENDERERS[allow_html]
    env = {"resolve": resolve, "heading_shift": heading_shift}
    tokens = md.parse(text, env)
    env["top_level"] = min((int(t.tag[1]) for t in tokens if t.type == "heading_open"), default=1)
    return Markup(md.renderer.render(tokens, md.options, env))
