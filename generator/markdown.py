"""Markdown rendering with markdown-it-py: no raw HTML, tables, and `id:` links to records."""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markupsafe import Markup


def _link_open(self, tokens, idx, options, env):
    token = tokens[idx]
    href = token.attrGet("href") or ""
    if href.startswith("id:"):
        token.attrSet("href", env["resolve"](href[3:]))
    return self.renderToken(tokens, idx, options, env)


def _heading_open(self, tokens, idx, options, env):
    # The page title is the only h1; Markdown headings start below the section they sit in.
    token = tokens[idx]
    level = min(6, int(token.tag[1]) + env.get("heading_shift", 1))
    token.tag = f"h{level}"
    tokens[idx + 2].tag = token.tag  # the matching heading_close
    return self.renderToken(tokens, idx, options, env)


def _make() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
    md.add_render_rule("link_open", _link_open)
    md.add_render_rule("heading_open", _heading_open)
    return md


_MD = _make()


def render_markdown(text: str | None, resolve: Callable[[str], str], heading_shift: int = 1) -> Markup:
    if not text:
        return Markup("")
    return Markup(_MD.render(text, {"resolve": resolve, "heading_shift": heading_shift}))
