"""Incremental rebuilds for the live preview: the output equals a full build, byte for byte.

Between builds the previous state stays in memory: records read from files that did not change
(by modification time and size) are reused, and every page remembers what it read. A page is
rendered again only when one of these changed:
- a record it read (through any attribute or item in its templates, or its breadcrumbs); a record
  counts as changed when its file was read again or its place in the graph moved (parent chain,
  children, backlinks, decisions, references, last-updated date);
- which records exist, for a page that read the site's record lists;
- which records carry a theme, audience, role or SDG, or fall on a page of the timeline, for a
  page that lists them;
- a record's list of similar work, for its page (not for the pages that merely link to it);
- a template it uses (its own, one it extends, includes or imports, or one a helper renders for it);
- anything every page shares (settings, vocabularies, asset names, the footer menu);
- the list of pages, for the sitemap.
The search index and related lists are updated for the records that changed (search/live.py);
only files whose bytes changed are written.

An edit that moves nothing (patch.py: only record files changed, each only in fields nothing but
the pages reading it depends on) skips loading, modelling and routing: the last build's site is
changed in place, and the pages to render again are found through an index of who read what
(readers.py) instead of by asking every page.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from jinja2 import meta

from .content import FileCache, edited_records, read_record_file, stamp
from .heap import keep_large_buffers
from .history import head, last_changed
from .images import image_signatures
from .media import inspect_media, media_files
from .mediacache import MediaCache, default_cache_dir
from .model import Record, Site
from .opendata.build import OpenData
from .outdir import prepare_output, write_marker
from .patch import patch_site, patchable
from .pipeline import GENERATOR, BuildResult, load_site
from .problems import ContentError, Problems
from .progress import Profile
from .readers import Readers
from .render import ASSETS, LAYOUTS, SITE, CompiledTemplates, Renderer, renderers, similar_read, template_read
from .rollup import build_date
from .route import Output, reroute
from .search.live import LiveSearch
from .taxonomy import membership_signatures
from .timeline import membership_signatures as timeline_signatures
from .write import remove_file, write_tree


@dataclass
class Page:
    template: str
    body: bytes
    reads: frozenset[str]


@dataclass
class State:
    shared: str  # everything every page reads
    records: dict[str, tuple]  # id → signature
    templates: dict[str, str]  # name → source
    urls: tuple[str, ...]
    terms: dict[str, tuple]  # a list's read (taxonomy.term_read, timeline.year_read) → what it lists
    pages: dict[str, Page]  # output path → page
    files: dict[str, bytes]  # everything written
    bodies: dict[str, bytes] = field(default_factory=dict)  # output path → the page's bytes


@dataclass
class Kept:
    """What the last good build made, for the next edit that moves nothing (patch.py) to change in place."""
    site: Site
    renderers: dict[str, Renderer]
    stamps: dict[str, tuple[int, int]]  # every template, catalogue and asset file
    head: str | None  # the git commit checked out
    day: dt.date  # the build date: deadlines passed and feeds depend on it
    similar: dict[str, list[str]]  # record id → its similar work's ids, as made by the search update
    images: set[str]  # the reads of the records' images (images.image_read)


@dataclass
class IncrementalBuild:
    content_dir: Path
    out_dir: Path
    base_url: str | None = None
    layouts: Path = LAYOUTS
    assets: Path = ASSETS
    cache: FileCache = field(default_factory=FileCache)
    search: LiveSearch = field(default_factory=LiveSearch)
    compiled: CompiledTemplates = field(default_factory=CompiledTemplates)
    media: MediaCache | None = None  # made images (default: kept in .cache/media beside the content too)
    open_data: OpenData = field(default_factory=OpenData)
    versions: dict[str, int] | None = None  # record id → version, as of the last build
    previous: State | None = None
    kept: Kept | None = None  # the last build's site, if it succeeded
    readers: Readers = field(default_factory=Readers)  # of previous.pages
    rendered: int = 0  # pages rendered by the last run (the rest were reused)
    patched: bool = False  # whether the last run changed the last build's site in place (patch.py)
    loaded: bool = False  # whether the run got past loading (a failure after it may leave things half made)
    tidied: list[str] = field(default_factory=list)  # leftovers of killed builds put back or removed

    def __post_init__(self) -> None:
        self.tidied = prepare_output(self.out_dir, self.content_dir, self.layouts, self.assets, GENERATOR)
        keep_large_buffers()  # the site-wide data files are made again on every rebuild

    def run(self, profile: Profile | None = None, saved: list[str] = ()) -> BuildResult:
        """Build; raises ContentError on a content or template mistake, and whatever a bug raises.
        On a failure the previous output stays (but for one while writing, a full disk say, which the
        next run mends), and the next run recovers (recover()).
        The cycle collector pauses meanwhile and what the build made is frozen after it, since the
        collector's first pass would walk all of it (0.2 s at 10,000 pages): call tidy() when
        nobody is waiting."""
        self.notice(saved)
        gc.disable()
        self.loaded = False
        try:
            return self._run(profile or Profile())
        except BaseException as error:
            self.recover(error)
            raise
        finally:
            gc.freeze()
            gc.enable()

    def notice(self, saved: list[str]) -> None:
        """Paths the file watcher saw saved: their stamps are not trusted (FileCache.forget), and a
        saved template or asset makes the run load the site from its files."""
        content = str(self.content_dir.resolve())
        rels = [os.path.relpath(path, content).replace(os.sep, "/") for path in saved]
        self.cache.forget([rel for rel in rels if not rel.startswith("../")])
        if self.kept is not None and any(rel.startswith("../") for rel in rels):
            self.kept.stamps = {}

    def recover(self, error: BaseException) -> None:
        """After a failed run, what the next one can trust. A content error while loading changed
        nothing. One after it (a template error while rendering) left the index of who read what
        half updated: made again from the last build's pages. Anything else (a bug, a full disk)
        may have left anything half made, the output folder too: the next run builds everything
        afresh (write_tree compares with the folder and swaps in a whole new one)."""
        if isinstance(error, ContentError):
            if self.loaded and self.previous is not None:
                self.readers = Readers()
                for path, page in self.previous.pages.items():
                    self.readers.note(path, None, page)
            return
        self.previous = self.kept = self.versions = None
        self.readers, self.search, self.open_data = Readers(), LiveSearch(), OpenData()

    def tidy(self) -> None:
        """Collect what earlier builds left behind, then take what lives on (the caches and the last
        state) out of the collector's sight, so it does not walk a large site again and again."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def _run(self, profile: Profile) -> BuildResult:
        started = time.perf_counter()
        kept, self.kept = self.kept, None  # a run that fails leaves no site to patch
        with profile.stage("load+validate"):
            edit = self.edit_in_place(kept) if kept is not None and self.previous is not None else None
            self.patched = edit is not None
            if edit is None:
                kept = None  # the last site can go while this one loads
                stamps, day, commit = folder_stamps(self.layouts, self.assets), build_date(), head(self.content_dir)
                site = load_site(self.content_dir, self.cache, self.layouts)
                if self.base_url is not None:
                    site.settings["base_url"] = self.base_url
                versions = {record.id: record.version for record in site.records.values()}
                touched = None if self.versions is None else {
                    rid for rid in versions.keys() | self.versions.keys() if versions.get(rid) != self.versions.get(rid)}
            else:
                site, stamps, day, commit = kept.site, kept.stamps, kept.day, kept.head
                moved, touched = edit
                versions = self.versions
                versions.update((record_id, site.records[record_id].version) for record_id in touched)
        self.loaded = True
        with profile.stage("search and related work"):
            related, search_files = self.search.update(site, touched)
            similar_moved = self.set_similar(site, related, kept.similar if kept is not None else None)
        outputs = site.outputs
        with profile.stage("media"):
            if self.media is None:
                self.media = MediaCache(default_cache_dir(self.content_dir))
            media = media_files(site, self.media, self.layouts, self.assets, touched)
        with profile.stage("what each page can read"):
            if edit is None:
                by_language = renderers(site, outputs, self.layouts, self.assets, self.compiled)
                renderer = next(iter(by_language.values()))
                state = State(shared=shared_inputs(site, renderer), records=signatures(site),
                              templates=template_sources(renderer.env), urls=tuple(renderer.env.globals["sitemap_urls"]),
                              terms=membership_signatures(site) | timeline_signatures(site) | similar_signatures(site)
                              | image_signatures(site), pages={}, files={})
            else:
                by_language, before = kept.renderers, self.previous
                records = dict(before.records)
                records.update((record.id, signature(record)) for record in moved)
                terms = dict(before.terms)
                for read in kept.images:
                    del terms[read]
                lists = {similar_read(record_id): tuple(r.id for r in site.similar.get(record_id, ()))
                         for record_id in similar_moved} | image_signatures(site)
                terms.update(lists)
                state = State(before.shared, records, before.templates, before.urls, terms, dict(before.pages), {},
                              dict(before.bodies))
                candidates = {record.id for record in moved} | lists.keys() | kept.images
                renderer = next(iter(by_language.values()))
        with profile.stage("render"):
            self.rendered = 0
            if edit is None:
                self.render_stale(state, outputs, by_language)
                state.bodies = {path: page.body for path, page in state.pages.items()}
                resigned = None
            else:
                by_path, changed = {output.path: output for output in outputs}, self.changed_reads(state, candidates)
                for path in self.readers.of(changed):
                    self.render_page(state, by_path[path], by_language, state.pages.get(path))
                resigned = changed & state.records.keys()
            state.files = dict(state.bodies)
        with profile.stage("open data"):
            state.files.update(self.open_data.files(site, state.records, resigned))
        state.files.update(renderer.asset_files)
        state.files.update(search_files)
        state.files.update(media)
        with profile.stage("write"):
            if self.previous is None or not self.out_dir.is_dir():
                written, unchanged, removed = write_tree(state.files, self.out_dir)
            else:
                written, unchanged, removed = write_changes(self.previous.files, state.files, self.out_dir)
        self.previous, self.versions = state, versions
        self.kept = Kept(site, by_language, stamps, commit, day, dict(related), set(image_signatures(site)))
        tidied, self.tidied = tuple(self.tidied), []  # said once, by the first run
        return BuildResult(written, unchanged, removed, time.perf_counter() - started, tidied)

    def edit_in_place(self, kept: Kept) -> tuple[set[Record], set[str]] | None:
        """When only record files changed, each in fields nothing but pages reading it depends on
        (patch.py): the last build's site changed in place. (The records whose signature may have
        moved, the ids of the records read again); None when the site must be loaded from the files."""
        if (build_date() != kept.day or head(self.content_dir) != kept.head
                or folder_stamps(self.layouts, self.assets) != kept.stamps):
            return None
        changed = edited_records(self.content_dir, self.cache)
        if changed is None:
            return None
        site, edits = kept.site, []
        for rel, now in changed.items():
            problems = Problems()
            raw = read_record_file(self.content_dir / rel, self.content_dir, self.cache.vocabularies, problems)
            if problems.items or not patchable(self.cache.entries[rel][1], raw):
                return None  # a full load reports the problems, or rebuilds what the edit moved
            edits.append((rel, now, raw))
        problems = Problems()
        inspect_media(site, self.content_dir, problems, self.cache.images)  # an image file may have changed
        if problems.items:
            return None
        for rel, now, raw in edits:
            self.cache.entries[rel] = (now, raw, [])
        moved = patch_site(site, [raw for _, _, raw in edits])
        dates = last_changed(self.content_dir, list(changed), {rel: now[0] / 1e9 for rel, now in changed.items()})
        edited = [site.records[raw.id] for _, _, raw in edits]
        for record in edited:
            record.updated = dates[record.rel]
        reroute(site, edited)
        return moved, {record.id for record in edited}

    def set_similar(self, site: Site, related: dict[str, list[str]], before: dict[str, list[str]] | None) -> set[str]:
        """site.similar from the search update's lists; the ids whose list may have moved since
        `before` (the lists of the last build, whose site this is), all without it."""
        if before is None:
            site.similar = {record_id: [site.records[other] for other in similar] for record_id, similar in related.items()}
            return set(related)
        moved = {record_id for record_id, similar in related.items() if before.get(record_id) is not similar}
        moved |= before.keys() - related.keys()
        for record_id in moved:
            if record_id in related:
                site.similar[record_id] = [site.records[other] for other in related[record_id]]
            else:
                site.similar.pop(record_id, None)
        return moved

    def changed_reads(self, state: State, candidates: set[str]) -> set[str]:
        """Of the reads `candidates` (record ids and list reads), those that saw something else before."""
        before, changed = self.previous, set()
        for read in candidates:
            now, then = (state.records, before.records) if read in state.records else (state.terms, before.terms)
            if now.get(read) != then.get(read):
                changed.add(read)
        return changed

    def render_page(self, state: State, output: Output, by_language: dict[str, Renderer], before: Page | None) -> None:
        """Render a page again in place of `before`, its last rendering."""
        body, reads = by_language[output.language].render_tracked(output)
        page = Page(output.template, body, reads)
        self.readers.note(output.path, before, page)
        state.pages[output.path], state.bodies[output.path] = page, body
        self.rendered += 1

    def render_stale(self, state: State, outputs: list[Output], by_language: dict[str, Renderer]) -> None:
        """Every page, each rendered again if it is new or something it read changed."""
        before = self.previous.pages if self.previous else {}
        stale = self.stale_test(state, next(iter(by_language.values())).env)
        for output in outputs:
            page = before.get(output.path)
            if page is None or page.template != output.template or stale(output, page):
                self.render_page(state, output, by_language, page)
            else:
                state.pages[output.path] = page
        for gone in before.keys() - state.pages.keys():
            self.readers.note(gone, before[gone], None)

    def stale_test(self, state: State, env: jinja2.Environment):
        before = self.previous
        if before is None or before.shared != state.shared:
            return lambda output, page: True
        changed = {rid for rid, sig in state.records.items() if before.records.get(rid) != sig}
        changed |= before.records.keys() - state.records.keys()
        if state.records.keys() != before.records.keys():
            changed.add(SITE)
        changed |= {term for term in state.terms.keys() | before.terms.keys() if state.terms.get(term) != before.terms.get(term)}
        edited = {name for name in state.templates.keys() | before.templates.keys()
                  if state.templates.get(name) != before.templates.get(name)}
        changed |= {template_read(name) for name in edited}  # one rendered from Python, not included by the page's own
        uses = template_closure(env, state.templates) if edited else {}

        def stale(output: Output, page: Page) -> bool:
            if output.template == "sitemap.xml" and state.urls != before.urls:
                return True
            return bool(page.reads & changed) or bool(edited and uses.get(output.template, {output.template}) & edited)

        return stale


