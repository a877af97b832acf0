"""Render stage: Jinja2 templates from layouts/ and Markdown, into bytes per output path."""

from __future__ import annotations

import contextlib
import posixpath
from collections import Counter
from collections.abc import MutableMapping
from pathlib import Path
from types import BuiltinFunctionType, FunctionType, MethodType
from typing import Any

import jinja2
import jinja2.bccache
from jinja2.utils import missing
from markupsafe import Markup

from generator import theme_folder
from generator.core.depends import _reading as READING
from generator.core.depends import note, note_all, reading
from generator.core.i18n import Catalogue, load_catalogue
from generator.core.messages import Message
from generator.core.problems import ContentError, Problem
from generator.media.cards import SIZE as CARD_SIZE
from generator.media.cards import card_path, css_colours, has_card
from generator.media.images import SIZES
from generator.model.deadlines import OVERDUE, STATES, initiative_state, measure_state, today
from generator.model.places import area_of, matching_places
from generator.model.records import Record, Site
from generator.model.targets import actual_of, percent, series_of
from generator.opendata import page as data_page
from generator.opendata import urls as data_urls
from generator.opendata.feeds import ENTRIES
from generator.render.assets import collect_assets
from generator.render.charts import bar_chart
from generator.render.escaping import FastEscapeCodeGenerator, escape, markup
from generator.render.linechart import line_chart
from generator.render.markdown import render_markdown
from generator.search.documents import KIND_LABELS
from generator.site.change_text import describe_change
from generator.site.rollup import count_states, initiatives_below, rollup
from generator.site.route import LIST_PAGES, Output, absolute_base, offer_filter_label, offer_filter_url, page_path, print_url
from generator.site.taxonomy import KIND_HEADINGS, PER_PAGE, TAGGED_TYPES, TAXONOMIES, group_anchor, listing, page_url, sections, term_url
from generator.site.timeline import filter_counts, late_read, overdue, overdue_url, page_read, year_read, year_url, years_read

NOT_FOUND = "404.html"
LAYOUTS = theme_folder("layouts")
ASSETS = theme_folder("assets")


def relative_href(from_url: str, target: str) -> str:
    """A link from the page at `from_url` to the site path `target`, relative so it works in any folder."""
    base_dir = from_url if from_url.endswith("/") else posixpath.dirname(from_url)
    target_path, _, fragment = target.partition("#")
    href = relative_path(target_path, base_dir) if target_path else ""
    return href + (f"#{fragment}" if fragment else "")


def relative_path(target: str, base_dir: str) -> str:
    """posixpath.relpath(target, base_dir) for clean site paths (no '.' or '..' parts), without its
    calls to os.getcwd(): a page makes dozens of links, so this is a fifth of rendering time."""
    target_parts = [part for part in target.split("/") if part]
    base_parts = [part for part in base_dir.split("/") if part and part != "."]
    common = 0
    for target_part, base_part in zip(target_parts, base_parts, strict=False):
        if target_part != base_part:
            break
        common += 1
    return "/".join([".."] * (len(base_parts) - common) + target_parts[common:]) or "."


SIMILAR_TEMPLATE = "partials/similar.html"
FROM_ROOT = "\x00root/"  # stands for the way to the site's root in a part many pages share (Renderer.part)


# Callables whose calls never take a context: Context.call needs no checks for them.
CONTEXT_FREE = frozenset({Catalogue, jinja2.runtime.Macro, BuiltinFunctionType})
DICT_ATTRIBUTES = frozenset(dir(dict))  # `mapping.items` in a template is the method, not the item


