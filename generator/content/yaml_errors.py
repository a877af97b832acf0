"""Where a YAML syntax error is: at the start of the construct that broke, not where the parser gave up.

An unclosed quote on line 3 makes the parser read on to the end of the file, so its own position
(the "problem mark") points at the last line. The construct that broke is found from the error's
context mark (where the quoted text started) or from the tokens read before the parser gave up: an
open `[` or `{`, quoted text that ran on over lines, a block of text (`|`, `>`) cut short by a line
indented less than its first. The message still names where the parser gave up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from generator.content.load import LOADER
from generator.core.messages import Message

QUOTES = ('"', "'")
BLOCKS = ("|", ">")
BRACKETS = {yaml.FlowSequenceStartToken: "msg_yaml_list_not_closed", yaml.FlowMappingStartToken: "msg_yaml_mapping_not_closed"}
LINE_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # YAML's, by which marks count lines


@dataclass(frozen=True)
class SyntaxProblem:
    line: int  # 1-based, in the file
    col: int
    message: Message


@dataclass(frozen=True)
class Failure:
    """A scanner's or parser's error, and what was read before it."""

    text: str
    line_offset: int
    failed: yaml.Mark  # the start of what could not be read
    tokens: list  # the tokens before it
    where: Message  # where the parser gave up, for the message
    simple_key: yaml.Mark | None  # the start of a line read as a field's name without ':'


def syntax_problem(error: yaml.MarkedYAMLError, text: str, line_offset: int) -> SyntaxProblem:
    """The position and message for `error`, raised while composing `text` (whose lines start at
    file line `line_offset` + 1)."""
    gave_up = error.problem_mark or error.context_mark
    if gave_up is None:
        return SyntaxProblem(1 + line_offset, 1, Message("msg_yaml_syntax_error", detail=error.problem or error.context or "?"))
    where = Message("msg_yaml_gave_up", line=gave_up.line + 1 + line_offset, col=gave_up.column + 1, problem=error.problem or "")
    start, context, problem = error.context_mark, error.context or "", error.problem or ""
    if start is not None and "quoted scalar" in context:
        if "end of stream" in problem or "document" in problem:
            quote = text[start.index] if start.index < len(text) and text[start.index] in QUOTES else '"'
            return at(start, line_offset, Message("msg_yaml_quote_never_closed", quote=quote, where=where))
        return generic(error, line_offset)  # a wrong escape: where the parser stopped is where it is
    if not isinstance(error, yaml.scanner.ScannerError | yaml.parser.ParserError):
        return generic(error, line_offset)  # an alias or anchor: the parser read the whole file
    simple_key = start if start is not None and "simple key" in context else None
    failed = simple_key or gave_up
    failure = Failure(text, line_offset, failed, tokens_before(text, failed), where, simple_key)
    for explain in (quote_run_on, open_bracket, block_cut_short, line_without_colon):
        found = explain(failure)
        if found is not None:
            return found
    return generic(error, line_offset)


def quote_run_on(failure: Failure) -> SyntaxProblem | None:
    """Quoted text over several lines, right before the failure: its closing quote was missing, and
    the next quote in the file closed it."""
    last = last_scalar(failure.tokens)
    if last is None or last.style not in QUOTES or not last.start_mark.line < last.end_mark.line == failure.failed.line:
        return None
    quote, end = last.style, last.end_mark.line + 1 + failure.line_offset
    return at(last.start_mark, failure.line_offset, Message("msg_yaml_quote_runs_on", quote=quote, end=end, where=failure.where))


def open_bracket(failure: Failure) -> SyntaxProblem | None:
    """The innermost `[` or `{` still open where the parser gave up."""
    opened = []
    for token in failure.tokens:
        if isinstance(token, yaml.FlowSequenceStartToken | yaml.FlowMappingStartToken):
            opened.append(token)
        elif isinstance(token, yaml.FlowSequenceEndToken | yaml.FlowMappingEndToken) and opened:
            opened.pop()
    if not opened:
        return None
    return at(opened[-1].start_mark, failure.line_offset, Message(BRACKETS[type(opened[-1])], where=failure.where))


def block_cut_short(failure: Failure) -> SyntaxProblem | None:
    """A block of text (`|`, `>`) right before the failure, on a line indented deeper than the
    block's field (so meant as part of the text) but less than the text's first line; or a block
    left empty because its lines are not indented at all."""
    block = last_scalar(failure.tokens)
    if block is None or block.style not in BLOCKS:
        return None
    lines = LINE_BREAKS.split(failure.text)
    failed = failure.failed.line
    between = lines[block.end_mark.line : failed]
    if failed >= len(lines) or any(line.strip() and not line.lstrip().startswith("#") for line in between):
        return None
    before = failure.tokens[: failure.tokens.index(block)]
    owner = next((token for token in reversed(before) if isinstance(token, yaml.KeyToken | yaml.BlockEntryToken)), None)
    indent = len(lines[failed]) - len(lines[failed].lstrip(" "))
    if block.value and indent <= (owner.start_mark.column if owner is not None else 0):
        return None
    if not block.value:
        message = Message("msg_yaml_block_empty", style=block.style, where=failure.where)
    else:
        message = Message("msg_yaml_block_cut_short", style=block.style, line=failed + 1 + failure.line_offset, where=failure.where)
    return at(block.start_mark, failure.line_offset, message)


def line_without_colon(failure: Failure) -> SyntaxProblem | None:
    if failure.simple_key is None:
        return None
    return at(failure.simple_key, failure.line_offset, Message("msg_yaml_no_colon", where=failure.where))


def last_scalar(tokens: list) -> yaml.ScalarToken | None:
    return next((token for token in reversed(tokens) if isinstance(token, yaml.ScalarToken)), None)


def generic(error: yaml.MarkedYAMLError, line_offset: int) -> SyntaxProblem:
    mark = error.problem_mark or error.context_mark
    detail = error.problem or "?"  # PyYAML's own words, in English
    if error.context:
        detail = f"{detail} ({error.context})"
    return at(mark, line_offset, detail)


def at(mark: yaml.Mark | None, line_offset: int, detail: Message | str) -> SyntaxProblem:
    message = Message("msg_yaml_syntax_error", detail=detail)
    if mark is None:  # PyYAML's errors carry a mark; without one, the start of the text
        return SyntaxProblem(1 + line_offset, 1, message)
    return SyntaxProblem(mark.line + 1 + line_offset, mark.column + 1, message)


def tokens_before(text: str, mark: yaml.Mark) -> list:
    """The tokens that start before `mark`, as far as the scanner gets."""
    found = []
    try:
        for token in yaml.scan(text, Loader=LOADER):
            if (token.start_mark.line, token.start_mark.column) >= (mark.line, mark.column):
                break
            found.append(token)
    except yaml.YAMLError:
        pass
    return found
