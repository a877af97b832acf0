"""`build.py check --stale`: what has gone out of date, as a report to work from.

An initiative or measure is stale when the site shows its deadline as overdue (model/deadlines.py:
forsinket or uden opfølgning, against the reference date); a record is stale when its file has not
changed for `days` days. Items are grouped by organisation and strategy, each with the file and
line to edit, and told in the editors' language (core/messages.py): as text for a terminal, or as
a CSV for Danish Excel to send to the people responsible.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.content.load import compose, read_text, split_front_matter
from generator.core.dates import PartialDate
from generator.core.i18n import Catalogue
from generator.core.problems import Problems, one_line
from generator.core.spreadsheet import excel_csv
from generator.model.deadlines import OVERDUE, initiative_state, measure_deadline, measure_state
from generator.model.records import Record, Site, subtree

NOT_UPDATED = "ikke-opdateret"  # beside the overdue deadline states: a record not changed for `days` days
STATES = (*OVERDUE, NOT_UPDATED)  # in the order totals name them
WIDTH = 120  # of a line in the text report, for a terminal
CSV_COLUMNS = (
    "organisation",
    "strategi",
    "fil",
    "linje",
    "type",
    "indsats",
    "titel",
    "frist",
    "fristtilstand",
    "sidst ændret",
    "dage siden ændring",
)


@dataclass(frozen=True)
class StaleItem:
    record: Record
    measure: int  # the measure's number (from 1, as the page shows them), 0 for the record itself
    path: str
    line: int  # of the item's deadline field, or of the item or record without one of its own
    state: str  # a state of OVERDUE, or NOT_UPDATED
    deadline: PartialDate | None
    changed: dt.date | None  # the last change of the record's file
    days: int | None  # from that change to the reference date

    @property
    def organisation(self) -> Record | None:
        return self.record.nearest("organisation")

    @property
    def strategy(self) -> Record | None:
        return self.record.nearest("strategy")


def stale_items(site: Site, days: int, on: dt.date) -> list[StaleItem]:
    """Every overdue initiative and measure, and every record not changed for more than `days`
    days that has no overdue item listed already, in report order."""
    lines = FieldLines()
    found: list[StaleItem] = []
    for record in site.records.values():
        age = max(0, (on - record.updated).days) if record.updated else None  # 0: changed after `on`
        listed = len(found)
        if record.type == "initiative":
            state = initiative_state(record, on)
            if state in OVERDUE:
                found.append(stale_item(record, 0, state, record.data.get("deadline"), lines, age))
            for number, measure in enumerate(record.data["measures"], 1):
                state = measure_state(record, measure, on)
                if state in OVERDUE:
                    found.append(stale_item(record, number, state, measure_deadline(record, measure), lines, age))
        if len(found) == listed and age is not None and age > days:
            found.append(stale_item(record, 0, NOT_UPDATED, None, lines, age))
    order = page_order(site)
    return sorted(found, key=lambda i: (*group_key(i), order[i.record.id], i.measure))


def stale_item(record: Record, measure: int, state: str, deadline: PartialDate | None, lines: FieldLines, age: int | None) -> StaleItem:
    steps = ("measures", measure - 1, "deadline") if measure else () if state == NOT_UPDATED else ("deadline",)
    return StaleItem(record, measure, record.path, lines.line(record.path, steps), state, deadline, record.updated, age)


class FieldLines:
    """File lines of fields, each file read again once: the model keeps values, not their positions."""

    def __init__(self) -> None:
        self.read: dict[str, tuple[yaml.Node | None, int]] = {}

    def line(self, path: str, steps: tuple) -> int:
        """The line of the field at `steps` (names and list indexes), or of as far down as they lead."""
        if path not in self.read:
            self.read[path] = record_node(path)
        node, offset = self.read[path]
        if node is None:
            return 1
        line = node.start_mark.line
        for step in steps:
            if isinstance(step, int) and isinstance(node, yaml.SequenceNode) and step < len(node.value):
                node = node.value[step]
                line = node.start_mark.line
            elif isinstance(step, str) and isinstance(node, yaml.MappingNode):
                pair = next(((key, value) for key, value in node.value if getattr(key, "value", None) == step), None)
                if pair is None:
                    break
                line, node = pair[0].start_mark.line, pair[1]
            else:
                break
        return line + 1 + offset


def record_node(path: str) -> tuple[yaml.Node | None, int]:
    """A record file's YAML nodes and the offset of their lines (None if it no longer reads)."""
    problems = Problems()
    text = read_text(Path(path), path, problems)
    if text is not None and path.endswith(".md"):
        parts = split_front_matter(text, path, problems)
        text = parts[0] if parts else None
        offset = 1
    else:
        offset = 0
    return (compose(text, path, offset, problems) if text else None), offset


def group_key(item: StaleItem) -> tuple:
    """Organisations by name, those without one last; in each, its own records, then strategies by name."""
    organisation, strategy = item.organisation, item.strategy
    return (
        organisation is None,
        organisation.sort_name if organisation else "",
        organisation.id if organisation else "",
        strategy is not None,
        strategy.sort_name if strategy else "",
        strategy.id if strategy else "",
    )


