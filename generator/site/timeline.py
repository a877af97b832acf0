"""The timeline ("Tidslinje"): every dated initiative and measure of every strategy, by year."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, insort
from collections import Counter
from dataclasses import dataclass
from typing import Any

from generator.core.dates import PartialDate
from generator.core.depends import Run, note_all
from generator.model.deadlines import OVERDUE, measure_status, reported_on, state, today
from generator.model.records import Record, Site
from generator.site.taxonomy import PER_PAGE, inherited_keys, pages_of


@dataclass(slots=True)
class Entry:
    when: PartialDate
    initiative: Record
    measure: dict | None  # the measure, or None for the initiative itself
    anchor: str  # on the initiative's page ("" for the initiative)
    status: str | None
    state: str  # its deadline state (deadlines.STATES)
    organisation: Record | None
    strategy: Record | None
    themes: list[str]

    @property
    def title(self) -> str:
        return self.measure["text"] if self.measure else self.initiative.name


def timeline(site: Site, run: Run) -> dict[int, list[Entry]]:
    """year → its dated initiatives and measures, in date order."""
    initiatives = site.by_id("initiative")
    run.each("dated", initiatives, lambda initiative: dated_items(initiative, today()))

    def made() -> dict[int, list[Entry]]:
        dated = dict(run.read("dated"))
        if site.timeline_order is None:
            keyed = [item for record_id, found in dated.items() for item in keyed_entries(site, initiatives[record_id], found)]
            keyed.sort(key=first)
            years = by_year([entry for _, entry in keyed])
        else:
            keyed, years = edited(site, initiatives, dated)
        site.timeline_order = dated, keyed, years
        return years

    return run.take(("timeline", site.generation), made)


def edited(site: Site, initiatives: dict[str, Record], dated: dict[str, Dated]) -> tuple[list, dict[int, list[Entry]]]:
    """The last timeline of this site with the items of the initiatives whose dated items were made
    again taken out and put in anew. The years they are in get new lists; the others keep theirs,
    so comparing the timeline with the last one costs what moved."""
    assert site.timeline_order is not None  # timeline() calls this once it has made one
    before, keyed, years = site.timeline_order
    keyed, moved = list(keyed), set()
    for record_id, found in dated.items():
        old = before.get(record_id)
        if old is found:
            continue
        for item in old.items if old else ():
            at = bisect_left(keyed, item[0], key=first)
            while keyed[at][1].initiative.id != record_id:  # another initiative's item with the same key
                at += 1
            del keyed[at]
            moved.add(item[1].year)
        for item in keyed_entries(site, initiatives[record_id], found):
            insort(keyed, item, key=first)
            moved.add(item[1].when.year)
    if not moved:
        return keyed, years
    made = by_year([entry for _, entry in keyed if entry.when.year in moved])
    return keyed, {
        year: made[year] if year in moved else years[year]
        for year in sorted(years.keys() | made.keys())
        if year in made or year not in moved
    }


def keyed_entries(site: Site, initiative: Record, found: Dated) -> list[tuple[tuple, Entry]]:
    organisation = site.records[found.organisation] if found.organisation else None
    strategy = site.records[found.strategy] if found.strategy else None
    return [
        (sort_key, Entry(when, initiative, measure, anchor, status, deadline_state, organisation, strategy, found.themes))
        for sort_key, when, measure, anchor, status, deadline_state in found.items
    ]


def first(pair: tuple) -> Any:
    return pair[0]


@dataclass(slots=True)
class Dated:
    """An initiative's dates as the timeline lists them: all of it follows from the initiative and
    the records above it (and the date)."""

    organisation: str | None
    strategy: str | None
    themes: list[str]
    items: list[tuple]  # (sort key, when, measure, anchor, status, deadline state)


def dated_items(initiative: Record, on: dt.date) -> Dated:
    note_all(("record", r.id) for r in (*initiative.ancestors(), initiative))
    strategy, organisation = initiative.nearest("strategy"), initiative.nearest("organisation")
    reported = reported_on(initiative)
    status = initiative.data.get("status")
    order = (organisation.sort_name if organisation else "", initiative.path)
    items = []
    when = initiative.data.get("deadline") or initiative.data.get("end")
    if when and when.known:
        # the same state as everywhere: an end date alone places the item here but is no deadline
        items.append(((when.last_day(), *order, ""), when, None, "", status, state(status, initiative.data.get("deadline"), reported, on)))
    for number, measure in enumerate(initiative.data["measures"], 1):
        deadline = measure.get("deadline")
        if deadline and deadline.known:
            own, anchor = measure_status(initiative, measure), measure.get("id") or f"maalepunkt-{number}"
            items.append(((deadline.last_day(), *order, anchor), deadline, measure, anchor, own, state(own, deadline, reported, on)))
    return Dated(organisation.id if organisation else None, strategy.id if strategy else None, inherited_keys(initiative, "themes"), items)


def by_year(found: list[Entry]) -> dict[int, list[Entry]]:
    years: dict[int, list[Entry]] = {}
    for entry in found:
        years.setdefault(entry.when.year, []).append(entry)
    return years


def year_url(year: int, number: int = 1) -> str:
    """A year's page; a year with more than PER_PAGE dates has several, like a term's."""
    return f"tidslinje/{year}/" + (f"side-{number}/" if number > 1 else "")


OVERDUE_URL = "tidslinje/overskredne-frister/"


def overdue_url(number: int = 1) -> str:
    """The pages of every overdue date (forsinket or uden opfølgning), of all years: the timeline's
    filter "kun forsinkede og uden opfølgning", which works without a script."""
    return OVERDUE_URL + (f"side-{number}/" if number > 1 else "")


def overdue(site: Site) -> list[Entry]:
    return [entry for items in site.timeline.values() for entry in items if entry.state in OVERDUE]


def filter_counts(entries: list[Entry]) -> dict[str, Counter]:
    """How many of `entries` each value of the timeline's filters keeps (a value that keeps none is not offered)."""
    counts: dict[str, Counter] = {"organisation": Counter(), "tema": Counter(), "frist": Counter()}
    for entry in entries:
        counts["organisation"][entry.organisation.id if entry.organisation else ""] += 1
        counts["tema"].update(entry.themes)
        counts["frist"]["overskredet" if entry.state in OVERDUE else ""] += 1
    return counts


def page_entries(entries: list[Entry], number: int) -> list[Entry]:
    return entries[(number - 1) * PER_PAGE : number * PER_PAGE]


def years_read() -> tuple:
    return ("timeline",)  # which years have pages, and how many


def year_read(year: int) -> tuple:
    return ("timeline", year)  # how many dates a year has (its pages say so, and how many pages)


def late_read(year: int) -> tuple:
    return ("timeline", year, "late")  # a year's overdue dates (the timeline's front page, the overdue pages)


def page_read(year: int, number: int) -> tuple:
    return ("timeline", year, number)  # what one page of a year lists


def read_now(site: Site, key: tuple) -> tuple | int | None:
    """What a read of the timeline (years_read, year_read, late_read, page_read) sees now."""
    if len(key) == 1:
        return tuple((year, pages_of(items)) for year, items in site.timeline.items())
    items = site.timeline.get(key[1])
    if items is None:
        return None
    if len(key) == 2:
        return len(items)
    if key[2] == "late":
        return tuple((e.initiative.id, e.anchor, e.state) for e in items if e.state in OVERDUE)
    # The themes are the initiative's own or inherited: a track's or strategy's edit moves them.
    return tuple((e.initiative.id, e.anchor, e.state, tuple(e.themes)) for e in page_entries(items, key[2]))
