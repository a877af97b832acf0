"""Validate stage: check YAML nodes against the schema and turn them into plain values.

Every problem is collected with file, line, column and field path; nothing stops at the first.
References are collected here and checked once all records are known (see `check_references`).
"""

from __future__ import annotations

import difflib
import html
import re
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.content import schema as s
from generator.core.dates import FORMAT_HINT, DateError, PartialDate, parse_date
from generator.core.messages import Message
from generator.core.problems import Problems, did_you_mean, suggestion

TAG = "tag:yaml.org,2002:"
_CONSTRUCT = yaml.constructor.SafeConstructor()
_DANISH_THOUSANDS = re.compile(r"-?\d{1,3}(\.\d{3})+")  # whole values only (fullmatch)
_DANISH_DECIMAL = re.compile(r"-?\d+,\d+")
MAX_INTEGER = 2**53 - 1
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):", re.ASCII)
_SKIPPED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
_NOT_IN_URL = re.compile(r'[\s<>"`\\\x00-\x1f\x7f]')
CODE_SCHEMES = {"javascript", "vbscript", "data"}
_ID_LINK = re.compile(r"\]\(\s*id:([^)\s#]*)")
# What marks a text for the editor to replace (the skeletons of `new`, scaffold.py): read aloud it says
# what it is, and unlike «…» (which Danish »quotes« produce between two quotations) it never turns
# up in real text by accident.
PLACEHOLDER = "TODO:"
_PLACEHOLDER = re.compile(re.escape(PLACEHOLDER))
_YAML11_SURPRISE = {  # what YAML 1.1 made of an unquoted value meant as text
    "bool": "msg_yaml_read_as_bool",
    "float": "msg_yaml_read_as_float",
    "timestamp": "msg_yaml_read_as_date",
    "null": "msg_yaml_read_as_null",
}


@dataclass
class PendingRef:
    kinds: tuple[str, ...]  # empty: any record type
    target: str
    path: str
    line: int
    col: int
    field: str


