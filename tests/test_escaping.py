"""The templates' own escape (render/escaping.py) against MarkupSafe's."""

from __future__ import annotations

import markupsafe
from hypothesis import given
from hypothesis import strategies as st

from generator.render import escaping
from generator.render.renderer import template_environment


class Html:
    def __init__(self, text: str):
        self.text = text

    def __html__(self) -> str:
        return self.text


values = st.one_of(
    st.text(),
    st.text().map(markupsafe.Markup),
    st.text().map(Html),
    st.integers(),
    st.floats(allow_nan=False),
    st.none(),
    st.lists(st.text(), max_size=3),
)


@given(values)
def test_escape_is_markupsafes(value):
    ours, theirs = escaping.escape(value), markupsafe.escape(value)
    assert type(ours) is markupsafe.Markup
    assert ours == theirs


@given(st.text())
def test_markup_is_markup_of_the_same_text(text):
    made = escaping.markup(text)
    assert type(made) is markupsafe.Markup and made == markupsafe.Markup(text)


def test_compiled_templates_use_it_and_still_escape():
    env = template_environment()
    template = env.from_string("{{ text }}|{{ safe }}|{{ number }}")
    assert template.render(text="<b>&'\"", safe=markupsafe.Markup("<i>"), number=3) == "&lt;b&gt;&amp;&#39;&#34;|<i>|3"
    assert "from generator.render.escaping import escape" in env.compile("{{ x }}", raw=True)


@given(st.one_of(st.integers(-(10**12), 10**12), st.floats(-1e9, 1e9, allow_nan=False)), st.one_of(st.none(), st.text(max_size=12)))
def test_an_amount_is_what_markup_format_made(number, unit):
    """Renderer.amount writes its phrase with escape() and f-strings: the same as Markup.format did."""
    from types import SimpleNamespace

    from generator.core.i18n import load_catalogue
    from generator.render.renderer import LAYOUTS, Renderer, language_neutral

    danish, english = load_catalogue(LAYOUTS, "da"), load_catalogue(LAYOUTS, "en")
    for page in (
        SimpleNamespace(content_lang=markupsafe.Markup(""), catalogue=danish, content_catalogue=danish),
        SimpleNamespace(content_lang=markupsafe.Markup(' lang="da"'), catalogue=english, content_catalogue=danish),
    ):
        if unit and page.content_lang and not language_neutral(unit):
            before = markupsafe.Markup("<span{}>{} {}</span>").format(page.content_lang, danish.number(number), unit)
        elif unit:
            before = markupsafe.Markup("{} {}").format(page.catalogue.number(number), unit)
        else:
            before = markupsafe.Markup(page.catalogue.number(number))
        made = Renderer.amount(page, number, unit)
        assert type(made) is markupsafe.Markup and made == before
