"""Shortcuts taken for speed give what the general path gives: the template context's call of
callables that take no context, attribute reads of dicts in templates, the YAML loader's memory of
scalar tags, and the shown path of a content file resolved once per folder."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.load import BASE_LOADER, LOADER, display_path, folder_inside
from generator.render.renderer import template_environment


def environment(tmp_path: Path, templates: dict[str, str]) -> jinja2.Environment:
    for name, text in templates.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return template_environment(tmp_path)


def test_callables_that_ask_for_the_context_still_get_it(tmp_path):
    env = environment(
        tmp_path,
        {
            "page.html": (
                "{% for item in items %}{{ with_context(item) }}|{{ with_environment(item) }}|{{ plain(item) }}|"
                "{{ method(item) }}|{{ callable_object(item) }}|{{ builtin(item) }};{% endfor %}"
            ),
        },
    )

    class Box:
        def method(self, value: str) -> str:
            return f"m{value}"

    class ContextObject:
        @jinja2.pass_context
        def __call__(self, context: jinja2.runtime.Context, value: str) -> str:
            return f"o{value}{context['suffix']}"

    env.globals.update(
        with_context=jinja2.pass_context(lambda context, value: f"c{value}{context['suffix']}"),
        with_environment=jinja2.pass_environment(lambda environment, value: f"e{value}{environment is env}"),
        plain=lambda value: f"p{value}",
        method=Box().method,
        callable_object=ContextObject(),
        builtin=len,
    )
    html = env.get_template("page.html").render(items=["a", "bb"], suffix="!")
    assert html == "ca!|eaTrue|pa|ma|oa!|1;cbb!|ebbTrue|pbb|mbb|obb!|2;"


def test_a_callable_raising_stop_iteration_gives_undefined(tmp_path):
    env = environment(tmp_path, {"page.html": "{{ stops() }}"})

    def stops() -> str:
        raise StopIteration

    env.globals["stops"] = stops
    with pytest.raises(jinja2.UndefinedError):  # StrictUndefined, as Jinja's own Context.call gives
        env.get_template("page.html").render()


def test_dict_fields_read_as_attributes(tmp_path):
    env = environment(
        tmp_path,
        {
            "page.html": "{{ measure.text }}|{{ measure['values'] }}|{{ measure.values()|list|length }}",
            "missing.html": "{{ measure.target }}",
        },
    )
    assert env.get_template("page.html").render(measure={"text": "CO2", "values": [1, 2]}) == "CO2|[1, 2]|2"
    with pytest.raises(jinja2.UndefinedError, match="'dict object' has no attribute 'target'"):
        env.get_template("missing.html").render(measure={"text": "x"})


@settings(max_examples=300, deadline=None)
@given(
    mapping=st.dictionaries(st.sampled_from(["text", "items", "get", "keys", "values", "target", "__class__", "x"]), st.integers()),
    name=st.sampled_from(["text", "items", "get", "keys", "values", "target", "__class__", "x", "copy", "missing"]),
)
def test_attribute_reads_of_dicts_match_jinja(mapping, name):
    ours, theirs = template_environment(), jinja2.Environment(undefined=jinja2.StrictUndefined)
    found, expected = ours.getattr(mapping, name), theirs.getattr(mapping, name)
    if isinstance(expected, jinja2.Undefined):
        assert isinstance(found, jinja2.Undefined)
        assert found._undefined_name == expected._undefined_name
    else:
        assert found == expected


def tags(node: yaml.Node) -> list[tuple[str, str]]:
    if isinstance(node, yaml.ScalarNode):
        return [(node.value, node.tag)]
    if isinstance(node, yaml.MappingNode):
        return [pair for key, value in node.value for pair in (*tags(key), *tags(value))]
    return [pair for item in node.value for pair in tags(item)]


SCALARS = st.one_of(
    st.sampled_from(["yes", "no", "true", "False", "null", "~", "", "1", "-2", "0x1f", "1.5", ".inf", "2026-12-03", "1_000", "12:30"]),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=45),
)


@settings(max_examples=200, deadline=None)
@given(values=st.lists(SCALARS, min_size=1, max_size=12))
def test_the_loader_resolves_scalars_as_pyyaml(values):
    """Each value twice, plain and quoted, so the second time comes from the loader's memory."""
    text = "".join(f"- {yaml.safe_dump(value).strip()}\n- {value!r}\n" if "\n" not in value else "" for value in values * 2)
    try:
        expected = yaml.compose(text, Loader=BASE_LOADER)
    except yaml.YAMLError:
        with pytest.raises(yaml.YAMLError):
            yaml.compose(text, Loader=LOADER)
        return
    found = yaml.compose(text, Loader=LOADER)
    assert (tags(found) if found else []) == (tags(expected) if expected else [])


def test_shown_paths_inside_and_outside_the_working_directory(tmp_path, monkeypatch):
    project, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    (project / "content" / "strategi").mkdir(parents=True)
    (elsewhere / "real").mkdir(parents=True)
    (project / "content" / "linked").symlink_to(elsewhere / "real")
    monkeypatch.chdir(project)
    folder_inside.cache_clear()
    assert display_path(Path("content/strategi/a.md")) == os.path.join("content", "strategi", "a.md")
    assert display_path(project / "content" / "strategi" / "a.md") == os.path.join("content", "strategi", "a.md")
    assert display_path(Path("a.md")) == "a.md"
    assert display_path(Path("content")) == "content"
    # A folder linked from outside the working directory: the path as given, as resolving the whole path gave.
    assert display_path(Path("content/linked/b.md")) == os.path.join("content", "linked", "b.md")
    assert display_path(elsewhere / "c.md") == str(elsewhere / "c.md")
    assert display_path(Path("../project/content/a.md")) == os.path.join("content", "a.md")


MARKDOWN_LINES = st.sampled_from(
    [
        "# Mål",
        "## Delmål",
        "### Detaljer",
        "Tekst med [en indsats](id:org/klima/energi) og [en side](https://example.org).",
        "Et billede: ![Kort over området](kort.png)",
        "- punkt med [link](id:org/klima)\n- andet punkt",
        "| år | mål |\n|---|---|\n| 2030 | 70 % |",
        "> citat med *vægt*",
        "<b>rå html</b>",
        "",
    ]
)


@settings(max_examples=150, deadline=None)
@given(
    lines=st.lists(MARKDOWN_LINES, min_size=1, max_size=8), shifts=st.lists(st.integers(1, 4), min_size=1, max_size=4), html=st.booleans()
)
def test_markdown_parsed_once_renders_as_parsed_fresh(lines, shifts, html):
    """A text's tokens are parsed once and rendered for every page that shows it, at its heading
    level and with its links: each rendering is what a fresh parse gives."""
    from generator.render.markdown import parsed, render_markdown

    text = "\n\n".join(lines)

    def resolve(record_id: str) -> str:
        return f"../{record_id}/"

    fresh = {}
    for shift in shifts:
        parsed.cache_clear()
        fresh[shift] = render_markdown(text, resolve, shift, html)
    parsed.cache_clear()
    for shift in [*shifts, *reversed(shifts)]:
        assert render_markdown(text, resolve, shift, html) == fresh[shift]

    def elsewhere(record_id: str) -> str:
        return f"/{record_id}"

    after_others = render_markdown(text, elsewhere, shifts[0], html)  # the same tokens, other links
    parsed.cache_clear()
    assert after_others == render_markdown(text, elsewhere, shifts[0], html)
    if "id:" in text:
        assert "../org/klima" in fresh[shifts[0]] and "id:" not in fresh[shifts[0]]
