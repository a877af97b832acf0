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
- a template it uses (its own, or one it extends, includes or imports);
- anything every page shares (settings, vocabularies, asset names, the footer menu);
- the list of pages, for the sitemap.
The search index and related lists are updated for the records that changed (search/live.py);
only files whose bytes changed are written.
"""

from __future__ import annotations

import gc
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from jinja2 import meta

from .content import FileCache
from .images import image_signatures
from .media import media_files
from .mediacache import MediaCache, default_cache_dir
from .model import Record, Site
from .opendata.build import OpenData
from .pipeline import BuildResult, load_site
from .progress import Profile
from .render import ASSETS, LAYOUTS, SITE, CompiledTemplates, Renderer, renderers, similar_read
from .route import Output
from .search.live import LiveSearch
from .taxonomy import membership_signatures
from .timeline import membership_signatures as timeline_signatures
from .write import write_tree


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
    rendered: int = 0  # pages rendered by the last run (the rest were reused)

    def run(self, profile: Profile | None = None) -> BuildResult:
        """Build; raises ContentError (the previous output and state stay) on a content mistake.
        The cycle collector pauses meanwhile and what the build made is frozen after it, since the
        collector's first pass would walk all of it (0.2 s at 10,000 pages): call tidy() when
        nobody is waiting."""
        gc.disable()
        try:
            return self._run(profile or Profile())
        finally:
            gc.freeze()
            gc.enable()

    def tidy(self) -> None:
        """Collect what earlier builds left behind, then take what lives on (the caches and the last
        state) out of the collector's sight, so it does not walk a large site again and again."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def _run(self, profile: Profile) -> BuildResult:
        started = time.perf_counter()
        with profile.stage("load+validate"):
            site = load_site(self.content_dir, self.cache, self.layouts)
        if self.base_url is not None:
            site.settings["base_url"] = self.base_url
        versions = {record.id: record.version for record in site.records.values()}
        touched = None if self.versions is None else {
            record_id for record_id in versions.keys() | self.versions.keys() if versions.get(record_id) != self.versions.get(record_id)}
        with profile.stage("search and related work"):
            related, search_files = self.search.update(site, touched)
            site.similar = {record_id: [site.records[other] for other in similar] for record_id, similar in related.items()}
        outputs = site.outputs
        with profile.stage("media"):
            if self.media is None:
                self.media = MediaCache(default_cache_dir(self.content_dir))
            media = media_files(site, self.media, self.layouts, self.assets, touched)
        with profile.stage("what each page can read"):
            by_language = renderers(site, outputs, self.layouts, self.assets, self.compiled)
            renderer = next(iter(by_language.values()))
            templates = template_sources(renderer.env)
            state = State(shared=shared_inputs(site, renderer), records=signatures(site),
                          templates=templates, urls=tuple(renderer.env.globals["sitemap_urls"]),
                          terms=membership_signatures(site) | timeline_signatures(site) | similar_signatures(site)
                          | image_signatures(site),
                          pages={}, files={})
        with profile.stage("render"):
            stale = self.stale_test(state, renderer.env)
            self.rendered = 0
            for output in outputs:
                page = self.previous.pages.get(output.path) if self.previous else None
                if page is None or page.template != output.template or stale(output, page):
                    body, reads = by_language[output.language].render_tracked(output)
                    page = Page(output.template, body, reads)
                    self.rendered += 1
                state.pages[output.path] = page
                state.files[output.path] = page.body
        with profile.stage("open data"):
            state.files.update(self.open_data.files(site, state.records))
        state.files.update(renderer.asset_files)
        state.files.update(search_files)
        state.files.update(media)
        with profile.stage("write"):
            if self.previous is None or not self.out_dir.is_dir():
                written, unchanged, removed = write_tree(state.files, self.out_dir)
            else:
                written, unchanged, removed = write_changes(self.previous.files, state.files, self.out_dir)
        self.previous, self.versions = state, versions
        return BuildResult(written, unchanged, removed, time.perf_counter() - started)

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
        uses = template_closure(env, state.templates) if edited else {}

        def stale(output: Output, page: Page) -> bool:
            if output.template == "sitemap.xml" and state.urls != before.urls:
                return True
            return bool(page.reads & changed) or bool(edited and uses.get(output.template, {output.template}) & edited)

        return stale


def signatures(site: Site) -> dict[str, tuple]:
    """Per record, everything a template can see through it, as versions and ids."""
    chains: dict[str, tuple] = {}

    def chain(record: Record) -> tuple:  # the ids of its ancestors, each computed once
        if record.id not in chains:
            chains[record.id] = (*chain(record.parent), record.parent.id) if record.parent else ()
        return chains[record.id]

    return {record.id: (record.version, record.type, chain(record), tuple(c.id for c in record.children),
                        tuple(m.id for m in record.mentioned_in), tuple((m.id, m.version) for m, _ in record.decisions),
                        tuple((name, ids(value)) for name, value in record.links.items()) if record.links else (),
                        record.updated)
            for record in site.records.values()}


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


def write_changes(before: dict[str, bytes], files: dict[str, bytes], out_dir: Path) -> tuple[int, int, int]:
    """Write only what differs from the previous build, each file replaced in one rename."""
    written = 0
    for rel, data in files.items():
        if before.get(rel) != data:
            target = out_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.new")
            temporary.write_bytes(data)
            os.replace(temporary, target)
            written += 1
    gone = before.keys() - files.keys()
    for rel in gone:
        target = out_dir / rel
        target.unlink(missing_ok=True)
        for folder in target.parents:
            if folder == out_dir or any(folder.iterdir()):
                break
            folder.rmdir()
    return written, len(files) - written, len(gone)
