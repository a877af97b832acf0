"""The content schema: every record type, its fields and their types, declared once.

validate.py checks content against it, model.py fills defaults from it, and `build.py schema`
(JSON Schema for editors) is generated from it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    doc: str = ""


@dataclass(frozen=True)
class Url(Text):
    """A web address: http(s), or (unless `absolute`) one without a scheme such as www.example.dk.
    javascript:, data: and every other scheme are content errors (validate.url_problem)."""

    absolute: bool = False


@dataclass(frozen=True)
class Markdown:
    doc: str = ""


@dataclass(frozen=True)
class Number:
    doc: str = ""


@dataclass(frozen=True)
class Bool:
    doc: str = ""


@dataclass(frozen=True)
class Date:
    doc: str = ""


@dataclass(frozen=True)
class Ref:
    kinds: tuple[str, ...]
    doc: str = ""


@dataclass(frozen=True)
class Vocab:
    name: str
    doc: str = ""


@dataclass(frozen=True)
class ListOf:
    item: object
    doc: str = ""


@dataclass(frozen=True)
class Obj:
    fields: dict
    required: frozenset = frozenset()
    doc: str = ""


FieldType = Text | Url | Markdown | Number | Bool | Date | Ref | Vocab | ListOf | Obj


def obj(doc: str = "", required: tuple[str, ...] = (), **fields: FieldType) -> Obj:
    return Obj(dict(fields), frozenset(required), doc)


def refs(*kinds: str, doc: str = "") -> ListOf:
    return ListOf(Ref(kinds), doc)


def vocabs(name: str, doc: str = "") -> ListOf:
    return ListOf(Vocab(name), doc)


EDITOR_NOTE = Markdown("A correction, doubt or remark from the editors, shown beside the value.")

SOURCE = obj(
    "Where the facts come from.",
    ("title",),
    title=Text(),
    publisher=Text(),
    date=Date(),
    url=Url(),
    location=Text("Page or line numbers."),
    editor_note=EDITOR_NOTE,
)
CONTACT = obj(
    "A person or desk to contact.",
    ("name",),
    name=Text(),
    position=Text(),
    unit=Text(),
    phone=Text(),
    email=Text(),
    url=Url(),
    address=Text(),
    editor_note=EDITOR_NOTE,
)
GOAL = obj(
    "A goal with an optional numeric target.",
    ("title",),
    title=Text(),
    text=Markdown(),
    value=Number(),
    unit=Text(),
    baseline=Number(),
    deadline=Date(),
    editor_note=EDITOR_NOTE,
)
SERIES = ListOf(
    obj(
        "One dated value of the quantity, as a source reported it.",
        ("date", "value"),
        date=Date(),
        value=Number(),
        note=Text(),
        source=Text(),
        editor_note=EDITOR_NOTE,
    ),
    "Dated values of the same quantity, oldest first (drawn as a line chart with a table).",
)
MEASURE = obj(
    "A measurable target of an initiative (målepunkt, delmål).",
    ("text",),
    id=Text("Slug used as the anchor."),
    text=Text(),
    target=Number(),
    unit=Text(),
    baseline=Number("The value the target is measured from; with target and actual it gives how far the measure has come."),
    actual=Number("The latest value reached (default: the newest of values)."),
    values=SERIES,
    deadline=Date(),
    status=Vocab("statuses"),
    editor_note=EDITOR_NOTE,
)
KEY_FIGURE = obj(
    "A number worth showing.",
    ("label", "value"),
    label=Text(),
    value=Number(),
    unit=Text(),
    date=Date(),
    note=Text(),
    source=Text(),
    target=Number(),
    values=SERIES,
    editor_note=EDITOR_NOTE,
)
CHART_POINT = obj(
    "One bar of a chart.", ("label", "value"), label=Text(), value=Number(), target=Number(), note=Text(), editor_note=EDITOR_NOTE
)
CHART = obj(
    "Chart data; drawn at build time and always shown as a table too.",
    ("title", "data"),
    title=Text(),
    description=Text(),
    unit=Text(),
    date=Date(),
    source=Text(),
    data=ListOf(CHART_POINT),
    editor_note=EDITOR_NOTE,
)
SECTION_ITEM = obj("", ("title",), title=Text(), text=Markdown(), editor_note=EDITOR_NOTE)
SECTION = obj(
    "A titled block of text with items.", ("title",), title=Text(), text=Markdown(), items=ListOf(SECTION_ITEM), editor_note=EDITOR_NOTE
)
ADOPTED = obj("When and by whom the strategy was adopted.", (), date=Date(), by=Text(), editor_note=EDITOR_NOTE)
POINT = obj(
    "A numbered point of a recommendation and what was decided on it.",
    ("number", "text"),
    number=Text(),
    text=Text(),
    outcome=Vocab("outcomes"),
    note=Text(),
    editor_note=EDITOR_NOTE,
)
DOCUMENT = obj(
    "A document (bilag, letter, note) belonging to an agenda item.",
    ("title",),
    title=Text(),
    date=Date(),
    sender=Text(),
    recipient=Text(),
    summary=Text(),
    editor_note=EDITOR_NOTE,
)
AGENDA_ITEM = obj(
    "A point on the agenda.",
    ("number", "title"),
    number=Text(),
    title=Text(),
    summary=Text(),
    recommendation=Markdown(),
    points=ListOf(POINT),
    outcome=Vocab("outcomes"),
    decision=Markdown(),
    minority=Markdown(),
    concerns=refs("strategy", "track", "initiative", "organisation", "offer"),
    documents=ListOf(DOCUMENT),
    editor_note=EDITOR_NOTE,
)

IMAGE = obj(
    "A photo, logo or diagram shown on the record's page; the file lies beside the record's file.",
    ("src",),
    src=Text("The image file (JPEG, PNG or WebP), relative to the record's folder, e.g. 'solceller.jpg'."),
    alt=Text("What the image shows, for readers who cannot see it. Required unless decorative: true."),
    decorative=Bool("true when the image adds nothing the text does not say; it then gets an empty alt."),
    caption=Text("Shown below the image."),
    editor_note=EDITOR_NOTE,
)

COMMON = {
    "type": Text("The record type."),
    "id": Text("Overrides the id taken from the file's path."),
    "editor_note": EDITOR_NOTE,
    "sources": ListOf(SOURCE),
}
TAXONOMY = {"themes": vocabs("themes"), "sdgs": vocabs("sdgs")}

RECORDS: dict[str, Obj] = {
    "organisation": obj(
        "A municipality, KKR, region, national body or partnership.",
        ("name",),
        name=Text(),
        short_name=Text(),
        kind=Vocab("organisation_kinds"),
        summary=Text(),
        body=Markdown(),
        web=Url(),
        address=Text(),
        contact=CONTACT,
        parent=Ref(("organisation",)),
        image=IMAGE,
        area=vocabs("places", "The municipalities or regions the organisation's offers serve."),
    ),
    "strategy": obj(
        "A policy, strategy, plan or project.",
        ("title",),
        title=Text(),
        short_title=Text(),
        kind=Vocab("strategy_kinds"),
        status=Vocab("lifecycle"),
        start=Date(),
        end=Date(),
        adopted=ADOPTED,
        as_of=Date("The date the content describes."),
        summary=Text(),
        vision=Markdown(),
        body=Markdown(),
        goals=ListOf(GOAL),
        key_figures=ListOf(KEY_FIGURE),
        charts=ListOf(CHART),
        sections=ListOf(SECTION),
        track_label=Text("What this strategy calls its tracks: Spor, Indsatsspor, Ben…"),
        track_label_plural=Text(),
        **TAXONOMY,
        contacts=ListOf(CONTACT),
        owners=refs("organisation"),
        parent=Ref(("strategy",)),
        related=refs("strategy"),
        supersedes=Ref(("strategy",)),
        image=IMAGE,
    ),
    "track": obj(
        "A track of a strategy (spor, indsatsspor, ben, drivkraft…).",
        ("title",),
        title=Text(),
        number=Text(),
        label=Text(),
        summary=Text(),
        goal=Markdown(),
        body=Markdown(),
        **TAXONOMY,
        key_figures=ListOf(KEY_FIGURE),
        sections=ListOf(SECTION),
    ),
    "initiative": obj(
        "An initiative (indsats, handleplan, delmål, aktivitet) of a track or strategy.",
        ("title",),
        title=Text(),
        number=Text(),
        summary=Text(),
        goal=Markdown(),
        body=Markdown(),
        actions=ListOf(Text()),
        status=Vocab("statuses"),
        start=Date(),
        end=Date(),
        deadline=Date(),
        role=Vocab("roles"),
        responsible=ListOf(Text()),
        partners=ListOf(Text()),
        audience=vocabs("audiences"),
        **TAXONOMY,
        budget=Text(),
        budget_dkk=Number(),
        funding=Text(),
        measures=ListOf(MEASURE),
        offers=refs("offer"),
        related=refs("initiative"),
        contacts=ListOf(CONTACT),
        image=IMAGE,
    ),
    "offer": obj(
        "What a business or citizen can get, and how.",
        ("title",),
        title=Text(),
        summary=Text(),
        body=Markdown(),
        promise=Text(),
        price=Text(),
        how=Text(),
        contact=CONTACT,
        needs=vocabs("needs"),
        audience=vocabs("audiences"),
        themes=vocabs("themes"),
        initiatives=refs("initiative"),
        provider=Ref(("organisation",)),
        as_of=Date("The date the offer's information describes; else the as_of of the strategy it delivers on."),
        area=vocabs("places", "The municipalities or regions the offer serves; else its provider's area."),
    ),
    "meeting": obj(
        "A meeting with its agenda items and decisions.",
        ("title", "date"),
        title=Text(),
        committee=Text(),
        date=Date(),
        summary=Text(),
        body=Markdown(),
        items=ListOf(AGENDA_ITEM),
    ),
    "page": obj(
        "A free page.",
        ("title",),
        title=Text(),
        summary=Text(),
        body=Markdown(),
        menu=Number("Position in the footer menu."),
        image=IMAGE,
    ),
}
for _schema in RECORDS.values():
    _schema.fields.update(COMMON)

# Which record types may hold which, found by walking up the folders (model.records.attach_parent).
PARENT_TYPES = {
    "strategy": ("organisation",),
    "track": ("strategy",),
    "initiative": ("track", "strategy"),
    "offer": ("organisation",),
    "meeting": ("organisation",),
}

VOCABULARIES = (
    "themes",
    "audiences",
    "roles",
    "statuses",
    "lifecycle",
    "strategy_kinds",
    "organisation_kinds",
    "outcomes",
    "needs",
    "sdgs",
    "compliance",
    "synonyms",
    "places",
)
OPTIONAL_VOCABULARIES = ("places",)  # added later: a site without it has no places, not an error
VOCAB_ENTRY = obj("A vocabulary value.", ("da",), da=Text(), en=Text(), description=Text())
SYNONYM_GROUP = obj(
    "Words a search treats as the same (synonyms.yaml): a search for any of them also finds the "
    "others, ranked a little below the word itself.",
    ("words",),
    words=ListOf(Text(), "Single words, in any language: byggetilladelse, byggesag, startup."),
    description=Text(),
)
PLACE = obj(
    "A region or municipality (places.yaml), where offers apply.",
    ("da",),
    da=Text(),
    en=Text(),
    description=Text(),
    within=Text("For a municipality: the key of the region it lies in."),
)
VOCAB_ENTRIES = {"synonyms": SYNONYM_GROUP, "places": PLACE}  # the other vocabularies' entries are VOCAB_ENTRY

ACCESSIBILITY = obj(
    "What the accessibility statement (tilgængelighedserklæring, /was/) says.",
    ("status", "prepared", "method", "feedback"),
    status=Vocab("compliance"),
    prepared=Date("When the statement was first made."),
    reviewed=Date("When it was last reviewed."),
    method=Markdown("How accessibility was assessed."),
    known_issues=ListOf(obj("", ("title",), title=Text(), text=Markdown(), fix_by=Date())),
    feedback=Markdown("How readers report accessibility problems."),
    contact=CONTACT,
)
SITE_TEXTS = obj("The site's own texts in one interface language.", (), tagline=Text(), description=Text())
SETTINGS = obj(
    "Site settings (content/site.yaml).",
    ("title", "accessibility"),
    title=Text(),
    tagline=Text(),
    description=Text(),
    translations=obj(
        "tagline and description in the interface's other languages (en: {tagline: …, description: …}); "
        "a page in a language without them shows the Danish ones, marked as Danish.",
        (),
        da=SITE_TEXTS,
        en=SITE_TEXTS,
    ),
    base_url=Url("The http(s) address the site is published at (sitemap.xml, feeds, share tags).", absolute=True),
    publisher=Text(),
    contact=CONTACT,
    accessibility=ACCESSIBILITY,
    languages=ListOf(
        Text(),
        "Interface languages (da, en): the first at the site root, each other one under its code, "
        "e.g. en/. Content stays in its own language. Default: da only.",
    ),
    icon=Text(
        "A square image (PNG, JPEG or WebP, at least 512 px), relative to content/, from which the favicon "
        "and touch icons are made; without it a plain default icon is drawn."
    ),
    markdown_html=Bool("Pass raw HTML in Markdown through to the pages (default false: it is shown as text)."),
    licence=obj(
        "The licence of the published data (Data page, bulk files, feeds). Default: none stated, and the Data page says so.",
        ("name",),
        name=Text("As readers know it, e.g. 'CC BY 4.0'."),
        url=Url("Where the licence text is: an http(s) address.", absolute=True),
    ),
)

# Danish (and common English) field names editors are likely to type.
FIELD_ALIASES = {
    "titel": "title",
    "navn": "name",
    "beskrivelse": "summary",
    "resume": "summary",
    "tekst": "text",
    "maal": "goals",
    "mål": "goals",
    "frist": "deadline",
    "slut": "end",
    "start_dato": "start",
    "ansvarlig": "responsible",
    "ansvarlige": "responsible",
    "partnere": "partners",
    "temaer": "themes",
    "tema": "themes",
    "maalgruppe": "audience",
    "målgruppe": "audience",
    "rolle": "role",
    "kilder": "sources",
    "kontakt": "contact",
    "kontakter": "contacts",
    "dato": "date",
    "udvalg": "committee",
    "punkter": "items",
    "beslutning": "decision",
    "indstilling": "recommendation",
    "mindretal": "minority",
    "nummer": "number",
    "billede": "image",
    "enhed": "unit",
    "vaerdi": "value",
    "værdi": "value",
    "tags": "themes",
    "alt_tekst": "alt",
    "billedtekst": "caption",
    "description": "summary",
    "audiences": "audience",
    "license": "licence",
    "licens": "licence",
    "theme": "themes",
    "sdg": "sdgs",
}
