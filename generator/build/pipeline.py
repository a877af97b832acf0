"""The pipeline: load → validate → model → route → render → write."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from generator import CODE
from generator.build.buildstate import BuildState, Inputs, state_path
from generator.build.outdir import MARKER, UnsafeOutput, left_by_dead_builds
from generator.build.progress import Profile
from generator.content.changes import record_histories
from generator.content.folder import FileCache, read_content
from generator.content.history import last_changed
from generator.core.i18n import LANGUAGES, load_catalogue
from generator.core.messages import Message, plural
from generator.core.problems import ContentError, Problems
from generator.media.cache import MediaCache, default_cache_dir
from generator.media.stage import inspect_media
from generator.model.deadlines import today
from generator.model.records import Site, build_model

GENERATOR = CODE  # Retning's own code: never an output folder


def load_site(content_dir: Path, cache: FileCache | None = None, layouts: Path | None = None) -> Site:
    """Load, validate, model and route the content; raise ContentError with every problem found."""
    from generator.site.route import route_site

    site = model_site(content_dir, cache, layouts)
    site.outputs = route_site(site)  # a clash of page addresses is a content problem too
    return site


def model_site(content_dir: Path, cache: FileCache | None = None, layouts: Path | None = None) -> Site:
    """Load, validate and model the content (not yet routed: route.route_site); raise
    ContentError with every problem found."""
    from generator.render.renderer import LAYOUTS

    content, problems = read_content(content_dir, cache)
    site = build_model(content, problems)
    languages = site.settings.get("languages") or ["da"]
    check_languages(content_dir, languages, problems)
    inspect_media(site, content_dir, problems, cache.images if cache else None)
    problems.raise_if_any()
    site.catalogues = {language: load_catalogue(layouts or LAYOUTS, language) for language in dict.fromkeys(languages)}
    changed = last_changed(content_dir, [record.rel for record in site.records.values()], cache.mtimes() if cache else None)
    histories = record_histories(content_dir)
    for record in site.records.values():
        record.updated = changed[record.rel]
        record.history = histories.get(record.rel, ())
    return site


def check_languages(content_dir: Path, languages: list[str], problems: Problems) -> None:
    for language in languages:
        if language not in LANGUAGES:
            path = content_dir / "site.yaml"
            lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
            start = next((number for number, text in enumerate(lines, 1) if text.startswith("languages:")), 1)
            line = next((number for number, text in enumerate(lines[start - 1 :], start) if language in text), start)
            problems.add(str(path), line, 1, "languages", "msg_unknown_interface_language", language=language, known=", ".join(LANGUAGES))


@dataclass
class BuildResult:
    written: int
    unchanged: int
    removed: int
    seconds: float
    tidied: tuple[Message, ...] = ()  # leftovers of killed builds put back or removed first
    as_before: bool = False  # nothing changed since the last build, which the output folder still holds
    notices: tuple[Message, ...] = ()  # what the site lacks and why, each said once (on stderr by the command)

    def summary(self) -> str:
        """One line (after a line for each leftover tidied), in the current language."""
        seconds = float(self.seconds)
        if self.as_before:
            return str(plural("msg_build_as_before", self.unchanged, seconds=seconds))
        files = plural("msg_build_files", self.written + self.unchanged)
        done = Message(
            "msg_build_summary", files=files, written=self.written, unchanged=self.unchanged, removed=self.removed, seconds=seconds
        )
        return "".join(f"{line}\n" for line in self.tidied) + str(done)


def build(
    content_dir: Path,
    out_dir: Path,
    base_url: str | None = None,
    profile: Profile | None = None,
    layouts: Path | None = None,
    assets: Path | None = None,
    cache_dir: Path | None = None,
) -> BuildResult:
    """The site, built once: the live preview's build (incremental.py) with an empty dependency
    store, unless nothing it reads changed since the last build and the output folder holds
    what that build wrote (buildstate.py): then nothing is written. `cache_dir`: where made
    images are kept between builds (default .cache/media beside the content)."""
    from generator.build.incremental import IncrementalBuild
    from generator.render.renderer import ASSETS, LAYOUTS
    from generator.site.route import NO_BASE_URL

    started = time.perf_counter()
    folders = {"content": content_dir, "layouts": layouts or LAYOUTS, "assets": assets or ASSETS}
    state_file = state_path(content_dir)
    last = BuildState.read(state_file)
    inputs = Inputs.now(content_dir, folders, {"base_url": base_url, "day": today().isoformat()}, last.inputs.files if last else None)
    if last is not None and last.inputs.same_as(inputs) and last.holds(out_dir) and not left_by_dead_builds(out_dir):
        if last.inputs.files != inputs.files:  # the same bytes with new times (a fresh checkout, say)
            BuildState(inputs, last.out_dir, last.outputs).write(state_file)
        # The last build wrote a sitemap exactly when it had a base URL (route.route_site).
        notices = () if "sitemap.xml" in last.outputs else (NO_BASE_URL,)
        count = sum(1 for rel in last.outputs if rel != MARKER)
        return BuildResult(0, count, 0, time.perf_counter() - started, as_before=True, notices=notices)
    written: dict[str, list[int]] = {}  # a one-off build writes a whole tree, and stamps each file as it does
    session = IncrementalBuild(
        content_dir,
        out_dir,
        base_url,
        folders["layouts"],
        folders["assets"],
        media=MediaCache(cache_dir or default_cache_dir(content_dir)),
        live=False,
        written=written,
    )
    result = session.run(profile)
    BuildState(inputs, str(out_dir.resolve()), written).write(state_file)
    return result


__all__ = ["GENERATOR", "BuildResult", "ContentError", "UnsafeOutput", "build", "load_site"]