class TrackingContext(jinja2.runtime.Context):
    """Notes the globals a template uses (the settings, the catalogue, the navigation …) as reads
    of the page being made (depends.py)."""

    environment: TrackingEnvironment

    def resolve_or_missing(self, key: str) -> Any:
        if READING and key in self.environment.globals:
            READING[-1].add(("global", self.environment.language, key))
        # Context.resolve_or_missing, inline: a page looks up about 130 names
        if key in self.vars:
            return self.vars[key]
        if key in self.parent:
            return self.parent[key]
        return missing

    def call(self, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Context.call, straight to the callables that take no context (the catalogue, macros,
        functions and methods without pass_context): a page calls about ninety, and Jinja's checks
        for the context each one might want were a tenth of rendering it."""
        kind = type(obj)
        if kind in CONTEXT_FREE or (kind in (FunctionType, MethodType) and not hasattr(obj, "jinja_pass_arg")):
            if kwargs:  # what Jinja adds for callables that take the context
                kwargs.pop("_block_vars", None)
                kwargs.pop("_loop_vars", None)
            try:
                return obj(*args, **kwargs)
            except StopIteration:  # as Context.call
                return self.environment.undefined("value was undefined because a callable raised a StopIteration exception")
        return super().call(obj, *args, **kwargs)


class TrackingEnvironment(jinja2.Environment):
    """Notes what each template reads as reads of the page being made (depends.py): every attribute
    and item access in a template goes through getattr/getitem, and every template it extends,
    includes or imports through get_template."""

    context_class = TrackingContext
    code_generator_class = FastEscapeCodeGenerator
    language = "da"  # of the renderer using it
    globals: dict[str, Any]  # jinja2 infers dict[str, object] from its defaults

    # These run for every attribute a template reads: the list of reads is used directly, not through note().
    def getattr(self, obj: Any, attribute: str) -> Any:
        if READING:
            if type(obj) is Record:
                READING[-1].add(("record", obj.id))
            elif type(obj) is Site:
                READING[-1].add(("site", attribute))
        if type(obj) is dict and attribute not in DICT_ATTRIBUTES:
            # What Jinja finds for `measure.text`, without first failing to find a dict attribute
            # of that name: raising that error was a twentieth of rendering a page.
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        # Environment.getattr, inline: a page reads about 230 attributes
        try:
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if READING and type(obj) is Record:
            READING[-1].add(("record", obj.id))
        return super().getitem(obj, argument)

    def get_template(
        self, name: str | jinja2.Template, parent: str | None = None, globals: MutableMapping[str, Any] | None = None
    ) -> jinja2.Template:
        if isinstance(name, str):
            note(("template", name))
        return super().get_template(name, parent, globals)

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """The environment's own globals for a template without globals of its own, not a ChainMap
        over them: every page imports its macros, and Jinja compares the page's globals with the
        macro template's, which over a ChainMap is a loop in Python (a twentieth of a page's time)."""
        return self.globals if not d else super().make_globals(d)


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory between builds, by template source: a new environment per
    build (so no template module keeps an old build's globals) without compiling again."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


def template_environment(layouts: Path | None = None, compiled: CompiledTemplates | None = None) -> TrackingEnvironment:
    return TrackingEnvironment(
        loader=jinja2.FileSystemLoader(layouts or LAYOUTS),
        bytecode_cache=compiled,
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # an environment lives for one build: no need to look at a template's file again on every page
    )


class Renderer:
    """Renders the pages of one interface language (the site's main one by default)."""

    def __init__(
        self,
        site: Site,
        layouts: Path | None = None,
        assets: Path | None = None,
        compiled: CompiledTemplates | None = None,
        language: str | None = None,
    ):
        self.site = site
        self.page_url = ""
        self.current_path = ""  # the output being rendered
        self.asset_names, self.asset_files = collect_assets(assets or ASSETS)
        self.env = template_environment(layouts, compiled)
        if not site.catalogues:  # a site not loaded through load_site (tests of the renderer alone)
            site.catalogues = {"da": load_catalogue(layouts or LAYOUTS, "da")}
        main = next(iter(site.catalogues))
        self.catalogue = site.catalogues[language or main]
        self.env.language = self.catalogue.language
        self.prefix = "" if self.catalogue.language == main else f"{self.catalogue.language}/"
        # Content is written in the main language; on another language's pages every piece of it
        # carries lang= so screen readers switch voice (WCAG 3.1.2).
        self.content_lang = Markup(f' lang="{main}"') if self.prefix else Markup("")
        self.content_catalogue = site.catalogues[main]
        self.env.globals.update(t=self.catalogue, lang=self.catalogue.language, languages=self.languages, content_lang=self.content_lang)
        self.endnotes: list[str] | None = None  # editor notes collected as endnotes (endnotes_begin)
        self.deferred: list[tuple[str, Record]] | None = None  # (path, record) of pages awaiting related work
        self.fragments: dict[tuple, tuple[str, frozenset]] = {}  # part(): html and what it read
        # What many pages show, worked out once per build (a renderer lives for one build):
        self.states: dict[tuple[str, int | None], str] = {}  # (initiative id, id of a measure or None) → deadline state
        self.rollups: dict[str, dict] = {}  # record id → its roll-up (progress())
        self.term_counts: dict[tuple[str, str], dict[str, int]] = {}  # term_page(): a term's records by kind
        self.overdue: list | None = None  # timeline_overdue(): every overdue date, found once for all its pages
        self.env.globals.update(
            site=site,
            settings=site.settings,
            nav=self.navigation(),
            similar_work=self.similar_work,
            tagged=self.tagged,
            term_page=self.term_page,
            progress=self.progress,
            timeline_page=self.timeline_page,
            timeline_years=self.timeline_years,
            timeline_overdue=self.timeline_overdue,
            overdue_url=overdue_url,
            filter_counts=filter_counts,
            timeline_neighbours=self.timeline_neighbours,
            year_url=year_url,
            offers_for=self.offers_for,
            roles_in=self.roles_in,
            group_anchor=group_anchor,
            offer_filter_url=offer_filter_url,
            offer_filter_label=self.offer_filter_label,
            offer_basis=self.offer_basis,
            site_text=self.site_text,
            endnote=self.endnote,
            endnotes_begin=self.endnotes_begin,
            endnotes_end=self.endnotes_end,
            offer_places=lambda offer: " ".join(sorted(matching_places(site, offer))),
            area_of=area_of,
            print_url=print_url,
            twin_url=data_urls.twin_url,
            site_feed=data_urls.SITE_FEED,
            strategy_feed=data_urls.strategy_feed,
            strategy_csv=data_urls.strategy_csv,
            strategy_json=data_urls.strategy_json,
            data_downloads=self.data_downloads,
            feed_entries=ENTRIES,
            taxonomies=TAXONOMIES,
            term_page_url=page_url,
            tagged_types=TAGGED_TYPES,
            kind_headings=KIND_HEADINGS,
            term_url=term_url,
            link=self.link,
            asset=self.asset,
            inline_asset=self.inline_asset,
            md=self.markdown,
            label=self.label,
            part=self.part,
            badge=self.badge,
            terms=self.terms,
            deadline=self.deadline,
            deadline_states=STATES,
            today=today,
            search_value_labels=self.search_value_labels,
            list_pages=LIST_PAGES,
            base_url=absolute_base(site.settings.get("base_url")),
        )
        self.env.globals.update(
            picture=self.picture,
            has_card=has_card,
            card_path=card_path,
            card_size=CARD_SIZE,
            theme_colour=css_colours(assets or ASSETS)["accent-dark"],
        )
        self.env.globals["offer_filters"] = site.offer_filters
        self.env.globals["bar_chart"] = lambda chart, chart_id: bar_chart(chart, chart_id, self.catalogue)
        self.env.globals["line_chart"] = lambda series, chart_id, **options: line_chart(series, chart_id, self.catalogue, **options)
        self.env.globals.update(series_of=series_of, actual_of=actual_of, share_of_way=percent)
        self.env.globals["change_words"] = lambda record, change: describe_change(change, record.type, self.catalogue, self.label)
        self.env.filters.update(
            num=self.catalogue.number,
            date=self.catalogue.date,
            amount=self.amount,
            web_href=web_href,
            tel_href=tel_href,
            css_string=css_string,
        )

    def navigation(self) -> dict:
        """Computed once per build: the site-wide lists every page's header and footer use."""
        pages = sorted((r for r in self.site.of_type("page") if r.data.get("menu") is not None), key=lambda r: r.data["menu"])
        return {"footer_pages": pages}

    def href(self, path: str) -> str:
        if self.page_url is FROM_ROOT:
            return FROM_ROOT + path
        # A server shows 404.html at any depth, so only absolute links work there (when the base URL is known).
        if self.page_url == NOT_FOUND and self.env.globals["base_url"]:
            return self.env.globals["base_url"] + path
        return relative_href(self.page_url, path)

    def way_to_root(self) -> str:
        """What leads from the current page to the site's root ("../../", or the base URL on the 404 page)."""
        if self.page_url == NOT_FOUND and self.env.globals["base_url"]:
            return self.env.globals["base_url"]
        folder = self.page_url if self.page_url.endswith("/") else posixpath.dirname(self.page_url)
        return "../" * sum(1 for part in folder.split("/") if part and part != ".")

    def part(self, name: str, **values: str | list[str] | None) -> Markup:
        """partials/NAME.html, the same on many pages (the header's menu, the footer, a status
        badge): made once per build for each set of `values` (all it is given), with its links
        from the site's root, then given each page's way there. What it read counts as read by
        every page that shows it (depends.py)."""
        key = (name, *sorted((key, tuple(value) if isinstance(value, list) else value) for key, value in values.items()))
        made = self.fragments.get(key)
        if made is None:
            reads: set = set()
            READING.append(reads)
            page_url, self.page_url = self.page_url, FROM_ROOT
            try:
                html = self.env.get_template(f"partials/{name}.html").render(values).rstrip("\n")
            finally:
                READING.pop()
                self.page_url = page_url
            made = self.fragments[key] = html, frozenset(reads)
        html, part_reads = made
        note_all(part_reads)
        return markup(html.replace(FROM_ROOT, self.way_to_root()) if FROM_ROOT in html else html)

    def badge(self, vocabulary: str, key: str | None, prefix: str) -> Markup:
        return self.part("badge", vocabulary=vocabulary, key=key, prefix=prefix) if key else Markup("")

    def deadline(self, initiative: Record, measure: dict | None = None) -> Markup:
        """The deadline state of an initiative or one of its measures, as symbol and words (noted as
        reads of the initiative and the records above it: the strategy's as_of dates the statuses)."""
        if reading():
            note_all(("record", record.id) for record in (*initiative.ancestors(), initiative))
            note(("today",))
        name = (initiative.id, None if measure is None else id(measure))  # a measure: the same dict all build
        key = self.states.get(name)
        if key is None:
            key = self.states[name] = initiative_state(initiative) if measure is None else measure_state(initiative, measure)
        return self.part("deadline", key=key)

    def terms(self, vocabulary: str, keys: list[str], heading: str) -> Markup:
        return self.part("terms", vocabulary=vocabulary, keys=list(keys), heading=heading) if keys else Markup("")

    def link(self, target: Record | str, fragment: str = "") -> str:
        """A page (a record or a page URL such as "tilbud/": in this renderer's language) or a file."""
        url = target.url if isinstance(target, Record) else target
        path = page_path(self.prefix + url) if (url == "" or url.endswith("/")) else url
        return self.href(path + (f"#{fragment}" if fragment else ""))

    def label(self, vocabulary: str, key: str | None) -> str:
        return self.site.label(vocabulary, key, self.catalogue.language)

    def offer_filter_label(self, kind: str, key: str) -> str:
        """A value of the offer finder's filters: a need or audience label, or a provider's name."""
        return offer_filter_label(self.site, kind, key, self.catalogue.language)

    def languages(self, output: Output) -> list[tuple[str, str, str, bool]]:
        """(language, its name, link to this page in it, current?) for every interface language."""
        note(("site", "catalogues"))
        if len(self.site.catalogues) < 2 or output.template == NOT_FOUND:
            return []
        found = []
        for number, (language, catalogue) in enumerate(self.site.catalogues.items()):
            target = page_path(("" if number == 0 else f"{language}/") + output.site_url)
            found.append((language, catalogue("language_name"), self.href(target), language == self.catalogue.language))
        return found

    def search_value_labels(self) -> dict[str, str]:
        """The search index holds facet values in the main language; on another language's search
        page the script shows them through this map."""
        if not self.prefix:
            return {}
        note_all([("site", "vocabularies"), ("site", "catalogues")])
        main, language = next(iter(self.site.catalogues.values())), self.catalogue.language
        found = {label: self.catalogue(f"kind_{kind}") for kind, label in KIND_LABELS.items()}
        for vocabulary in ("themes", "audiences", "statuses", "lifecycle", "roles"):
            for key in self.site.vocabularies.get(vocabulary, {}):
                found[self.site.label(vocabulary, key, main.language)] = self.site.label(vocabulary, key, language)
        return {value: label for value, label in sorted(found.items()) if value != label}

    def asset(self, name: str) -> str:
        note(("assets",))
        return self.href(self.asset_names[name])

    def inline_asset(self, name: str) -> Markup:
        """An asset's text, for a <style> in a page that a server shows at any address (404.html),
        where a link to the file could lead nowhere."""
        note(("assets",))
        text = self.asset_files[self.asset_names[name]].decode("utf-8")
        return Markup(text.replace("</", "<\\/"))  # "</style" would end the element early; CSS reads an escaped "/" as "/"

    def markdown(self, text: str | None, heading_shift: int = 1) -> Markup:
        note(("site", "settings"))  # markdown_html
        records = self.site.records

        def resolve(record_id: str) -> str:
            return self.href(page_path(self.prefix + records[record_id].url))

        html = render_markdown(text, resolve, heading_shift, bool(self.site.settings.get("markdown_html")))
        return Markup(f"<div{self.content_lang}>{html}</div>") if self.content_lang and html else html

    def picture(self, record: Record) -> dict | None:
        """A record's image for `<picture>`: srcsets, sizes, dimensions, alt (noted as a read of the image)."""
        note(("image", record.id))
        picture = self.site.images.get(record.id)
        if picture is None:
            return None
        variants, largest = picture.variants, picture.variants[-1]
        fallback = [v for v in variants if v.width <= 960][-1] if variants[0].width <= 960 else variants[0]
        return {
            "webp_srcset": ", ".join(f"{self.href(v.webp)} {v.width}w" for v in variants),
            "srcset": ", ".join(f"{self.href(v.fallback)} {v.width}w" for v in variants),
            "src": self.href(fallback.fallback),
            "sizes": SIZES,
            "width": largest.width,
            "height": largest.height,
            "alt": picture.alt,
            "caption": picture.caption,
        }

    def similar_work(self, record: Record) -> Markup:
        """The page's list of similar initiatives; while the related lists are still being computed
        (`deferred` is a list), a marker that fill_deferred() replaces."""
        if self.deferred is not None:
            self.deferred.append((self.current_path, record))
            return Markup(similar_marker(record))
        note(("similar", record.id))
        template = self.env.get_template(SIMILAR_TEMPLATE)
        return Markup(template.render(record=record, similar=self.site.similar.get(record.id, [])).rstrip("\n"))

    def fill_deferred(self, files: dict[str, bytes], outputs: dict[str, Output]) -> None:
        deferred, self.deferred = self.deferred or [], None
        for path, record in deferred:
            self.page_url = outputs[path].url
            try:
                fragment = self.similar_work(record)
            except jinja2.TemplateError as error:  # as checked_render says it
                raise template_problem(error, SIMILAR_TEMPLATE, path) from error
            files[path] = files[path].replace(similar_marker(record).encode(), fragment.encode("utf-8"), 1)

    def tagged(self, vocabulary: str, key: str) -> list[Record]:
        """The records carrying a theme, audience, role or SDG (noted as a read of that term)."""
        note(("term", vocabulary, key))
        return self.site.terms.get((vocabulary, key), [])

    def progress(self, record: Record) -> dict:
        """The roll-up of a strategy or track (noted as reads of every initiative it counts)."""
        if reading():
            note_all(("record", initiative.id) for initiative in initiatives_below(record))
            note(("today",))
        made = self.rollups.get(record.id)
        if made is None:
            made = self.rollups[record.id] = rollup(record)
        return made

    def roles_in(self, strategy: Record) -> list[dict]:
        """A strategy's initiatives by role (the spheres of influence), each role with its deadline
        states and a link to the strategy's initiatives on the role's page."""
        initiatives = initiatives_below(strategy)
        if reading():
            note_all(("record", initiative.id) for initiative in initiatives)
        found = []
        for key in self.site.vocabularies.get("roles", {}):
            own = [initiative for initiative in initiatives if initiative.data.get("role") == key]
            if not own:
                continue
            listed = self.tagged("roles", key)
            page = listed.index(own[0]) // PER_PAGE + 1 if own[0] in listed else 1
            found.append(
                {
                    "key": key,
                    "count": len(own),
                    "states": count_states(own).get("initiatives", []),
                    "url": self.link(page_url("roles", key, page), group_anchor(strategy, "initiative")),
                }
            )
        return found

    def offers_for(self, kind: str | None = None, key: str | None = None) -> list[Record]:
        """Offers with a need, audience or provider (all offers without `kind`), noted as reads of
        every offer, since which offers match depends on all of them."""
        offers = self.site.of_type("offer")
        if reading():
            note_all([("site", "of_type"), *(("record", offer.id) for offer in offers)])
        if kind is None:
            return offers
        if kind == "organisations":
            return [offer for offer in offers if offer.parent is not None and offer.parent.id == key]
        if kind == "places":
            return [offer for offer in offers if key in matching_places(self.site, offer)]
        return [offer for offer in offers if key in offer.data["needs" if kind == "needs" else "audience"]]

    def amount(self, number: float, unit: str | None = None) -> Markup:
        """A number with its unit. The unit is content, in the main language ("kr. pr. år"); on
        another language's page the two are one phrase in the main language, marked as such, so
        no page mixes English digit grouping with a Danish unit."""
        # escape() and f-strings, not Markup.format: its Python formatter was most of an amount's time
        if unit and self.content_lang and not language_neutral(unit):
            return markup(f"<span{escape(self.content_lang)}>{escape(self.content_catalogue.number(number))} {escape(unit)}</span>")
        text = self.catalogue.number(number)
        return markup(f"{escape(text)} {escape(unit)}") if unit else markup(text)

    def endnotes_begin(self) -> str:
        """From here on, editor notes become numbered endnotes (the print view): endnote() keeps
        each note and gives its marker, endnotes_end() hands them over."""
        self.endnotes = []
        return ""

    def endnote(self, note: str) -> Markup | None:
        if self.endnotes is None:
            return None
        self.endnotes.append(note)
        number = len(self.endnotes)
        label = self.catalogue("editor_note_number", number=number)
        return Markup(f'<p class="endnote-ref"><a href="#note-{number}" id="note-ref-{number}">{label}</a></p>')

    def endnotes_end(self) -> list[str]:
        notes, self.endnotes = self.endnotes or [], None
        return notes

    def site_text(self, name: str) -> tuple[str, Markup]:
        """The site's tagline or description in this page's language, and the lang attribute to
        give it: none when translated (settings.translations), the main language's when not."""
        settings = self.site.settings
        translated = ((settings.get("translations") or {}).get(self.catalogue.language) or {}).get(name)
        return (translated, Markup("")) if translated else (settings.get(name) or "", self.content_lang)

    def offer_basis(self, offer: Record) -> dict:
        """What an offer's information rests on: "as_of", the date it describes (its own, else that
        of the first strategy it delivers on that has one); "strategies", those strategies (a
        draft's or an expired plan's offer says so); "contact", its own, else its provider's, and
        "own_contact" which. Noted as reads of the records it looks at."""
        initiatives = offer.links.get("initiatives") or []
        provider = offer.parent
        strategies = list(dict.fromkeys(s for i in initiatives if (s := i.nearest("strategy")) is not None))
        if reading():
            note_all(("record", r.id) for r in (*strategies, *initiatives, *([provider] if provider else [])))
        as_of = offer.data.get("as_of") or next((s.data["as_of"] for s in strategies if s.data.get("as_of")), None)
        contact = offer.data.get("contact")
        if not contact and provider is not None:
            contact = provider.data.get("contact") or (
                {"name": provider.name, "url": provider.data["web"]} if provider.data.get("web") else None
            )
        return {"as_of": as_of, "strategies": strategies, "contact": contact, "own_contact": bool(offer.data.get("contact"))}

    def data_downloads(self) -> dict:
        """The open data files the Data page lists (noted as reads of which strategies exist)."""
        if reading():
            note_all([("site", "of_type"), *(("record", record_id) for record_id in data_page.data_reads(self.site))])
        return data_page.downloads(self.site)

    def timeline_page(self, year: int, number: int) -> dict:
        """One page of a year's dated initiatives and measures (noted as a read of what it lists, and
        of the year's counts: the page says how many dates the year has)."""
        found = listing(self.site.timeline.get(year, []), number, lambda other: year_url(year, other))
        if reading():
            note_all([page_read(year, number), year_read(year)])
            note_all(("record", entry.initiative.id) for entry in found["shown"])  # titles are read in Python
        return found

    def timeline_neighbours(self, year: int) -> tuple[int | None, int | None]:
        """The years before and after `year` that have a page (noted as a read of which years do)."""
        note(years_read())
        years = list(self.site.timeline)
        position = years.index(year)
        return (years[position - 1] if position else None), (years[position + 1] if position + 1 < len(years) else None)

    def timeline_years(self) -> list[tuple[int, int, Counter]]:
        """(year, items, its overdue items by deadline state) of every year (noted as reads of every year)."""
        if reading():
            note_all([years_read(), *(read for year in self.site.timeline for read in (year_read(year), late_read(year)))])
        return [(year, len(items), Counter(e.state for e in items if e.state in OVERDUE)) for year, items in self.site.timeline.items()]

    def timeline_overdue(self, number: int) -> dict:
        """One page of every overdue date of all years (noted as reads of every year's overdue dates)."""
        if self.overdue is None:
            self.overdue = overdue(self.site)
        found = listing(self.overdue, number, overdue_url)
        if reading():
            note_all([years_read(), *(late_read(year) for year in self.site.timeline)])
            note_all(("record", entry.initiative.id) for entry in found["shown"])
        return found

    def term_page(self, vocabulary: str, key: str, number: int) -> dict:
        """One page of a term's records, grouped for headings, with counts of all its records by kind."""
        records = self.tagged(vocabulary, key)
        found = listing(records, number, lambda other: page_url(vocabulary, key, other))
        counts = self.term_counts.get((vocabulary, key))
        if counts is None:  # once per term, not once per page: a term of 10,000 records has 100 pages
            counts = self.term_counts[vocabulary, key] = {kind: sum(1 for r in records if r.type == kind) for kind in TAGGED_TYPES}
        return found | {"sections": sections(found["shown"]), "counts": counts}

    def render(self, output: Output) -> bytes:
        if reading():
            note(("output", output.path))  # its title, template, number …
            if output.record is not None:  # and its breadcrumbs
                note_all(("record", r.id) for r in (*output.record.ancestors(), output.record))
        template = self.env.get_template(output.template)
        self.page_url = output.url  # links, assets and Markdown are made relative to this page
        self.current_path = output.path
        html = template.render(
            page_url=output.site_url,
            page=output,
            record=output.record,
            term=output.term,
            number=output.number,
            breadcrumbs=breadcrumbs(output, self.catalogue),
        )
        return html.encode("utf-8")

    def compile_templates(self) -> None:
        """Compiles every template now, so that render workers forked after this share the compiled
        templates instead of each compiling them again (about 1.5 s of CPU each). A template that
        does not compile is left to the first page that uses it, which reports it with its place."""
        for name in self.env.list_templates(extensions=("html", "xml", "txt")):
            with contextlib.suppress(jinja2.TemplateError):
                self.env.get_template(name)

    def checked_render(self, output: Output) -> bytes:
        try:
            return self.render(output)
        except jinja2.TemplateError as error:
            raise template_problem(error, output.template, output.path) from error


def breadcrumbs(output: Output, t: Catalogue) -> list[tuple[str, str, bool]]:
    """(label, url, is the label content?) from the home page to the current page's parent; urls in
    the main language."""
    trail = [(t("home"), "", False)]
    if output.record is not None:
        trail += [(r.name, r.url, True) for r in output.record.ancestors()]
        if output.template == "strategy_print.html":
            trail.append((output.record.name, output.record.url, True))
    elif output.template == "offers.html" and output.term is not None:
        trail.append((t(LIST_PAGES["tilbud/"][1]), "tilbud/", False))
    elif output.term is not None and output.term[1] is not None:
        taxonomy = TAXONOMIES[output.term[0]]
        trail.append((t(taxonomy.title), taxonomy.folder, False))
        if output.number > 1:
            trail.append((output.heading, term_url(output.term[0], output.term[1]), False))
    elif output.template == "timeline_year.html":
        trail.append((t(LIST_PAGES["tidslinje/"][1]), "tidslinje/", False))
        if output.number > 1:
            assert output.year is not None  # a year's page
            trail.append((output.heading, year_url(output.year), False))
    return trail if output.site_url else []


def template_problem(error: jinja2.TemplateError, template: str, path: str) -> ContentError:
    where, line = template_position(error, template)
    return ContentError([Problem(where, line, 1, "", Message("msg_template_error", page=path, detail=str(error)))])


def template_position(error: jinja2.TemplateError, fallback: str) -> tuple[str, int]:
    """The template file and line an error happened in (Jinja puts template frames in the traceback)."""
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return layout_name(error.filename), error.lineno
    where, frame = (f"layouts/{fallback}", 1), error.__traceback__
    while frame is not None:
        filename = frame.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".txt")):
            where = (layout_name(filename), frame.tb_lineno)
        frame = frame.tb_next
    return where