def page_order(site: Site) -> dict[str, int]:
    """record id → place in the order the site's pages show records (by number and name)."""
    roots = sorted((record for record in site.records.values() if record.parent is None), key=lambda record: record.rank)
    return {record.id: place for place, record in enumerate(record for root in roots for record in subtree(root))}


def grouped(items: list[StaleItem]) -> list[tuple[Record | None, list[tuple[Record | None, list[StaleItem]]]]]:
    """[(organisation, [(strategy, items)])], in the order of `items`."""
    groups: list = []
    for each in items:
        if not groups or groups[-1][0] is not each.organisation:
            groups.append((each.organisation, []))
        strategies = groups[-1][1]
        if not strategies or strategies[-1][0] is not each.strategy:
            strategies.append((each.strategy, []))
        strategies[-1][1].append(each)
    return groups


def state_name(state: str, t: Catalogue, days: int) -> str:
    return t("stale_not_updated", days=t.number(days)) if state == NOT_UPDATED else t.deadline_state(state)


def totals(items: list[StaleItem], t: Catalogue, days: int) -> str:
    """E.g. "12 punkter (3 forsinket, 9 frist overskredet uden opfølgning)"."""
    counted = Counter(each.state for each in items)
    parts = [f"{t.number(counted[state])} {lower_first(state_name(state, t, days))}" for state in STATES if counted[state]]
    return t.count("stale_items", len(items)) + (f" ({', '.join(parts)})" if parts else "")


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def kind(item: StaleItem, t: Catalogue) -> str:
    return t("measure") if item.measure else t(f"kind_{item.record.type}")


def initiative_title(record: Record) -> str:
    number = record.data.get("number")
    return f"{number} {record.name}" if number else record.name


def title(item: StaleItem) -> str:
    if item.measure:
        text = item.record.data["measures"][item.measure - 1]["text"]
    else:
        text = initiative_title(item.record) if item.record.type == "initiative" else item.record.name
    return " ".join(str(text).split())  # a folded text's lines on one line


def stale_text(items: list[StaleItem], t: Catalogue, on: dt.date, days: int) -> list[str]:
    """The report for a terminal: headings per organisation and strategy with their totals, and
    per item its file:line, what it is, its deadline and state and when it last changed."""
    lines = [f"{t('stale_heading', date=t.date(on))}: {totals(items, t, days)}"]
    for organisation, strategies in grouped(items):
        every = [each for _, found in strategies for each in found]
        lines += ["", f"{organisation.name if organisation else t('without_organisation')}: {totals(every, t, days)}"]
        for strategy, found in strategies:
            indent = "  "
            if strategy is not None:
                lines += ["", f"  {strategy.name}: {totals(found, t, days)}"]
                indent = "    "
            for each in found:
                lines.append(f"{indent}{each.path}:{each.line}")
                lines.append(f"{indent}  {shortened(one_line(description(each, t)), WIDTH - len(indent) - 2)}")
                lines.append(f"{indent}  {details(each, t, days)}")
    lines += ["", f"{t('stale_total')}: {totals(items, t, days)}"]
    return lines


def shortened(text: str, width: int) -> str:
    """`text` cut to `width` characters at a word (the file and the CSV have it whole)."""
    if len(text) <= width:
        return text
    return text[: width - 1].rsplit(" ", 1)[0] + " …"


def description(item: StaleItem, t: Catalogue) -> str:
    if item.measure:
        return f"{t('measure_in', title=initiative_title(item.record))}: {title(item)}"
    return f"{kind(item, t)}: {title(item)}"


def details(item: StaleItem, t: Catalogue, days: int) -> str:
    parts = [t("stale_deadline", date=t.date(item.deadline))] if item.deadline else []
    parts.append(state_name(item.state, t, days))
    if item.changed is not None and item.days is not None:
        parts.append(t.count("stale_changed", item.days, date=t.date(item.changed)))
    return " · ".join(parts)


def stale_csv(items: list[StaleItem], t: Catalogue, days: int) -> bytes:
    """The report as a CSV for Danish Excel (core/spreadsheet.py), one row per item, dates as ISO."""
    return excel_csv(CSV_COLUMNS, [csv_row(each, t, days) for each in items])


def csv_row(item: StaleItem, t: Catalogue, days: int) -> dict[str, str]:
    organisation, strategy = item.organisation, item.strategy
    return {
        "organisation": organisation.name if organisation else "",
        "strategi": strategy.name if strategy else "",
        "fil": item.path,
        "linje": str(item.line),
        "type": kind(item, t).lower(),
        "indsats": initiative_title(item.record) if item.record.type == "initiative" else "",
        "titel": title(item),
        "frist": item.deadline.iso() if item.deadline else "",
        "fristtilstand": state_name(item.state, t, days),
        "sidst ændret": item.changed.isoformat() if item.changed else "",
        "dage siden ændring": str(item.days) if item.days is not None else "",
    }