@dataclass
class Checker:
    """Walks one file's nodes. `vocabularies` maps name → {id: labels}."""

    path: str
    line_offset: int
    problems: Problems
    vocabularies: dict[str, dict]
    refs: list[PendingRef] = field(default_factory=list)

    def where(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1

    def report(self, node: yaml.Node, field_path: str, key: str, /, **params: object) -> None:
        """A problem at `node` whose message is the catalogue's `key` (msg_…) with `params`."""
        self.report_message(node, field_path, Message(key, **params))

    def report_message(self, node: yaml.Node, field_path: str, message: Message) -> None:
        line, col = self.where(node)
        self.problems.add_message(self.path, line, col, field_path, message)

    def check(self, node: yaml.Node, ftype: object, field_path: str) -> Any:
        """Return the value of `node` as `ftype`, or None after reporting a problem."""
        if isinstance(ftype, s.Obj):
            return self.check_object(node, ftype, field_path)
        if isinstance(ftype, s.ListOf):
            if not isinstance(node, yaml.SequenceNode):
                if isinstance(node, yaml.ScalarNode) and node.tag == TAG + "null":
                    return []
                self.report(node, field_path, "msg_expected_list", got=describe(node))
                return None
            values = [self.check(item, ftype.item, f"{field_path}[{i + 1}]") for i, item in enumerate(node.value)]
            return [v for v in values if v is not None]
        if not isinstance(node, yaml.ScalarNode):
            self.report(node, field_path, "msg_expected_type", expected=type_name(ftype), got=describe(node))
            return None
        if isinstance(ftype, s.Url):
            return self.check_url(node, field_path, ftype.absolute)
        if isinstance(ftype, (s.Text, s.Markdown)):
            return self.check_text(node, field_path, markdown=isinstance(ftype, s.Markdown))
        if isinstance(ftype, s.Number):
            return self.check_number(node, field_path)
        if isinstance(ftype, s.Bool):
            return self.check_bool(node, field_path)
        if isinstance(ftype, s.Date):
            return self.check_date(node, field_path)
        if isinstance(ftype, s.Vocab):
            return self.check_vocab(node, ftype.name, field_path)
        if isinstance(ftype, s.Ref):
            target = self.check_text(node, field_path, markdown=False)
            if target is not None:
                line, col = self.where(node)
                self.refs.append(PendingRef(ftype.kinds, target.strip(), self.path, line, col, field_path))
            return target.strip() if target else None
        raise TypeError(ftype)

    def check_object(self, node: yaml.Node, ftype: s.Obj, field_path: str) -> dict | None:
        if not isinstance(node, yaml.MappingNode):
            self.report(node, field_path or "(file)", "msg_expected_fields", got=describe(node))
            return None
        prefix = f"{field_path}." if field_path else ""
        result: dict = {}
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str) or key_node.tag != TAG + "str":
                self.report(key_node, f"{prefix}{key}", "msg_field_name_not_a_word")
                continue
            if key in seen:
                self.report(key_node, prefix + key, "msg_field_twice")
                continue
            seen.add(key)
            if key not in ftype.fields:
                self.report(key_node, prefix + key, "msg_unknown_field", hint=did_you_mean(key, ftype.fields, s.FIELD_ALIASES))
                continue
            if value_node.tag == TAG + "null" and isinstance(value_node, yaml.ScalarNode) and not value_node.value:
                if key in ftype.required:
                    self.report(value_node, prefix + key, "msg_required_field_empty")
                continue
            value = self.check(value_node, ftype.fields[key], prefix + key)
            if value is not None:
                result[key] = value
        for name in sorted(ftype.required - seen):
            self.report(node, prefix + name, "msg_required_field_missing")
        return result

    def check_text(self, node: yaml.ScalarNode, field_path: str, markdown: bool) -> str | None:
        value = node.value
        if not node.style:  # plain scalar: YAML 1.1 may have turned it into something else
            kind = node.tag.removeprefix(TAG)
            if kind == "int" and re.fullmatch(r"-?[1-9]\d*|0", value):
                return value
            if kind in _YAML11_SURPRISE:
                self.report_message(node, field_path, Message(_YAML11_SURPRISE[kind], value=value))
                return None
            if kind == "int":
                self.report(node, field_path, "msg_yaml_read_as_other_base", value=value)
                return None
        if PLACEHOLDER in value:
            line, col = self.where(node)
            if node.style in ("|", ">"):
                line, col = line + 1, 1
            self.report_placeholders(value, line, col, field_path, keeps_lines=node.style == "|")
            return None
        if markdown:
            line, col = self.where(node)
            if node.style in ("|", ">"):  # a block scalar's text starts on the next line
                line, col = line + 1, 1
            self.collect_id_links(value, line, col, field_path)
        return value

    def report_placeholders(self, value: str, first_line: int, first_col: int, field_path: str, keeps_lines: bool = True) -> None:
        """Report every text marked TODO: in `value`, at its own line when the text keeps the file's
        lines (a Markdown body, a | block), else where the value starts."""
        line, line_start, scanned = first_line, None, 0  # newlines are counted from the last mark on: linear in the text
        for match in _PLACEHOLDER.finditer(value):
            start = match.start()
            col = first_col
            if keeps_lines:
                newlines = value.count("\n", scanned, start)
                if newlines:
                    line, line_start = line + newlines, value.rfind("\n", scanned, start) + 1
                scanned = start
                col = first_col + start if line_start is None else start - line_start + 1
            end = value.find("\n", start)
            text = value[start : end if end >= 0 else len(value)].strip()
            self.problems.add(
                self.path,
                line,
                col,
                field_path,
                "msg_placeholder",
                text=shorten(text, 60),
                marker=PLACEHOLDER,
            )

    def check_url(self, node: yaml.ScalarNode, field_path: str, absolute: bool) -> str | None:
        text = self.check_text(node, field_path, markdown=False)
        if text is None:
            return None
        problem = url_problem(text.strip(), absolute)
        if problem is not None:
            self.report_message(node, field_path, problem)
            return None
        return text.strip()

    def collect_id_links(self, value: str, first_line: int, first_col: int, field_path: str) -> None:
        """Remember `[text](id:…)` links in Markdown; they are checked like any reference."""
        line, line_start, scanned = first_line, None, 0  # newlines are counted from the last link on: linear in the text
        for match in _ID_LINK.finditer(value):
            start = match.start(1) - len("id:")
            newlines = value.count("\n", scanned, start)
            if newlines:
                line, line_start = line + newlines, value.rfind("\n", scanned, start) + 1
            scanned = start
            col = first_col + start if line_start is None else start - line_start + 1
            self.refs.append(PendingRef((), match.group(1), self.path, line, col, field_path))

    def check_number(self, node: yaml.ScalarNode, field_path: str) -> float | int | None:
        value = node.value.strip()
        if not node.style and node.tag in (TAG + "int", TAG + "float"):
            if _DANISH_THOUSANDS.fullmatch(value):
                self.report(node, field_path, "msg_danish_thousands", value=value, plain=value.replace(".", ""))
                return None
            try:
                number = _CONSTRUCT.construct_yaml_int(node) if node.tag == TAG + "int" else _CONSTRUCT.construct_yaml_float(node)
            except ValueError:  # more digits than Python converts (4,300), or not a number under an explicit !!int tag
                if not value.lstrip("+-").replace("_", "").isdigit():
                    self.report(node, field_path, "msg_expected_number", value=shorten(value)[1:-1], hint="")
                    return None
                number = MAX_INTEGER + 1
            if isinstance(number, int) and abs(number) > MAX_INTEGER:
                self.report(node, field_path, "msg_number_too_large", value=shorten(value), length=len(value), largest=MAX_INTEGER)
                return None
            if number != number or number in (float("inf"), float("-inf")):
                self.report(node, field_path, "msg_number_unusable", value=value)
                return None
            return number
        hint: Message | str = ""
        if _DANISH_DECIMAL.fullmatch(value):
            hint = Message("msg_hint_decimal_point", plain=value.replace(",", "."))
        elif _DANISH_THOUSANDS.fullmatch(value):
            hint = Message("msg_hint_no_thousands", plain=value.replace(".", ""))
        self.report(node, field_path, "msg_expected_number", value=value, hint=hint)
        return None

    def check_bool(self, node: yaml.ScalarNode, field_path: str) -> bool | None:
        if not node.style and node.value in ("true", "false"):
            return node.value == "true"
        self.report(node, field_path, "msg_expected_bool", value=node.value)
        return None

    def check_date(self, node: yaml.ScalarNode, field_path: str) -> PartialDate | None:
        try:
            return parse_date(node.value)
        except DateError as error:
            self.report_message(node, field_path, error.message)
            return None

    def check_vocab(self, node: yaml.ScalarNode, name: str, field_path: str) -> str | None:
        text = self.check_text(node, field_path, markdown=False)
        if text is None:
            return None
        value = text.strip()
        entries = self.vocabularies.get(name, {})
        if value in entries:
            return value
        candidates = {key.lower(): key for key in entries}
        candidates.update({labels.get("da", "").lower(): key for key, labels in entries.items()})
        match = difflib.get_close_matches(value.lower(), candidates, n=1, cutoff=0.6)
        hint = suggestion(candidates[match[0]]) if match else ""
        self.report(node, field_path, "msg_not_in_vocabulary", value=value, vocabulary=name, hint=hint)
        return None