def layout_name(filename: str) -> str:
    path = Path(filename)
    return "layouts/" + (f"partials/{path.name}" if path.parent.name == "partials" else path.name)


def similar_marker(record: Record) -> str:
    return f"<!--similar:{record.id}-->"  # page text is escaped, so content cannot forge it


def renderers(
    site: Site, outputs: list[Output], layouts: Path | None = None, assets: Path | None = None, compiled: CompiledTemplates | None = None
) -> dict[str, Renderer]:
    """One renderer per interface language, the main language's first. Each has an environment
    of its own: a template module imported by another keeps the globals it was made with."""
    found = {}
    sitemap_urls = [o.url for o in outputs if o.path.endswith("index.html")]
    for language in site.catalogues or ["da"]:
        found[language] = Renderer(site, layouts, assets, compiled, language)
        found[language].env.globals["sitemap_urls"] = sitemap_urls
    return found


NEUTRAL_UNITS = {"mw", "mwh", "gwh", "kwh", "kw", "km", "m", "m²", "m2", "m³", "m3", "ha", "t", "kg", "co2", "°c"}


def language_neutral(unit: str) -> bool:
    """A unit that reads the same in every language: symbols (%, ‰) and SI abbreviations."""
    return not any(c.isalpha() for c in unit) or unit.strip().lower() in NEUTRAL_UNITS


def css_string(text: str) -> Markup:
    """`text` as a quoted CSS string that is safe inside <style>: every character that could end
    the string or the element written as a CSS escape."""
    return Markup('"' + "".join(f"\\{ord(c):x} " if c in "\\\"'<>&\n\r" else c for c in str(text)) + '"')


def web_href(address: str) -> str:
    """A web address as written in a source ("Albertslund.dk/erhverv") as a link target."""
    return address if "://" in address else "https://" + address


def tel_href(number: str) -> str:
    """A phone number as a tel: link target: digits and a leading +, nothing else."""
    return "tel:" + "".join(c for c in number if c.isdigit() or c == "+")
