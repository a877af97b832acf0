"""Edits that move nothing: the live preview changes the last build's site in place.

Most edits change what a record says, not where it stands: a title, a summary, a body. Such an
edit leaves every list the model and route stages make (parents and children, references and
backlinks, term and timeline listings, offer filters, pages and their addresses) as it was, apart
from orderings by name. So instead of loading and routing ten thousand records again, the edited
records take their new fields, the lists ordered by name are sorted again and their pages' titles
are made again; everything else stays. An edit that changes anything else (a reference, a date, a
tag, a status, a number, a measure) is not patched: the build starts from the files.
"""

from __future__ import annotations

from . import schema as s
from .content import RawRecord
from .model import Record, Site, order_key, with_defaults
from .slugs import danish_sort_key

# Per record type, the fields that only its own pages and the pages reading it show (each such
# page notes the read, so the incremental build finds it). Every other field feeds something the
# whole site is made from, so a change there is not patched. A type not here is never patched: an
# organisation's name orders term and timeline listings and names offer filters, a meeting's
# items are its decisions on other records, a page can be in every page's footer.
FREE_FIELDS = {
    "initiative": {"title", "summary", "goal", "body", "actions", "responsible", "partners", "budget", "budget_dkk",
                   "funding", "contacts", "editor_note", "sources"},
    "track": {"title", "label", "summary", "goal", "body", "key_figures", "sections", "editor_note", "sources"},
    "strategy": {"title", "short_title", "summary", "vision", "body", "goals", "key_figures", "charts", "sections",
                 "track_label", "track_label_plural", "contacts", "editor_note", "sources"},
    "offer": {"title", "summary", "body", "promise", "price", "how", "contact", "editor_note", "sources"},
}


def structure(raw: RawRecord) -> tuple:
    """What of a record anything but its own pages (and the pages reading it) depends on."""
    free = FREE_FIELDS[raw.type]
    return (raw.id, raw.path_id, raw.type, tuple((ref.target, ref.kinds, ref.field) for ref in raw.refs),
            {name: value for name, value in raw.data.items() if name not in free})


def patchable(old: RawRecord | None, new: RawRecord | None) -> bool:
    return (old is not None and new is not None and old.type == new.type and new.type in FREE_FIELDS
            and structure(old) == structure(new))


def patch_site(site: Site, edits: list[RawRecord]) -> set[Record]:
    """Give the edited records (each patchable() against the one it replaces) their new fields and
    version; sort again the lists ordered by name. The records whose place in those lists moved
    (a parent's children, a mentioned record's backlinks) are returned with the edited ones."""
    touched: set[Record] = set()
    for raw in edits:
        record = site.records[raw.id]
        renamed = with_defaults(s.RECORDS[raw.type], raw.data)
        raw.full_data = renamed
        name_before = record.name
        record.data, record.version = renamed, raw.version
        touched.add(record)
        if record.name == name_before:
            continue
        if record.parent is not None:
            sort_children(record.parent)
            touched.add(record.parent)
        for ref in raw.refs:
            target = site.records.get(ref.target)
            if target is not None and not ref.kinds and record in target.mentioned_in:
                target.mentioned_in.sort(key=lambda r: (danish_sort_key(r.name), file_order(r)))
                touched.add(target)
    return touched


def sort_children(parent: Record) -> None:
    """As model.build_model orders them: the children found by folder sorted, then the offers
    that name the parent as their provider, in file order."""
    provided = [child for child in parent.children if provided_offer(child)]
    found = sorted((child for child in parent.children if not provided_offer(child)),
                   key=lambda child: (order_key(child), file_order(child)))
    parent.children[:] = found + provided


def provided_offer(record: Record) -> bool:
    return record.type == "offer" and bool(record.data.get("provider"))


def file_order(record: Record) -> list[str]:
    """Where the record's file comes in the content folder (load.content_files): how a full build
    breaks ties."""
    return record.rel.split("/")