def signatures(site: Site) -> dict[str, tuple]:
    """Per record, everything a template can see through it, as versions and ids."""
    return {record.id: signature(record) for record in site.records.values()}


def signature(record: Record) -> tuple:
    return (record.version, record.type, tuple(a.id for a in record.ancestors()), tuple(c.id for c in record.children),
            tuple(m.id for m in record.mentioned_in), tuple((m.id, m.version) for m, _ in record.decisions),
            tuple((name, ids(value)) for name, value in record.links.items()) if record.links else (),
            record.updated)


def folder_stamps(*folders: Path) -> dict[str, tuple[int, int]]:
    """path → stamp of every file below the folders (templates, catalogues, assets)."""
    return {os.path.join(top, name): stamp(os.path.join(top, name))
            for folder in folders for top, _, names in os.walk(folder) for name in names}


def similar_signatures(site: Site) -> dict[str, tuple[str, ...]]:
    return {similar_read(record_id): tuple(r.id for r in similar) for record_id, similar in site.similar.items()}


def ids(value) -> tuple | str | None:
    if isinstance(value, list):
        return tuple(v.id for v in value)
    return value.id if isinstance(value, Record) else None


def shared_inputs(site: Site, renderer: Renderer) -> str:
    footer = [(r.id, r.version) for r in renderer.env.globals["nav"]["footer_pages"]]
    return repr((site.settings, site.vocabularies, sorted(renderer.asset_names.items()), footer,
                 [catalogue.messages for catalogue in site.catalogues.values()]))


