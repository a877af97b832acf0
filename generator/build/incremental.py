"""One build for the full build and the live preview, made incremental by the dependency store.

Every page and open data file is made through the store (depends.py), which notes what each read
(records, lists of records, templates, catalogues, settings, asset names, the date) and, on the
next build, makes again exactly those whose inputs changed (facts.py says what an input is now).
The first build has an empty store, so it makes everything. Between builds the store stays in
memory, with what else the last good build left:
- the records read from files, reused while a file's modification time and size stay the same
  (content.FileCache);
- the last site: an edit that leaves every record's id, folder, type and references as they were
  (model.edges) cannot move a parent, child or link, so the edited records take their new fields
  in that site and only the orders by name, number and date are worked out again
  (model.order_records); anything else loads and models the site from its files;
- the search index (search/live.py), made images and share cards (mediacache.py);
- the files written, so only files whose bytes changed are written again.
A run that fails commits nothing to the store and leaves no site to edit in place: the next run
loads the site from its files and compares every input with what the last good build saw.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from generator.build.facts import Facts
from generator.build.outdir import prepare_output, write_marker
from generator.build.pipeline import GENERATOR, BuildResult, model_site
from generator.build.progress import Profile, Progress
from generator.build.write import TreeWriter, remove_file, write_tree
from generator.content.folder import FileCache, edited_records, read_record_file, stamp
from generator.content.history import head, last_changed
from generator.content.schema import RECORDS
from generator.core.depends import Run, Store
from generator.core.heap import keep_large_buffers
from generator.core.messages import Message
from generator.core.problems import ContentError, Problems
from generator.core.workers import forked_chunks, forks
from generator.media.cache import MediaCache, default_cache_dir
from generator.media.stage import inspect_media, media_files
from generator.model.deadlines import today
from generator.model.records import Site, edges, order_records, with_defaults
from generator.opendata.build import open_data_files
from generator.render.renderer import ASSETS, LAYOUTS, SIMILAR_TEMPLATE, CompiledTemplates, renderers
from generator.search.job import SearchJob
from generator.search.live import LiveSearch
from generator.site.route import NO_BASE_URL, Output, absolute_base, route_site

FIRST = frozenset({"record", "today"})  # the inputs what the model keeps per record reads (compared before routing)


@dataclass
class Last:
    """The last good build's site, for an edit that keeps every record's place (edit_in_place)."""

    site: Site
    stamps: dict[str, tuple[int, int]]  # every template, catalogue and asset file
    head: str | None  # the git commit checked out
    day: dt.date  # the build date: deadlines passed and feeds depend on it


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
    store: Store = field(default_factory=Store)
    live: bool = True  # kept for more runs (the live preview); a one-off build searches in a worker and keeps nothing
    files: dict[str, bytes] | None = None  # what the output folder holds, as the last run wrote it
    last: Last | None = None  # the last good build's site
    versions: dict[str, int] | None = None  # record id → version, as of the last good build
    related: dict[str, list[str]] = field(default_factory=dict)  # record id → its similar work, as of the last good build
    rendered: int = 0  # pages rendered by the last run (the rest were taken from the store)
    in_place: bool = False  # whether the last run edited the last build's site in place
    tidied: list[Message] = field(default_factory=list)  # leftovers of killed builds put back or removed
    saved: set[str] | None = None  # the content files the watcher saw saved since the last run, if it told
    defer_over: int | None = None  # files larger than this many bytes are written by flush() (see there)
    unwritten: dict[str, bytes] = field(default_factory=dict)  # what flush() is to write
    written: dict[str, list[int]] | None = None  # if a dict: filled with the stamps of the files a whole new tree has
    search_job: SearchJob | None = None  # a one-off build's search, until its files are in

    def __post_init__(self) -> None:
        self.tidied = prepare_output(self.out_dir, self.content_dir, self.layouts, self.assets, GENERATOR)
        keep_large_buffers()  # the site-wide data files are made again on every rebuild

    def run(self, profile: Profile | None = None, saved: list[str] | None = None) -> BuildResult:
        """Build; raises ContentError on a content or template mistake, and whatever a bug raises.
        `saved`: every path a file watcher saw change since the last run began, so only those are
        looked at (None: every file is).
        On a failure the previous output stays (but for one while writing, a full disk say, which the
        next run mends), and the next run recovers (recover()).
        The cycle collector pauses meanwhile: its passes would walk the site again and again. The
        run then freezes what it made (gc.freeze: what lives on is out of the collector's sight).
        In the live preview its first pass after the run (10-60 ms at 10,000 pages) then does not
        hold up the reload: call settle() after it, and tidy() when nobody is waiting. After a
        one-off build, that first pass would walk every object the build made, all still young
        (about half a second at 10,000 records, while the build state is written); the next
        one-off run in the same process unfreezes and collects them first."""
        self.flush()
        self.notice(saved)
        if not self.live and gc.get_freeze_count():
            gc.unfreeze()
            gc.collect()
        gc.disable()
        try:
            return self._run(profile or Profile())
        except BaseException as error:
            self.recover(error)
            raise
        finally:
            gc.freeze()
            gc.enable()

    def notice(self, saved: list[str] | None) -> None:
        """Paths the file watcher saw saved: their stamps are not trusted (FileCache.forget), and a
        saved template or asset makes the run load the site from its files."""
        if saved is None:
            self.saved = None
            return
        content = str(self.content_dir.resolve())
        rels = [os.path.relpath(path, content).replace(os.sep, "/") for path in saved]
        self.saved = {rel for rel in rels if not rel.startswith("../")}
        self.cache.forget(self.saved)
        if len(self.saved) < len(rels):
            self.last = None

    def recover(self, error: BaseException) -> None:
        """After a failed run, what the next one can trust. The store is as the last good build
        left it, and no site is kept to edit in place (_run), so the next run compares every input.
        After anything but a content or template error (a bug, a full disk) the output folder and
        the search index may be half made: the next run starts over (write_tree compares with the
        folder and swaps in a whole new one). A one-off build's search worker is ended."""
        if self.search_job is not None:
            self.search_job.stop()
            self.search_job = None
        if not isinstance(error, ContentError):
            self.store, self.files, self.versions, self.search, self.related = Store(), None, None, LiveSearch(), {}
            self.unwritten.clear()

    def flush(self) -> None:
        """Write the files the last run left to write. The live preview defers files larger than
        `defer_over` (the site's open data in one file, tens of megabytes at 10,000 records) until the
        browser has reloaded, and serves them from `unwritten` meanwhile; the next run flushes first."""
        for rel, data in self.unwritten.items():
            write_file(self.out_dir / rel, data)
        self.unwritten.clear()

    def settle(self) -> None:
        """After a run that loaded the site from its files, the last site died frozen: collect it
        (tidy()) rather than keep two sites until the preview is idle."""
        if not self.in_place:
            self.tidy()

    def tidy(self) -> None:
        """Collect what died after it was frozen (earlier runs' garbage: about 0.7 MB an edit at
        10,000 pages), then freeze what lives on: a pass over everything, 2-3 s at 10,000 pages,
        for when nobody waits."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    def _run(self, profile: Profile) -> BuildResult:
        started = time.perf_counter()
        last, self.last = self.last, None  # a run that fails leaves no site to edit in place
        facts = Facts(None)
        run = self.store.run(facts, recording=self.live)
        with profile.stage("load+validate"):
            edit = self.edit_in_place(last) if last is not None and self.versions is not None else None
            self.in_place = edit is not None
            if edit is None:
                last = None  # the last site can go while this one loads
                stamps, day, commit = folder_stamps(self.layouts, self.assets), today(), head(self.content_dir)
                site = model_site(self.content_dir, self.cache, self.layouts)
                if self.base_url is not None:
                    site.settings["base_url"] = self.base_url
                versions = {record.id: record.version for record in site.records.values()}
                touched = (
                    None
                    if self.versions is None
                    else {rid for rid in versions.keys() | self.versions.keys() if versions.get(rid) != self.versions.get(rid)}
                )
                facts.site = site
                run.compare(key for kind in FIRST for key in self.store.kinds.get(kind, ()))
            else:
                assert last is not None and self.versions is not None and self.files is not None  # edit_in_place ran
                site, stamps, day, commit = last.site, last.stamps, last.day, last.head
                touched, moved = edit
                if not touched and not moved:  # saved as it was: nothing any page or file reads changed
                    self.last, self.rendered = last, 0
                    return BuildResult(0, len(self.files), 0, time.perf_counter() - started)
                versions = self.versions | {record_id: site.records[record_id].version for record_id in touched}
                facts.site = site
                run.compare(("record", record_id) for record_id in touched | moved)
        if not self.live:  # before the routing, so that the worker indexes while the pages are laid out
            with profile.stage("search (in process, or starting its worker)"):
                job = self.search_job = SearchJob(site)
        with profile.stage("route"):
            site.outputs = route_site(site, run)
        if self.live:
            with profile.stage("search (live index)"):
                related, search_files = self.search.update(site, touched)
                similar_moved = self.set_similar(site, related)
        else:
            similar_moved = set()
        with profile.stage("what each page can read"):
            by_language = renderers(site, site.outputs, self.layouts, self.assets, self.compiled)
            facts.renderers, facts.outputs = by_language, {output.path: output for output in site.outputs}
            if edit is None:
                run.compare(key for kind, keys in self.store.kinds.items() if kind not in FIRST for key in keys)
            else:
                assert touched is not None  # an edit in place always says what it touched
                run.compare(moved_in_place(self.store, run, site, touched, similar_moved))
        with profile.stage("media"):
            if self.media is None:
                self.media = MediaCache(default_cache_dir(self.content_dir))
            media = media_files(site, self.media, self.layouts, self.assets, run)
        if not self.live:
            written, unchanged, removed = self.write_as_made(run, site, by_language, profile, job, media)
        else:
            data: dict[str, bytes] = {}
            with profile.stage("render, and open data meanwhile"):
                files = self.render(run, site, by_language, profile, None, lambda: data.update(open_data_files(site, run)))
            files.update(data)
            files.update(next(iter(by_language.values())).asset_files)
            files.update(media)
            files.update(search_files)
            with profile.stage("write"):
                if self.files is None or not self.out_dir.is_dir():
                    written, unchanged, removed = write_tree(files, self.out_dir, self.written, self.media.disk_copies())
                else:
                    written, unchanged, removed = write_changes(self.files, files, self.out_dir, self.defer_over, self.unwritten)
        if self.live:
            run.commit()
            self.files, self.versions, self.related = files, versions, dict(related)
            self.last = Last(site, stamps, commit, day)
        tidied, self.tidied = tuple(self.tidied), []  # said once, by the first run
        notices = () if absolute_base(site.settings.get("base_url")) else (NO_BASE_URL,)
        return BuildResult(written, unchanged, removed, time.perf_counter() - started, tidied, notices=notices)

    def write_as_made(
        self, run: Run, site: Site, by_language: dict, profile: Profile, job: SearchJob, media: dict[str, bytes]
    ) -> tuple[int, int, int]:
        """A one-off build's files, each put into the new output tree as soon as it is made (the
        pages by the workers that render them), so that writing shares the cores with the work
        still to do, instead of following it; the tree is swapped into place at the end. Returns
        (written, unchanged, removed)."""
        assert self.media is not None  # the media stage made it
        with contextlib.ExitStack() as stack:
            tree = stack.enter_context(TreeWriter(self.out_dir, self.written, self.media.disk_copies()))
            with profile.stage("render, and open data meanwhile"):
                at_once = job.ready()  # the pages can show their lists of similar work as they render
                if at_once:
                    self.set_similar(site, job.related())

                def meanwhile() -> None:
                    tree.add(media | next(iter(by_language.values())).asset_files)
                    tree.add(open_data_files(site, run))

                pages = self.render(run, site, by_language, profile, None if at_once else job.related, meanwhile, tree, job.published)
            with profile.stage("search (waiting for the index files)"):
                search_files = job.files()
                self.search_job = None
            with profile.stage("write"):
                tree.add(pages | search_files)  # pages: those the workers left, with lists of similar work filled in
                stack.close()  # the new tree in place of the old
        return tree.counts

    def render(
        self,
        run: Run,
        site: Site,
        by_language: dict,
        profile: Profile,
        related: Callable[[], dict[str, list[str]]] | None,
        meanwhile: Callable[[], None],
        tree: TreeWriter | None = None,
        published: Callable[[], dict[str, list[str]] | None] = lambda: None,
    ) -> dict[str, bytes]:
        """Every page: from the store, or rendered if something it read changed; `meanwhile()`
        runs while workers render (in the live preview, after the pages). With `related` (which
        waits for the search worker's lists of similar work): those lists are left as markers and
        filled in after the pages, so the worker computes them meanwhile; a page rendered after
        `published()` has them shows them at once. A one-off build passes its new output `tree`: its
        workers put the pages they rendered into it, and only those with markers are returned."""
        made = len(run.fresh)
        progress = Progress(str(Message("msg_progress_render")), len(site.outputs) if self.files is None else 0)
        for renderer in by_language.values():
            renderer.deferred = [] if related is not None else None

        def take(lists: dict[str, list[str]] | None) -> bool:
            """Whether the lists of similar work are here; if so, on the site from now on."""
            if lists is not None:
                self.set_similar(site, lists)
            return lists is not None

        def render(output: Output) -> bytes:
            started = time.perf_counter()
            page = by_language[output.language].checked_render(output)
            profile.template(output.template, time.perf_counter() - started)
            progress.advance()
            return page

        if self.live:
            files = dict(run.each("page", {output.path: output for output in site.outputs}, render))
            self.rendered = len(run.fresh) - made
            meanwhile()
        else:
            assert tree is not None  # a one-off build writes its pages as they are made (write_as_made)
            files = render_forked(site, by_language, profile, progress, meanwhile, tree, lambda: take(published()))
            self.rendered = len(site.outputs)
        if related is not None:
            with profile.stage("search (waiting for the related lists)"):
                self.set_similar(site, related())
            started, by_path = time.perf_counter(), {output.path: output for output in site.outputs}
            for renderer in by_language.values():
                renderer.fill_deferred(files, by_path)
            profile.template(SIMILAR_TEMPLATE, time.perf_counter() - started)
        return files

    def set_similar(self, site: Site, related: dict[str, list[str]]) -> set[str]:
        """site.similar from the search's lists; the ids whose list moved since the last build
        (a list kept is the same object)."""
        if site.similar.keys() != related.keys() or not self.related:
            site.similar, moved = {}, set(related) | set(self.related)
        else:
            moved = {record_id for record_id, similar in related.items() if similar is not self.related.get(record_id)}
        for record_id in moved:
            if record_id in related:
                site.similar[record_id] = [site.records[other] for other in related[record_id]]
        return moved

    def edit_in_place(self, last: Last) -> tuple[set[str], set[str]] | None:
        """When only record files changed, each keeping its id, folder, type and references
        (model.edges): the last build's site with the edited records' new fields and its orders
        worked out again. (The ids of the records read again, those whose lists moved); None when
        the site must be loaded from its files."""
        if (
            today() != last.day
            or head(self.content_dir) != last.head
            or (self.saved is None and folder_stamps(self.layouts, self.assets) != last.stamps)
        ):
            return None
        changed = edited_records(self.content_dir, self.cache, self.saved)
        if changed is None:
            return None
        site, edits = last.site, []
        for rel, now in changed.items():
            problems = Problems()
            raw = read_record_file(self.content_dir / rel, self.content_dir, self.cache.vocabularies, problems)
            before = self.cache.entries[rel][1]
            if problems.items or raw is None or before is None or edges(raw) != edges(before):
                return None  # a full load reports the problems, or models what the edit moved
            edits.append((rel, now, raw if raw.data != before.data else before))  # saved as it was: the same reading
        touched = set()
        for rel, now, raw in edits:
            self.cache.entries[rel] = (now, raw, [])
            record = site.records[raw.id]
            if record.version != raw.version:
                raw.full_data = with_defaults(RECORDS[raw.type], raw.data)
                record.data, record.version = raw.full_data, raw.version
                touched.add(record.id)
        problems = Problems()
        inspect_media(site, self.content_dir, problems, self.cache.images)  # an image field or file may have changed
        if problems.items:
            return None  # the site is loaded again from the files, which reports them
        dates = last_changed(self.content_dir, list(changed), {rel: now[0] / 1e9 for rel, now in changed.items()})
        redated = set()
        for rel, _, raw in edits:
            record = site.records[raw.id]
            if record.updated != dates[rel]:
                record.updated = dates[rel]
                redated.add(record.id)
        # The lists an edited record is in (its parent's children, the backlinks and decisions of
        # the records it refers to) are the ones its new fields can reorder.
        holders = {site.records[ref.target] for _, _, raw in edits if raw.id in touched for ref in raw.refs if ref.target in site.records}
        holders |= {parent for record_id in touched if (parent := site.records[record_id].parent) is not None}
        moved = order_records(holders)
        return touched, {record.id for record in moved} | redated


def render_forked(
    site: Site,
    by_language: dict,
    profile: Profile,
    progress: Progress,
    meanwhile: Callable[[], None],
    tree: TreeWriter,
    arrived: Callable[[], bool] = lambda: False,
) -> dict[str, bytes]:
    """Every page of a one-off build, rendered by forked workers (workers.py) on a large site.
    Each worker puts its pages into the new output `tree` and sends back their paths and stamps,
    their render times, and the pages with lists of similar work left as markers (if the
    renderers defer them), which the parent's renderers fill in (fill_deferred) as if they had
    rendered them; those pages are returned. Before each chunk a deferring worker asks
    `arrived()` whether the lists are here (and takes them): from then on its pages show them.
    Once they are here, the parent fills in and writes the pages with markers as they come back."""
    outputs = site.outputs
    deferring = next(iter(by_language.values())).deferred is not None
    lists_here = [False]  # whether this process has the lists (a worker: its own copy, made by the fork)

    def render_chunk(positions: range) -> tuple[dict[str, bytes], list[tuple[str, str, str]], dict[str, tuple[int, float]], Put]:
        if deferring and not lists_here[0]:
            lists_here[0] = arrived()
        for renderer in by_language.values():
            renderer.deferred = [] if deferring and not lists_here[0] else None
        pages: dict[str, bytes] = {}
        times: dict[str, tuple[int, float]] = {}
        for position in positions:
            output = outputs[position]
            started = time.perf_counter()
            pages[output.path] = by_language[output.language].checked_render(output)
            count, seconds = times.get(output.template, (0, 0.0))
            times[output.template] = count + 1, seconds + time.perf_counter() - started
        deferred = [(language, path, record.id) for language, renderer in by_language.items() for path, record in renderer.deferred or ()]
        kept = {path for _, path, _ in deferred}
        done = sorted((path, page) for path, page in pages.items() if path not in kept)
        stamps: dict[str, list[int]] = {}
        put = Put([path for path, _ in done], *tree.put_all(done, stamps), stamps)
        return {path: pages[path] for path in kept}, deferred, times, put

    if forks(len(outputs)):
        for renderer in by_language.values():
            renderer.compile_templates()
    files: dict[str, bytes] = {}
    kept = {language: renderer.deferred for language, renderer in by_language.items()}
    by_path: dict[str, Output] = {}
    for pages, deferred, times, put in forked_chunks(render_chunk, len(outputs), meanwhile):
        files.update(pages)
        tree.took(put.paths, put.written, put.unchanged, put.stamps)
        for language, path, record_id in deferred:
            kept[language].append((path, site.records[record_id]))
        for template, (count, seconds) in times.items():
            profile.template(template, seconds, count)
        progress.advance(len(pages) + len(put.paths))
        # Once the lists are here, the pages left with markers so far are filled in and written
        # while the workers render the rest.
        if any(kept.values()) and (lists_here[0] or arrived()):
            lists_here[0], started = True, time.perf_counter()
            by_path = by_path or {output.path: output for output in outputs}
            for language, renderer in by_language.items():
                renderer.deferred, kept[language] = kept[language], []
                filled = [path for path, _ in renderer.deferred]
                renderer.fill_deferred(files, by_path)
                tree.add({path: files.pop(path) for path in filled})
            profile.template(SIMILAR_TEMPLATE, time.perf_counter() - started, 0)
    for language, renderer in by_language.items():
        renderer.deferred = kept[language] if deferring else None
    return files


class Put(NamedTuple):
    """Pages a worker put into the new output tree."""

    paths: list[str]
    written: int
    unchanged: int
    stamps: dict[str, list[int]]


def moved_in_place(store: Store, run: Run, site: Site, touched: set[str], similar: set[str]) -> list:
    """After an edit in place (the same files, templates, catalogues, assets and date; the graph as
    it was), the inputs beside the records that may have changed: the pages of the records read
    again (their titles), lists of similar work the search update made again, the lists of terms
    and of the timeline if they were made again, and what the renderers hold (the navigation, the
    offer finder's labels)."""
    keys = [("output", output.path) for output in site.outputs if output.record is not None and output.record.id in touched]
    keys += [("similar", record_id) for record_id in similar] + [("image", record_id) for record_id in touched]
    for kind, made in (("term", ("terms", site.generation)), ("global", None)):
        if made is None or run.remade(made):
            keys += store.kinds.get(kind, ())
    if run.remade(name := ("timeline", site.generation)):  # a year whose list is the same object is as it was
        kept = store.made.get(name)
        years = kept.value if kept is not None else {}
        keys += [key for key in store.kinds.get("timeline", ()) if len(key) == 1 or site.timeline.get(key[1]) is not years.get(key[1])]
    return keys


def folder_stamps(*folders: Path) -> dict[str, tuple[int, int]]:
    """path → stamp of every file below the folders (templates, catalogues, assets)."""
    return {
        os.path.join(top, name): stamp(os.path.join(top, name)) for folder in folders for top, _, names in os.walk(folder) for name in names
    }


def overwrite(target: Path, data: bytes) -> bool:
    """Write a file's new bytes over its old ones. Replacing it (a new file, renamed over the old)
    costs a file's creation, and frees and allocates all its pages again: 45-120 ms for the 33 MB
    of site-wide JSON a 10,000-record site had before it was packed, against 4 ms in place. Only
    the live preview does this: a reader within those milliseconds would get a mix of old and new, and the browser
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


def write_file(target: Path, data: bytes) -> None:
    """Over the old file (overwrite), or else as a new file renamed over it."""
    if not overwrite(target, data):
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.new")
        temporary.write_bytes(data)
        os.replace(temporary, target)


def write_changes(
    before: dict[str, bytes], files: dict[str, bytes], out_dir: Path, defer_over: int | None = None, later: dict[str, bytes] | None = None
) -> tuple[int, int, int]:
    """Write only what differs from the previous build; changed files larger than `defer_over` go
    into `later` instead."""
    written = 0
    for rel, data in files.items():
        if before.get(rel) != data:
            if defer_over is not None and len(data) > defer_over and later is not None:
                later[rel] = data
            else:
                write_file(out_dir / rel, data)
            written += 1
    gone = before.keys() - files.keys()
    for rel in gone:
        remove_file(out_dir, rel)
    if gone or len(files) != len(before):
        write_marker(out_dir, files)  # the files this folder now holds, for the next build's check
    return written, len(files) - written, len(gone)
