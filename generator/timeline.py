"""The timeline ("Tidslinje"): every dated initiative and measure of every strategy, by year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import rollup
from .dates import PartialDate
from .model import Record, Site, nearest_of
from .rollup import CURRENT, bucket
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


def entries(site: Site, today: dt.date | None = None) -> list[Entry]:
    today = today or rollup.build_date()
    found = []
    strategy_of, organisation_of = nearest_of(site, "strategy"), nearest_of(site, "organisation")
    for initiative in site.of_type("initiative"):
        strategy = strategy_of[initiative.id]
        held = strategy is not None and strategy.data.get("status") == CURRENT
        organisation, themes = organisation_of[initiative.id], inherited_keys(initiative, "themes")
        status = initiative.data.get("status")
        when = initiative.data.get("deadline") or initiative.data.get("end")
        if when and when.known:
            found.append(Entry(when, initiative, None, "", status, bucket(status, when, held, today) == "forsinket",
                               organisation, strategy, themes))
        for number, measure in enumerate(initiative.data["measures"], 1):
            deadline = measure.get("deadline")
            if deadline and deadline.known:
                own = measure.get("status") or status
                found.append(Entry(deadline, initiative, measure, measure.get("id") or f"maalepunkt-{number}", own,
                                   bucket(own, deadline, held, today) == "forsinket", organisation, strategy, themes))
    sort_names = {organisation.id: organisation.sort_name for organisation in site.of_type("organisation")}
    return sorted(found, key=lambda e: (e.when.last_day(), sort_names[e.organisation.id] if e.organisation else "",
                                        e.initiative.path, e.anchor))


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
            found[page_read(year, number)] = tuple((e.initiative.id, e.anchor, e.late) for e in page_entries(items, number))
    return found
