"""The timeline ("Tidslinje"): every dated initiative and measure of every strategy, by year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import rollup
from .dates import PartialDate
from .depends import Run, note_all
from .model import Record, Site
from .rollup import bucket, held_to_deadlines
from .taxonomy import PER_PAGE, inherited_keys, pages_of


@dataclass(slots=True)
class Entry:
    when: PartialDate
    initiative: Record
    measure: dict | None  # the measure, or None for the initiative itself
    anchor: str  # on the initiative's page ("" for the initiative)
    status: str | None
    late: bool  # deadline passed while not done, for an adopted strategy
    organisation: Record | None
    strategy: Record | None
    themes: list[str]

    @property
    def title(self) -> str:
        return self.measure["text"] if self.measure else self.initiative.name


def timeline(site: Site, run: Run) -> dict[int, list[Entry]]:
    """year → its dated initiatives and measures, in date order."""
    initiatives = site.of_type("initiative")
    run.each("dated", site.by_id("initiative"), lambda initiative: dated_items(initiative, rollup.build_date()))

    def made() -> dict[int, list[Entry]]:
        dated, keyed = run.read("dated"), []
        for initiative in initiatives:
            found = dated[initiative.id]
            if found.items:
                organisation = site.records[found.organisation] if found.organisation else None
                strategy = site.records[found.strategy] if found.strategy else None
                for sort_key, when, measure, anchor, status, late in found.items:
                    keyed.append((sort_key, Entry(when, initiative, measure, anchor, status, late, organisation, strategy,
                                                  found.themes)))
        keyed.sort(key=lambda pair: pair[0])
        return by_year([entry for _, entry in keyed])

    return run.take(("timeline", site.generation), made)


@dataclass(slots=True)
class Dated:
    """An initiative's dates as the timeline lists them: all of it follows from the initiative and
    the records above it (and the date)."""
    organisation: str | None
    strategy: str | None
    themes: list[str]
    items: list[tuple]  # (sort key, when, measure, anchor, status, late)


def dated_items(initiative: Record, today: dt.date) -> Dated:
    note_all(("record", r.id) for r in (*initiative.ancestors(), initiative))
    strategy, organisation = initiative.nearest("strategy"), initiative.nearest("organisation")
    held = held_to_deadlines(initiative)
    status = initiative.data.get("status")
    order = (organisation.sort_name if organisation else "", initiative.path)
    items = []
    when = initiative.data.get("deadline") or initiative.data.get("end")
    if when and when.known:
        items.append(((when.last_day(), *order, ""), when, None, "", status, bucket(status, when, held, today) == "forsinket"))
    for number, measure in enumerate(initiative.data["measures"], 1):
        deadline = measure.get("deadline")
        if deadline and deadline.known:
            own, anchor = measure.get("status") or status, measure.get("id") or f"maalepunkt-{number}"
            items.append(((deadline.last_day(), *order, anchor), deadline, measure, anchor, own,
                          bucket(own, deadline, held, today) == "forsinket"))
    return Dated(organisation.id if organisation else None, strategy.id if strategy else None,
                 inherited_keys(initiative, "themes"), items)


def by_year(found: list[Entry]) -> dict[int, list[Entry]]:
    years: dict[int, list[Entry]] = {}
    for entry in found:
        years.setdefault(entry.when.year, []).append(entry)
    return years


def year_url(year: int, number: int = 1) -> str:
    """A year's page; a year with more than PER_PAGE dates has several, like a term's."""
    return f"tidslinje/{year}/" + (f"side-{number}/" if number > 1 else "")


def page_entries(entries: list[Entry], number: int) -> list[Entry]:
    return entries[(number - 1) * PER_PAGE:number * PER_PAGE]


def years_read() -> tuple:
    return ("timeline",)  # which years have pages, and how many


def year_read(year: int) -> tuple:
    return ("timeline", year)  # a year's counts


def page_read(year: int, number: int) -> tuple:
    return ("timeline", year, number)  # what one page of a year lists


def read_now(site: Site, key: tuple) -> tuple | None:
    """What a read of the timeline (years_read, year_read, page_read) sees now."""
    if len(key) == 1:
        return tuple((year, pages_of(items)) for year, items in site.timeline.items())
    items = site.timeline.get(key[1])
    if items is None:
        return None
    if len(key) == 2:
        return len(items), sum(e.late for e in items)
    # The themes are the initiative's own or inherited: a track's or strategy's edit moves them.
    return tuple((e.initiative.id, e.anchor, e.late, tuple(e.themes)) for e in page_entries(items, key[2]))