def template_sources(env: jinja2.Environment) -> dict[str, str]:
    return {name: env.loader.get_source(env, name)[0] for name in env.loader.list_templates()}


def template_closure(env: jinja2.Environment, sources: dict[str, str]) -> dict[str, set[str]]:
    """template → itself and every template it extends, includes or imports, recursively."""
    direct = {}
    for name, source in sources.items():
        try:
            direct[name] = {t for t in meta.find_referenced_templates(env.parse(source)) if t}
        except jinja2.TemplateSyntaxError:
            direct[name] = set(sources)  # the render reports the error; meanwhile assume the worst
    closure = {}
    for name in sources:
        seen, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(direct.get(current, ()))
        closure[name] = seen
    return closure


def overwrite(target: Path, data: bytes) -> bool:
    """Write a file's new bytes over its old ones. Replacing it (a new file, renamed over the old)
    costs a file's creation, and frees and allocates all its pages again: 45-120 ms for the 33 MB
    data/alle.json of a 10,000-record site, against 4 ms in place. Only the live preview does
    this: a reader within those milliseconds would get a mix of old and new, and the browser
    reloads after the write. A new file, a file with other names (a hard link into a published
    copy) or a symbolic link is left to be replaced (False)."""
    try:
        fd = os.open(target, os.O_RDWR | os.O_NOFOLLOW)
    except OSError:
        return False
    with open(fd, "r+b") as handle:
        if os.fstat(fd).st_nlink != 1:
            return False
        handle.write(data)
        handle.truncate()
    return True


def write_changes(before: dict[str, bytes], files: dict[str, bytes], out_dir: Path) -> tuple[int, int, int]:
    """Write only what differs from the previous build: over the old file (overwrite), or else as
    a new file renamed over it."""
    written = 0
    for rel, data in files.items():
        if before.get(rel) != data:
            target = out_dir / rel
            if not overwrite(target, data):
                target.parent.mkdir(parents=True, exist_ok=True)
                temporary = target.with_name(f".{target.name}.new")
                temporary.write_bytes(data)
                os.replace(temporary, target)
            written += 1
    gone = before.keys() - files.keys()
    for rel in gone:
        remove_file(out_dir, rel)
    if gone or len(files) != len(before):
        write_marker(out_dir, files)  # the files this folder now holds, for the next build's check
    return written, len(files) - written, len(gone)
