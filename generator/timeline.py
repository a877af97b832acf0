"""The timeline ("Tidslinje"): every dated initiative and measure of every strategy, by year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import rollup
from .dates import PartialDate
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


def entries(site: Site, lineage: dict[str, tuple[int, ...]], today: dt.date | None = None) -> list[Entry]:
    """Every dated initiative and measure in date order. `lineage` (model.lineages) keys what the
    live preview keeps of each initiative between rebuilds."""
    today = today or rollup.build_date()
    kept = _kept.get(today, {})
    keyed, now_kept = [], {}
    for initiative in site.of_type("initiative"):
        key = lineage[initiative.id]
        dated = now_kept[key] = kept.get(key) or dated_items(initiative, today)
        if dated.items:
            organisation = site.records[dated.organisation] if dated.organisation else None
            strategy = site.records[dated.strategy] if dated.strategy else None
            for sort_key, when, measure, anchor, status, late in dated.items:
                keyed.append((sort_key, Entry(when, initiative, measure, anchor, status, late, organisation, strategy,
                                              dated.themes)))
    _kept.clear()
    _kept[today] = now_kept
    keyed.sort(key=lambda pair: pair[0])
    return [entry for _, entry in keyed]


@dataclass(slots=True)
class Dated:
    """An initiative's dates as the timeline lists them: all of it follows from the initiative and
    the records above it, so the live preview keeps it while their files stay unread."""
    organisation: str | None
    strategy: str | None
    themes: list[str]
    items: list[tuple]  # (sort key, when, measure, anchor, status, late)


_kept: dict[dt.date, dict[tuple[int, ...], Dated]] = {}  # build date → lineage → its dates


def dated_items(initiative: Record, today: dt.date) -> Dated:
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


YEARS_READ = "timeline:years"  # which years have pages, and how many


def year_read(year: int) -> str:
    return f"timeline:{year}"  # a year's counts


def page_read(year: int, number: int) -> str:
    return f"timeline:{year}:{number}"  # what one page of a year lists


def membership_signatures(site: Site) -> dict[str, tuple]:
    """For incremental builds: what each read of the timeline (as a page notes it) saw."""
    found: dict[str, tuple] = {YEARS_READ: tuple((year, pages_of(items)) for year, items in site.timeline.items())}
    for year, items in site.timeline.items():
        found[year_read(year)] = (len(items), sum(e.late for e in items))
        for number in range(1, pages_of(items) + 1):
            # The themes are the initiative's own or inherited: a track's or strategy's edit moves them.
            found[page_read(year, number)] = tuple((e.initiative.id, e.anchor, e.late, tuple(e.themes))
                                                   for e in page_entries(items, number))
    return found
