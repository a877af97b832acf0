"""What media (share cards, icons, image checks) costs on a synthetic site.

    .venv/bin/python bench/media_bench.py [pages] [edits]

Prints the CPU time of one share card; the media stage with a cold cache (every card drawn, by a
pool of processes), warm from disk (a new process) and warm in memory (the live preview); and, in
the live preview, the media stage and the image checks of each rebuild after a title edit and with
nothing changed. Stage times are the build's own, so other load on the machine disturbs them less
than whole rebuilds.
"""

from __future__ import annotations

import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import WORDS, generate  # noqa: E402
from generator.build.incremental import IncrementalBuild  # noqa: E402
from generator.build.pipeline import load_site  # noqa: E402
from generator.build.progress import Profile  # noqa: E402
from generator.content.folder import FileCache  # noqa: E402
from generator.core.depends import one_off  # noqa: E402
from generator.core.problems import Problems  # noqa: E402
from generator.media import cards  # noqa: E402
from generator.media.cache import MediaCache  # noqa: E402
from generator.media.stage import inspect_media, media_files  # noqa: E402
from generator.render.renderer import ASSETS, LAYOUTS  # noqa: E402


def card_cpu_ms(count: int = 200) -> float:
    style = cards.card_style(ASSETS)
    texts = [
        cards.CardText("Indsats", "I gang", f"Energirådgivning og solceller til små virksomheder {i}", "Ballerup Kommune", "Retning")
        for i in range(count)
    ]
    cards.draw_card(texts[0], style)
    started = time.process_time()
    for text in texts:
        cards.draw_card(text, style)
    return (time.process_time() - started) * 1000 / count


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main(pages: int = 10_000, edits: int = 10) -> None:
    print(f"one share card: {card_cpu_ms():.2f} ms CPU")
    work = Path(tempfile.mkdtemp(prefix="retning-media-"))
    content = work / "content"
    generate(pages, content)
    site = load_site(content)
    count = sum(1 for record in site.records.values() if cards.has_card(record))
    cache = MediaCache(work / "cache")
    print(
        f"{pages} pages, {count} cards: cold cache {timed(lambda: media_files(site, cache, LAYOUTS, ASSETS, one_off())):.1f} s, "
        f"warm from disk {timed(lambda: media_files(site, MediaCache(work / 'cache'), LAYOUTS, ASSETS, one_off())):.2f} s"
    )
    memo = FileCache()
    checks = statistics.median(timed(lambda: inspect_media(site, content, Problems(), memo.images)) for _ in range(5))
    print(f"image checks while loading: {checks * 1000:.1f} ms")
    session = IncrementalBuild(content, work / "site", media=MediaCache(work / "cache"))
    session.run()
    rng, initiatives = random.Random(1), sorted(content.rglob("indsats-*.md"))
    edit, noop = [], []
    for _ in range(edits):
        path = rng.choice(initiatives)
        title = " ".join(rng.choice(WORDS) for _ in range(4)).capitalize()
        path.write_text(re.sub(r"(?m)^title: .*$", f'title: "{title}"', path.read_text(encoding="utf-8"), count=1), encoding="utf-8")
        profile = Profile()
        session.run(profile)
        edit.append(profile.stages["media"])
        session.tidy()
    for _ in range(edits):
        profile = Profile()
        session.run(profile)
        noop.append(profile.stages.get("media", 0.0))  # a save that changed nothing ends before the media stage
        session.tidy()
    print(
        f"live preview media stage: edit median {statistics.median(edit) * 1000:.1f} ms, "
        f"no-op median {statistics.median(noop) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