def url_problem(value: str, absolute: bool = False) -> Message | None:
    """Why `value` is not an address the site may show or link to, or None. Only http(s) passes (and,
    unless `absolute`, an address without a scheme, e.g. www.example.dk). The scheme is read as a
    browser might: HTML entities and %-escapes decoded, invisible characters dropped, in any case."""
    decoded = value
    for _ in range(3):  # &amp;#106; → &#106; → j
        decoded = urllib.parse.unquote(html.unescape(decoded))
    match = _SCHEME.match(_SKIPPED_IN_SCHEME.sub("", decoded).lower())
    scheme = match.group(1) if match else None
    if scheme in CODE_SCHEMES:
        return Message("msg_url_runs_code", scheme=scheme)
    if scheme not in (None, "http", "https"):
        return Message("msg_url_not_web", value=shorten(value), scheme=scheme)
    bad = _NOT_IN_URL.search(value)
    if bad is not None:
        return Message("msg_url_bad_character", character=repr(bad.group()))
    try:
        parts = urllib.parse.urlsplit(value)
        host, _ = parts.hostname, parts.port
    except ValueError:  # an unclosed [ of an IPv6 address, a port that is not a number
        return Message("msg_url_invalid", value=shorten(value))
    if absolute and (scheme is None or not host):
        return Message("msg_url_not_absolute")
    if scheme is not None and not host:
        return Message("msg_url_no_host", value=shorten(value), scheme=scheme)
    return None


def shorten(text: str, limit: int = 30) -> str:
    """`text` in quotes, cut short: a problem message quotes at most `limit` characters of a value."""
    return f"'{text}'" if len(text) <= limit else f"'{text[:limit]}…'"


def describe(node: yaml.Node) -> Message:
    """What a node holds, in a message's words: "fields (a mapping)", "a list" or its value."""
    if isinstance(node, yaml.MappingNode):
        return Message("msg_got_mapping")
    if isinstance(node, yaml.SequenceNode):
        return Message("msg_got_list")
    return Message("msg_got_value", value=node.value)


TYPE_NAMES: dict[type, str] = {
    s.Text: "msg_type_text",
    s.Url: "msg_type_url",
    s.Markdown: "msg_type_text",
    s.Number: "msg_type_number",
    s.Bool: "msg_type_bool",
    s.Date: "msg_type_date",
    s.Vocab: "msg_type_vocab",
    s.Ref: "msg_type_ref",
}


def type_name(ftype: object) -> Message:
    return Message(TYPE_NAMES.get(type(ftype), "msg_type_value"), formats=FORMAT_HINT)
