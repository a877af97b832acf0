"""The live preview builds what a full build builds (issue 18, item 4): a Hypothesis state machine
edits a site and, after every step, compares the preview's whole output folder, byte for byte and
in both directions, with a full build made in a fresh process into another folder.

The site: conftest.MINI, a neighbouring organisation and a generated strategy whose 102 initiatives
share the theme `energi` and have deadlines in 2027, so the theme's page and the year's timeline
page both run to a second page (asserted when the machine starts), and edits move records across
the page boundary. Settings, vocabularies, layouts (with the i18n catalogues) and assets are copies
in a temporary folder, passed as `layouts=`/`assets=`, so the machine edits them freely.

Each step is one save (one or more files), then one preview run (the same IncrementalBuild for the
whole example) and one full build: `generator.build.pipeline.build` in a new Python process, so no
module-level cache of this process can make it agree with the preview, with a fresh media cache
folder, so every image and card is made anew rather than taken from a cache whose key might miss
an input. The kinds of step (STEPS): a field of each record type (organisations, strategies,
tracks, initiatives with their measures, offers, meetings with their items, decisions and concerns,
pages): titles, texts, dates of every precision, vocabulary values, references and mentions,
themes; new records and folders; moving (or renaming) and deleting files and folders, references
fixed in the same save, or left broken (which must fail) and fixed in the next; several edits in one
save; site.yaml (languages too); vocabularies; i18n catalogues; layouts; CSS and scripts (hashed
asset names, card colours); record images and the site icon (real PNG and JPEG files); a content
error, maybe an edit while it stands, and its fix; a template error, maybe an edit, and its undo. A
step that must fail must fail in both builds, with the same problems, and leave the preview's folder
as it was.

Every write sets the file's modification time explicitly to a strictly later time than any before
(`touch`): the preview reuses a file's parse while its time and size stay, so on a file system with
coarse timestamps two quick same-size saves would look like one; this keeps the test about the build.

In CI the run is derandomized: one example, Hypothesis's simplest, which takes every kind of step
once, in turn (`step`); about ninety seconds on two cores. (A second, drawn example doubled the
time and, derandomized, was the same draw on every run, so it found nothing the long runs do not.)
A long, randomly seeded local run (a failure is shrunk, which takes a while, and printed with every
draw):

    RETNING_EQUALITY_EXAMPLES=50 RETNING_EQUALITY_STEPS=40 .venv/bin/python -m pytest tests/test_preview_equality.py -q -s

`--hypothesis-seed=N` repeats a run; RETNING_EQUALITY_VERBOSE=1 prints each step, its outcome and time.
"""

from __future__ import annotations

import copy
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml
from hypothesis import HealthCheck, Phase, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule
from PIL import Image, ImageDraw

from generator.build.incremental import IncrementalBuild
from generator.build.pipeline import ContentError
from generator.core.dates import parse_date
from generator.model.records import REF_FIELDS

from .conftest import MINI, ROOT, write_content

LONG_RUN = int(os.environ.get("RETNING_EQUALITY_EXAMPLES", "0"))
STEP_COUNT = int(os.environ.get("RETNING_EQUALITY_STEPS", "0"))  # 0: as many as there are kinds of step
VERBOSE = bool(os.environ.get("RETNING_EQUALITY_VERBOSE"))  # print every step, its outcome and time (with -s)
BASE_URL = "https://example.org/retning/"
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TRACKS, PER_TRACK = 3, 34  # 102 initiatives: the theme energi and the year 2027 each fill two pages
WORDS = ["sol", "varme", "energi", "cykel", "skole", "vand", "klima", "erhverv", "plan", "bygning", "ålegræs", "øko"]
STATUSES = ["planlagt", "i-gang", "loebende", "gennemfoert", "udskudt", "ukendt"]
ROLES = ["selv", "medejer", "faellesskab"]
COLOURS = ["#073763", "#1e6b34", "#8a4b00", "#a3231a", "#4a5260", "#0b5394", "#5b2a86"]
THEMES = ["energi", "energi", "klima", "mobilitet", "erhvervsservice", "innovation"]  # energi: its pages paginate
MISSING = "org/findes-ikke"

FULL_BUILD = """
import json, sys
from pathlib import Path
from generator.build.pipeline import ContentError, build
from generator.core.messages import set_language
set_language("en")  # as the test process reads its problems
content, out, base_url, layouts, assets, cache = sys.argv[1:]
try:
    build(Path(content), Path(out), base_url=base_url, layouts=Path(layouts), assets=Path(assets), cache_dir=Path(cache))
except ContentError as error:
    print(json.dumps([[p.path, p.line, p.col, p.field, p.text] for p in error.problems]))
    sys.exit(3)
"""


# ---- the site ----


def front(data: dict, body: str) -> str:
    return f"---\n{dump(data)}---\n{body}"


def dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def deadline_2027(n: int) -> str:
    return ["2027", f"2027-H{1 + n % 2}", f"2027-Q{1 + n % 4}", f"2027-{1 + n % 12:02d}", f"2027-{1 + n % 12:02d}-{1 + n % 28:02d}"][n % 5]


def site_files() -> dict[str, str]:
    files = dict(MINI)
    files.update(
        {
            "om.md": "---\ntype: page\ntitle: Om sitet\nmenu: 1\n---\n# Formål\n\nSitet samler [klimaplanen](id:org/klima).\n",
            "kontakt.md": "---\ntype: page\ntitle: Kontakt\nsummary: Skriv til os.\n---\nRing eller skriv.\n",
            "by/index.yaml": "type: organisation\nname: Naboby Kommune\nkind: kommune\n",
            "by/plan/index.yaml": "type: strategy\ntitle: Nabobyens energiplan\nstatus: vedtaget\nthemes: [energi]\nowners: [by]\n",
            "by/plan/spor/index.yaml": "type: track\ntitle: Energi i byen\nnumber: '1'\n",
            "by/plan/spor/raad.yaml": "type: initiative\ntitle: Energirådgivning\nthemes: [energi, klima]\nstatus: i-gang\n"
            "offers: [by/tilbud/solcelletjek]\n",
            "by/plan/spor/kultur.md": "---\ntype: initiative\ntitle: Kulturnat\ndeadline: 2026\nstatus: planlagt\n---\n"
            "Musik og teater, som [rådgivningen](id:by/plan/spor/raad).\n",
            "by/tilbud/solcelletjek.yaml": "type: offer\ntitle: Solcelletjek\npromise: Svar inden 5 dage\nneeds: [energi-og-klima]\n"
            "audience: [virksomheder]\nthemes: [energi]\n",
            "by/tilbud/fra-testrup.yaml": "type: offer\ntitle: Byggesagsrådgivning\nprovider: org\nneeds: [sagsbehandling-og-byggesag]\n",
            "by/moeder/byraad-2025-03-04.yaml": dump(
                {
                    "type": "meeting",
                    "title": "Byrådet 4. marts 2025",
                    "committee": "Byrådet",
                    "date": "2025-03-04",
                    "items": [
                        {
                            "number": "1",
                            "title": "Energiplanen",
                            "outcome": "godkendt",
                            "decision": "Godkendt.",
                            "concerns": ["by/plan", "org/vaekst/spor-1/indsats-1"],
                        },
                        {"number": "2", "title": "Vækstplanen", "outcome": "droeftet", "concerns": ["org/vaekst"]},
                    ],
                }
            ),
            "org/vaekst/index.md": front(
                {
                    "type": "strategy",
                    "title": "Vækst og energi 2024-2030",
                    "kind": "strategi",
                    "status": "vedtaget",
                    "start": 2024,
                    "end": 2030,
                    "themes": ["energi"],
                    "owners": ["org"],
                    "goals": [{"title": "Flere solceller", "value": 40, "unit": "MW", "deadline": 2027}],
                },
                "Planen følger [klimaplanen](id:org/klima).\n",
            ),
        }
    )
    for t in range(1, TRACKS + 1):
        files[f"org/vaekst/spor-{t}/index.yaml"] = dump({"type": "track", "number": str(t), "title": f"Spor {t}: {WORDS[t]}"})
        for i in range(1, PER_TRACK + 1):
            n = (t - 1) * PER_TRACK + i
            measure = {
                "text": f"Målepunkt {n}",
                "target": n,
                "unit": "stk.",
                "deadline": "2027-Q3" if n % 17 == 0 else ("2026-H2" if n % 2 else "2028"),
            }
            data = {
                "type": "initiative",
                "number": f"{t}.{i}",
                "title": f"{WORDS[n % len(WORDS)].capitalize()} {n}",
                "summary": f"Indsats {n} om {WORDS[(n * 7) % len(WORDS)]}.",
                "status": STATUSES[n % len(STATUSES)],
                "deadline": deadline_2027(n),
                "role": ROLES[n % 3],
                "measures": [measure],
            }
            if n % 4 == 0:
                data["audience"] = ["virksomheder"]
            if n % 15 == 0:
                data["offers"] = ["org/tilbud/energiraad"]
            name = f"org/vaekst/spor-{t}/indsats-{i}"
            if n % 10 == 0:
                other = i - 1 if i > 1 else i + 1
                files[name + ".md"] = front(data, f"Se også [en anden indsats](id:org/vaekst/spor-{t}/indsats-{other}).\n")
            else:
                files[name + ".yaml"] = dump(data)
    return files


# ---- files ----


def read(path: Path) -> tuple[dict, str | None]:
    """A record's fields, and its Markdown body (None for a YAML file)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        head, body = text[len("---\n") :].split("\n---\n", 1)
        return yaml.load(head, Loader=LOADER) or {}, body
    return yaml.load(text, Loader=LOADER) or {}, None


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


TEXT_SUFFIXES = (".html", ".json", ".xml", ".txt", ".css", ".js", ".csv", ".webmanifest", ".atom", "")


def differences(preview: dict[str, bytes], full: dict[str, bytes]) -> str:
    only_preview, only_full = sorted(preview.keys() - full.keys()), sorted(full.keys() - preview.keys())
    differ = sorted(rel for rel in preview.keys() & full.keys() if preview[rel] != full[rel])
    lines = [
        f"only in the preview: {only_preview[:8]} ({len(only_preview)})",
        f"only in the full build: {only_full[:8]} ({len(only_full)})",
        f"different: {differ[:8]} ({len(differ)})",
    ]
    for rel in differ[:2]:
        if Path(rel).suffix in TEXT_SUFFIXES or rel.endswith(".retning-site"):
            old = preview[rel].decode("utf-8", "replace").splitlines()
            new = full[rel].decode("utf-8", "replace").splitlines()
            lines += list(difflib.unified_diff(old, new, f"preview/{rel}", f"full/{rel}", n=1, lineterm=""))[:40]
        else:  # images and other binary files: never decoded
            lines.append(f"{rel}: {len(preview[rel])} bytes in the preview, {len(full[rel])} in the full build")
    return "\n".join(lines)


def problem_key(path: str, line: int, col: int, field: str, message: str) -> tuple:
    """A template error names the page it was rendering: the preview renders fewer pages, maybe another first."""
    return path, line, col, field, re.sub(r"^template error while rendering \S+: ", "template error: ", message)


def path_id(rel: str) -> str:
    return rel.rsplit(".", 1)[0].removesuffix("/index")


@dataclass
class Rec:
    id: str
    type: str
    path: Path
    data: dict
    body: str | None


def chain_reaches(recs: dict[str, Rec], start: str, field: str, target: str) -> bool:
    """Whether following `field` (parent, supersedes) from `start` comes to `target`."""
    seen, current = set(), start
    while current in recs and current not in seen:
        if current == target:
            return True
        seen.add(current)
        current = recs[current].data.get(field)
    return current == target


def fix_period(data: dict) -> None:
    """No end or deadline before the start (a content error): the start goes."""
    if data.get("start") is None:
        return
    start = parse_date(str(data["start"]))
    for name in ("end", "deadline"):
        value = data.get(name)
        if start.known and value is not None:
            other = parse_date(str(value))
            if other.known and other.last_day() < start.first_day():
                del data["start"]
                return


def mentions(text: str, change) -> str:
    """Markdown `[text](id:…)` links with their targets changed (change(id) → id, or None: the link goes)."""

    def one(match: re.Match) -> str:
        target = change(match.group(2))
        return match.group(1) if target is None else f"[{match.group(1)}](id:{target}{match.group(3) or ''})"

    return re.sub(r"\[([^\]]*)\]\(id:([^)#\s]+)(#[^)\s]*)?\)", one, text)


def strings_changed(value, change):
    if isinstance(value, str):
        return mentions(value, change)
    if isinstance(value, list):
        return [strings_changed(v, change) for v in value]
    if isinstance(value, dict):
        return {k: strings_changed(v, change) for k, v in value.items()}
    return value


def references_changed(kind: str, data: dict, change) -> dict:
    """The record's fields with every reference and mention changed."""
    data = strings_changed(copy.deepcopy(data), change)
    for name, many in REF_FIELDS[kind]:
        if name not in data or data[name] is None:
            continue
        if many:
            data[name] = [new for new in (change(old) for old in data[name]) if new is not None]
        elif change(data[name]) is None:
            del data[name]
        else:
            data[name] = change(data[name])
    if kind == "meeting":
        for item in data.get("items") or []:
            if item.get("concerns"):
                item["concerns"] = [new for new in (change(old) for old in item["concerns"]) if new is not None]
    return data


def picture(size: tuple[int, int], colour: str, mark: int) -> Image.Image:
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    draw = ImageDraw.Draw(image)
    draw.rectangle((mark % size[0], 0, size[0] - 1, size[1] // 2), fill=colour)
    return image


# ---- the machine ----


class PreviewEquality(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="retning-equality-"))
        self.content, self.layouts, self.assets = self.root / "content", self.root / "layouts", self.root / "assets"
        self.out = self.root / "preview"
        self.clock, self.tick, self.serial, self.builds = time.time_ns(), 10_000_000, 0, 0
        self.frozen: set[Path] = set()  # files a broken step will restore: other edits leave them alone
        self.pending = None  # references a move or deletion left broken: a function to fix them
        self.taken = 0  # steps taken
        write_content(self.root, site_files())
        shutil.copytree(ROOT / "layouts", self.layouts)
        shutil.copytree(ROOT / "assets", self.assets)
        for path in sorted(self.root.rglob("*")):
            if path.is_file():
                self.touch(path)
        self.preview = IncrementalBuild(self.content, self.out, BASE_URL, layouts=self.layouts, assets=self.assets)
        self.good: dict[str, bytes] = {}
        try:
            self.check("the first build")
            for paginated in ("temaer/energi/side-2/index.html", "tidslinje/2027/side-2/index.html"):
                assert paginated in self.good, f"the test site no longer fills two pages: {paginated}"
        except BaseException:
            self.teardown()  # Hypothesis tears down only a machine it got
            raise

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    # -- writing, with strictly later modification times --

    def touch(self, path: Path) -> None:
        self.clock = max(time.time_ns(), self.clock + self.tick)
        os.utime(path, ns=(self.clock, self.clock))
        if path.stat().st_mtime_ns != self.clock:  # a file system with coarse timestamps
            self.tick = 2_000_000_000
            self.touch(path)

    def write(self, path: Path, data: str | bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        self.touch(path)

    def save(self, path: Path, data: dict, body: str | None = None) -> None:
        self.write(path, dump(data) if body is None else front(data, body))

    def next(self) -> int:
        self.serial += 1
        return self.serial

    # -- the comparison --

    def check(self, what: str, error: bool = False) -> None:
        """Run the preview and a full build in a fresh process (at the same time: two cores), and
        compare. `error`: the step must fail (a content or template error)."""
        self.builds += 1
        started = time.perf_counter()
        full_out, cache = self.root / f"full-{self.builds}", self.root / f"media-{self.builds}"
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        full = subprocess.Popen(
            [sys.executable, "-c", FULL_BUILD, str(self.content), str(full_out), BASE_URL, str(self.layouts), str(self.assets), str(cache)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        try:
            try:
                self.preview.run()
                failure = None
            except ContentError as caught:
                failure = caught
            stdout, stderr = full.communicate(timeout=900)
            assert full.returncode in (0, 3), f"{what}: the full build crashed:\n{stderr[-3000:]}"
            preview = tree(self.out)
            if error:
                assert failure is not None, f"{what}: the preview built it; a content or template error was expected"
            else:
                assert failure is None, f"{what}: the preview failed:\n{failure}"
            if failure is not None:
                assert full.returncode == 3, f"{what}: the preview failed, a full build did not:\n{failure}"
                mine = {problem_key(p.path, p.line, p.col, p.field, p.text) for p in failure.problems}
                theirs = {problem_key(*p) for p in json.loads(stdout)}
                assert mine == theirs, f"{what}: other problems than a full build's:\n{sorted(mine)}\n{sorted(theirs)}"
                assert preview == self.good, f"{what}: a failed run changed the preview:\n{differences(preview, self.good)}"
            else:
                assert full.returncode == 0, f"{what}: a full build failed where the preview did not:\n{stdout}"
                built = tree(full_out)
                assert preview == built, f"{what}: the preview differs from a full build:\n{differences(preview, built)}"
                self.good = preview
            note(f"{'failed' if failure else 'equal'}: {what}")
            if VERBOSE:
                print(f"{time.perf_counter() - started:5.1f} s  {'failed' if failure else 'equal '}  {what}", flush=True)
        finally:
            if full.poll() is None:
                full.kill()
                full.wait()
            shutil.rmtree(full_out, ignore_errors=True)
            shutil.rmtree(cache, ignore_errors=True)

    # -- what is there --

    def records(self) -> dict[str, Rec]:
        found = {}
        for path in sorted(self.content.rglob("*")):
            rel = path.relative_to(self.content).as_posix()
            if path.suffix not in (".yaml", ".md") or rel == "site.yaml" or rel.startswith("vocabularies/") or path in self.frozen:
                continue
            try:
                data, body = read(path)
            except (yaml.YAMLError, ValueError):
                continue
            if isinstance(data, dict) and data.get("type") in REF_FIELDS:
                record_id = data.get("id") or path_id(rel)
                found[record_id] = Rec(record_id, data["type"], path, data, body)
        return found

    def ids(self, recs: dict[str, Rec], *kinds: str) -> list[str]:
        return sorted(r.id for r in recs.values() if r.type in kinds)

    def folders(self, recs: dict[str, Rec], kind: str) -> list[Path]:
        return sorted(r.path.parent for r in recs.values() if r.type == kind and r.path.stem == "index")

    def frozen_below(self, folder: Path) -> bool:
        return any(folder == path or folder in path.parents for path in self.frozen)

    def vocabulary(self, name: str) -> list[str]:
        return sorted(yaml.load((self.content / "vocabularies" / f"{name}.yaml").read_text(encoding="utf-8"), Loader=LOADER) or {})

    # -- values --

    def words(self, data, low: int = 1, high: int = 4) -> str:
        return " ".join(data.draw(st.lists(st.sampled_from(WORDS), min_size=low, max_size=high), label="words")).capitalize()

    def title(self, data) -> str:
        return f"{self.words(data, 1, 2)} {data.draw(st.integers(1, 3), label='number')}"  # few: ties in name order

    def date(self, data, day: bool = False) -> str:
        year = data.draw(st.sampled_from([2027, 2027, 2026, 2028, 2025, 2030]), label="year")
        precision = "day" if day else data.draw(st.sampled_from(["year", "half", "quarter", "month", "day", "ukendt"]), label="precision")
        part = data.draw(st.integers(1, 12), label="part")
        return {
            "year": str(year),
            "half": f"{year}-H{1 + part % 2}",
            "quarter": f"{year}-Q{1 + part % 4}",
            "month": f"{year}-{part:02d}",
            "day": f"{year}-{part:02d}-{data.draw(st.integers(1, 28), label='day'):02d}",
            "ukendt": "ukendt",
        }[precision]

    def markdown(self, data, recs: dict[str, Rec], own: str | None) -> str:
        text = f"{self.words(data, 2, 8)}."
        others = [i for i in sorted(recs) if i != own]
        if others and data.draw(st.booleans(), label="mention"):
            text += f" Se [{self.words(data, 1, 2).lower()}](id:{data.draw(st.sampled_from(others), label='mentioned')})."
        if data.draw(st.integers(0, 5), label="html") == 0:
            text += " <b>Fed</b> tekst."
        return text

    def keys(self, data, vocabulary: str, most: int = 3) -> list[str]:
        pool = THEMES + self.vocabulary("themes") if vocabulary == "themes" else self.vocabulary(vocabulary)
        return data.draw(st.lists(st.sampled_from(pool), max_size=most, unique=True), label=vocabulary)

    # -- edits: each changes the files and says what it did --

    FIELDS = {
        "organisation": [
            "name",
            "name",
            "short_name",
            "kind:organisation_kinds",
            "summary",
            "body",
            "parent",
            "web",
            "address",
            "contact",
            "editor_note",
            "sources",
        ],
        "strategy": [
            "title",
            "title",
            "short_title",
            "kind:strategy_kinds",
            "status:lifecycle",
            "status:lifecycle",
            "start",
            "end",
            "adopted",
            "as_of",
            "summary",
            "vision",
            "body",
            "themes",
            "themes",
            "sdgs",
            "owners",
            "related",
            "parent",
            "supersedes",
            "track_label",
            "track_label_plural",
            "goals",
            "key_figures",
            "charts",
            "sections",
            "contacts",
            "editor_note",
            "sources",
        ],
        "track": [
            "title",
            "title",
            "number",
            "label",
            "summary",
            "goal",
            "body",
            "themes",
            "themes",
            "sdgs",
            "key_figures",
            "sections",
            "editor_note",
        ],
        "initiative": [
            "title",
            "title",
            "number",
            "summary",
            "goal",
            "body",
            "status:statuses",
            "status:statuses",
            "start",
            "end",
            "deadline",
            "deadline",
            "role:roles",
            "audience",
            "themes",
            "themes",
            "sdgs",
            "measures",
            "measures",
            "measures",
            "offers",
            "related",
            "responsible",
            "partners",
            "budget",
            "budget_dkk",
            "funding",
            "actions",
            "contacts",
            "editor_note",
            "sources",
        ],
        "offer": [
            "title",
            "title",
            "summary",
            "body",
            "promise",
            "price",
            "how",
            "needs",
            "audience",
            "themes",
            "initiatives",
            "provider",
            "contact",
            "editor_note",
            "sources",
        ],
        "meeting": ["title", "committee", "date", "summary", "body", "items", "items", "items", "items", "sources"],
        "page": ["title", "title", "summary", "body", "menu", "menu", "editor_note"],
    }
    REFS = {"owners": ("organisation",), "related": None, "offers": ("offer",), "initiatives": ("initiative",)}

    def do_edit(self, data, kind: str) -> str:
        recs = self.records()
        ids = self.ids(recs, kind)
        if not ids:
            return self.do_add_record(data)
        rec = recs[data.draw(st.sampled_from(ids), label=kind)]
        fields, body = copy.deepcopy(rec.data), rec.body
        name, _, vocabulary = data.draw(st.sampled_from(self.FIELDS[kind]), label="field").partition(":")
        value = self.value(data, recs, rec, name, vocabulary)
        if name == "body" and body is not None:
            body = f"{value}\n" if value else "Ingen tekst.\n"
        elif value is None or value == []:
            fields.pop(name, None)
        else:
            fields[name] = value
        fix_period(fields)
        self.save(rec.path, fields, body)
        return f"{kind} {rec.id}: {name} = {value!r}"[:200]

    def value(self, data, recs: dict[str, Rec], rec: Rec, name: str, vocabulary: str):
        """A new value for a field (None: the field goes)."""
        optional = data.draw(st.integers(0, 5), label="remove") == 0 and not (rec.type == "meeting" and name == "date")
        if name in ("title", "name"):
            return self.title(data) + (" Kommune" if name == "name" else "")
        if optional:
            return None
        if vocabulary:
            return data.draw(st.sampled_from(self.vocabulary(vocabulary)), label=name)
        if name in ("themes", "sdgs", "audience", "needs"):
            return self.keys(data, {"audience": "audiences"}.get(name, name))
        if name in ("start", "end", "deadline", "date"):
            return self.date(data, day=name == "date")
        if name in (
            "summary",
            "short_name",
            "short_title",
            "track_label",
            "track_label_plural",
            "label",
            "promise",
            "price",
            "how",
            "committee",
            "budget",
            "funding",
            "address",
        ):
            return self.words(data)
        if name in ("body", "goal", "vision", "editor_note"):
            return self.markdown(data, recs, rec.id)
        if name == "as_of":
            return self.date(data)
        if name == "web":
            return f"https://example.dk/{self.next()}"
        if name == "adopted":
            return {"date": self.date(data, day=True), "by": self.words(data, 1, 2)}
        if name == "sources":
            return [{"title": self.words(data), "url": f"https://example.dk/kilde-{self.next()}", "date": self.date(data)}]
        if name == "contacts":
            return [{"name": self.words(data, 1, 2), "email": "kontakt@example.dk", "phone": "1234 5678"}]
        if name == "sections":
            return [
                {"title": self.words(data, 1, 2), "text": self.markdown(data, recs, rec.id), "items": [{"title": self.words(data, 1, 2)}]}
            ]
        if name == "charts":
            return [
                {
                    "title": self.words(data, 1, 2),
                    "unit": "%",
                    "data": [{"label": word, "value": data.draw(st.integers(0, 100), label="value")} for word in ("Før", "Nu")],
                }
            ]
        if name == "number":
            return f"{data.draw(st.integers(1, 4), label='major')}.{data.draw(st.integers(1, 40), label='minor')}"
        if name == "budget_dkk":
            return data.draw(st.integers(0, 10**7), label="kroner")
        if name in ("responsible", "actions", "partners"):
            return [self.words(data, 1, 3) for _ in range(data.draw(st.integers(1, 3), label="items"))]
        if name == "menu":
            return data.draw(st.integers(1, 3), label="menu")
        if name == "contact":
            return {"name": self.words(data, 1, 2), "email": "kontakt@example.dk"}
        if name in self.REFS:
            kinds = self.REFS[name] or (rec.type,)
            pool = [i for i in self.ids(recs, *kinds) if i != rec.id]
            return data.draw(st.lists(st.sampled_from(pool), max_size=3, unique=True), label=name) if pool else None
        if name in ("parent", "supersedes", "provider"):
            kinds = ("organisation",) if rec.type in ("organisation", "offer") else ("strategy",)
            field = "parent" if name == "provider" else name
            pool = [i for i in self.ids(recs, *kinds) if i != rec.id and not chain_reaches(recs, i, field, rec.id)]
            return data.draw(st.sampled_from(pool), label=name) if pool else None
        if name == "goals":
            return [
                {
                    "title": self.words(data, 1, 3),
                    "value": data.draw(st.integers(1, 100), label="value"),
                    "unit": "%",
                    "deadline": self.date(data),
                }
                for _ in range(data.draw(st.integers(1, 2), label="goals"))
            ]
        if name == "key_figures":
            return [
                {"label": self.words(data, 1, 2), "value": data.draw(st.integers(0, 50000), label="value")}
                for _ in range(data.draw(st.integers(1, 2), label="figures"))
            ]
        if name == "measures":
            return self.measures(data, list(rec.data.get("measures") or []))
        if name == "items":
            return self.items(data, recs, list(rec.data.get("items") or []))
        raise AssertionError(name)

    def measures(self, data, measures: list[dict]) -> list[dict]:
        action = data.draw(st.sampled_from(["add", "remove", "edit", "edit", "edit"]), label="measures")
        if action == "add" or not measures:
            measures.append(
                {
                    "text": self.words(data),
                    "target": data.draw(st.integers(1, 500), label="target"),
                    "unit": "stk.",
                    "deadline": self.date(data),
                }
            )
            return measures
        number = data.draw(st.integers(0, len(measures) - 1), label="measure")
        if action == "remove":
            del measures[number]
            return measures
        measure = dict(measures[number])
        part = data.draw(st.sampled_from(["text", "target", "actual", "deadline", "deadline", "status", "id", "unit"]), label="part")
        measure[part] = {
            "text": lambda: self.words(data),
            "target": lambda: data.draw(st.integers(0, 500), label="target"),
            "actual": lambda: data.draw(st.integers(0, 500), label="actual"),
            "deadline": lambda: self.date(data),
            "status": lambda: data.draw(st.sampled_from(self.vocabulary("statuses")), label="status"),
            "id": lambda: f"maal-{self.next()}",
            "unit": lambda: data.draw(st.sampled_from(["stk.", "MW", "%"]), label="unit"),
        }[part]()
        measures[number] = measure
        return measures

    def items(self, data, recs: dict[str, Rec], items: list[dict]) -> list[dict]:
        actions = ["add", "remove", "outcome", "decision", "concerns", "concerns", "title", "points", "minority", "documents"]
        action = data.draw(st.sampled_from(actions), label="items")
        targets = self.ids(recs, "strategy", "track", "initiative", "organisation", "offer")
        if action == "add" or not items:
            items.append(
                {
                    "number": str(self.next()),
                    "title": self.words(data),
                    "outcome": data.draw(st.sampled_from(self.vocabulary("outcomes")), label="outcome"),
                    "concerns": data.draw(st.lists(st.sampled_from(targets), min_size=1, max_size=3, unique=True), label="concerns"),
                }
            )
            return items
        number = data.draw(st.integers(0, len(items) - 1), label="item")
        if action == "remove":
            del items[number]
            return items
        item = dict(items[number])
        if action == "outcome":
            item["outcome"] = data.draw(st.sampled_from(self.vocabulary("outcomes")), label="outcome")
        elif action == "decision":
            item["decision"] = self.markdown(data, recs, None)
        elif action == "concerns":
            item["concerns"] = data.draw(st.lists(st.sampled_from(targets), max_size=3, unique=True), label="concerns")
        elif action == "title":
            item["title"] = self.words(data)
        elif action == "minority":
            item["minority"] = self.markdown(data, recs, None)
        elif action == "documents":
            item["documents"] = [{"title": self.words(data), "date": self.date(data, day=True), "summary": self.words(data)}]
        else:
            item["points"] = [
                {
                    "number": "1",
                    "text": self.words(data),
                    "outcome": data.draw(st.sampled_from(self.vocabulary("outcomes")), label="outcome"),
                }
            ]
        items[number] = item
        return items

    def do_add_record(self, data) -> str:
        recs = self.records()
        kind = data.draw(
            st.sampled_from(["initiative", "initiative", "offer", "meeting", "page", "track folder", "strategy folder"]), label="new"
        )
        n = self.next()
        if kind == "initiative":
            folders = [f for f in self.folders(recs, "track") + self.folders(recs, "strategy")]
            folder = data.draw(st.sampled_from(folders), label="folder")
            fields = {
                "type": "initiative",
                "title": self.title(data),
                "status": data.draw(st.sampled_from(STATUSES), label="status"),
                "deadline": self.date(data),
                "themes": self.keys(data, "themes", 2),
                "measures": self.measures(data, []),
            }
            fields = {k: v for k, v in fields.items() if v != []}
            if data.draw(st.booleans(), label="markdown"):
                self.save(folder / f"ny-{n}.md", fields, self.markdown(data, recs, None) + "\n")
            else:
                self.save(folder / f"ny-{n}.yaml", fields)
            return f"added initiative ny-{n} in {folder.relative_to(self.content)}"
        if kind in ("offer", "meeting"):
            folder = data.draw(st.sampled_from(self.folders(recs, "organisation")), label="organisation")
            folder = folder / ("tilbud" if kind == "offer" else "moeder")
            if kind == "offer":
                fields = {
                    "type": "offer",
                    "title": self.title(data),
                    "promise": self.words(data),
                    "needs": self.keys(data, "needs", 2),
                    "themes": self.keys(data, "themes", 2),
                    "initiatives": data.draw(
                        st.lists(st.sampled_from(self.ids(recs, "initiative")), max_size=2, unique=True), label="initiatives"
                    ),
                }
            else:
                fields = {
                    "type": "meeting",
                    "title": self.title(data),
                    "date": self.date(data, day=True),
                    "items": self.items(data, recs, []),
                }
            self.save(folder / f"ny-{n}.yaml", {k: v for k, v in fields.items() if v != []})
            return f"added {kind} ny-{n} in {folder.relative_to(self.content)}"
        if kind == "page":
            folder = self.content / data.draw(st.sampled_from(["", "info"]), label="folder")
            fields = {"type": "page", "title": self.title(data)}
            if data.draw(st.booleans(), label="in the menu"):
                fields["menu"] = data.draw(st.integers(1, 3), label="menu")
            self.save(folder / f"side-{n}.md", fields, self.markdown(data, recs, None) + "\n")
            return f"added page side-{n}"
        if kind == "strategy folder":
            organisation = data.draw(st.sampled_from(self.folders(recs, "organisation")), label="organisation")
            strategy = organisation / f"ny-strategi-{n}"
            self.save(
                strategy / "index.yaml",
                {"type": "strategy", "title": self.title(data), "status": "vedtaget", "themes": self.keys(data, "themes", 2) or ["energi"]},
            )
        else:
            strategy = data.draw(st.sampled_from(self.folders(recs, "strategy")), label="strategy")
        folder = strategy / f"nyt-spor-{n}"
        self.save(
            folder / "index.yaml", {"type": "track", "title": self.title(data), "number": str(n), "themes": self.keys(data, "themes", 1)}
        )
        for i in range(data.draw(st.integers(1, 3), label="initiatives")):
            self.save(folder / f"indsats-{i}.yaml", {"type": "initiative", "title": self.title(data), "deadline": self.date(data)})
        return f"added the folder {folder.relative_to(self.content)}"

    # moving and deleting: ids change or go, and so must every reference to them

    def fix_references(self, change) -> int:
        """Change every reference and mention (change(id) → new id, or None: it goes); return the files changed."""
        changed = 0
        for rec in self.records().values():
            fields = references_changed(rec.type, rec.data, change)
            body = mentions(rec.body, change) if rec.body is not None else None
            if fields != rec.data or body != rec.body:
                self.save(rec.path, fields, body)
                changed += 1
        return changed

    def referenced(self, ids: set[str]) -> bool:
        seen = set()
        for rec in self.records().values():
            if rec.id not in ids:
                references_changed(rec.type, rec.data, lambda i: seen.add(i) or i)
                mentions(rec.body or "", lambda i: seen.add(i) or i)
        return bool(seen & ids)

    def settle(self, gone: dict[str, str | None], at_once: bool) -> str:
        """After records moved (id → new id) or went (id → None): fix the references now, or leave
        them for the rule to check the failure first (self.pending)."""

        def change(record_id: str) -> str | None:
            return gone.get(record_id, record_id)

        if at_once:
            self.fix_references(change)
            return ""
        if self.referenced(set(gone)):
            self.pending = change
            return " (references left broken)"
        return ""

    def free_stem(self, folder: Path, stem: str) -> str:
        taken = lambda name: any((folder / f"{name}{suffix}").exists() for suffix in ("", ".yaml", ".md", ".png", ".jpg"))  # noqa: E731
        return stem if not taken(stem) else next(f"{stem}-{n}" for n in iter(self.next, None) if not taken(f"{stem}-{n}"))

    def do_move_file(self, data, at_once: bool = True) -> str:
        recs = self.records()
        movable = [r.id for r in recs.values() if r.type in ("initiative", "offer", "meeting", "page") and r.path.stem != "index"]
        rec = recs[data.draw(st.sampled_from(sorted(movable)), label="record")]
        organisations = self.folders(recs, "organisation")
        targets = {
            "initiative": self.folders(recs, "track") + self.folders(recs, "strategy"),
            "offer": organisations + [f / "tilbud" for f in organisations],
            "meeting": organisations + [f / "moeder" for f in organisations],
            "page": [self.content, self.content / "info", self.content / "info" / "mere"],
        }[rec.type]
        folder = data.draw(st.sampled_from(sorted(set(targets) | {rec.path.parent})), label="to")  # its own: a new name
        stem = self.free_stem(folder, rec.path.stem if folder != rec.path.parent else f"{rec.path.stem}-omdoebt")
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{stem}{rec.path.suffix}"
        rec.path.rename(target)
        image = (rec.data.get("image") or {}).get("src")
        if image and (rec.path.parent / image).is_file():
            moved = f"{stem}{Path(image).suffix}"
            (rec.path.parent / image).rename(folder / moved)
            if moved != image:
                self.save(target, {**rec.data, "image": {**rec.data["image"], "src": moved}}, rec.body)
        new_id = path_id(target.relative_to(self.content).as_posix())
        return f"moved {rec.id} to {new_id}" + self.settle({rec.id: new_id}, at_once)

    def do_move_folder(self, data, at_once: bool = True) -> str:
        recs = self.records()
        kind = data.draw(st.sampled_from(["track", "track", "strategy"]), label="folder of")
        folders = [f for f in self.folders(recs, kind) if not self.frozen_below(f)]
        if not folders:
            return "no folder to move"
        folder = data.draw(st.sampled_from(folders), label="folder")
        parents = [f for f in self.folders(recs, "strategy" if kind == "track" else "organisation") if f != folder]
        parent = data.draw(st.sampled_from(sorted(parents)), label="into")
        target = parent / self.free_stem(parent, folder.name if parent != folder.parent else f"{folder.name}-flyttet")
        prefix = folder.relative_to(self.content).as_posix()
        new_prefix = target.relative_to(self.content).as_posix()
        gone = {i: new_prefix + i[len(prefix) :] for i in recs if i == prefix or i.startswith(prefix + "/")}
        folder.rename(target)
        return f"moved the folder {prefix} to {new_prefix}" + self.settle(gone, at_once)

    def do_delete_file(self, data, at_once: bool = True) -> str:
        recs = self.records()
        deletable = sorted(r.id for r in recs.values() if r.type in ("initiative", "offer", "meeting", "page") and r.path.stem != "index")
        rec = recs[data.draw(st.sampled_from(deletable), label="record")]
        rec.path.unlink()
        image = (rec.data.get("image") or {}).get("src")
        if image and (rec.path.parent / image).is_file():
            (rec.path.parent / image).unlink()
        return f"deleted {rec.id}" + self.settle({rec.id: None}, at_once)

    def do_delete_folder(self, data, at_once: bool = True) -> str:
        recs = self.records()
        folders = [f for f in self.folders(recs, "track") if not self.frozen_below(f)]
        folders += [f for f in sorted(self.content.glob("*/tilbud")) + sorted(self.content.glob("*/moeder")) if not self.frozen_below(f)]
        if not folders:
            return "no folder to delete"
        folder = data.draw(st.sampled_from(folders), label="folder")
        prefix = folder.relative_to(self.content).as_posix()
        gone = {r.id: None for r in recs.values() if folder in r.path.parents}
        shutil.rmtree(folder)
        return f"deleted the folder {prefix}" + self.settle(gone, at_once)

    # the rest of the input: settings, vocabularies, catalogues, layouts, assets, images

    def do_settings(self, data) -> str:
        path = self.content / "site.yaml"
        if path in self.frozen:
            return "settings are broken"
        settings_ = yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)
        name = data.draw(
            st.sampled_from(
                ["title", "title", "tagline", "description", "publisher", "languages", "languages", "licence", "markdown_html"]
            ),
            label="setting",
        )
        if name == "languages":
            settings_[name] = data.draw(st.sampled_from([["da"], ["da", "en"], ["en", "da"]]), label="languages")
        elif name == "licence":
            licence = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
            settings_[name] = None if settings_.get(name) else licence
        elif name == "markdown_html":
            settings_[name] = not settings_.get(name)
        else:
            settings_[name] = self.words(data, 1, 3)
        self.write(path, dump({k: v for k, v in settings_.items() if v is not None}))
        return f"settings: {name} = {settings_[name]!r}"

    def do_vocabulary(self, data) -> str:
        name = data.draw(
            st.sampled_from(
                [
                    "themes",
                    "themes",
                    "statuses",
                    "lifecycle",
                    "audiences",
                    "roles",
                    "needs",
                    "outcomes",
                    "organisation_kinds",
                    "strategy_kinds",
                    "sdgs",
                ]
            ),
            label="vocabulary",
        )
        path = self.content / "vocabularies" / f"{name}.yaml"
        if path in self.frozen:
            return "the vocabulary is broken"
        entries = yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)
        if data.draw(st.integers(0, 4), label="new entry") == 0:
            key = f"nyt-{self.next()}"
            entries[key] = {"da": self.words(data, 1, 2), "en": "New"}
            self.write(path, dump(entries))
            return f"vocabulary {name}: added {key}"
        key = data.draw(st.sampled_from(["energi", "klima"] if name == "themes" else sorted(entries)), label="entry")
        language = data.draw(st.sampled_from(["da", "da", "en"]), label="language")
        entries[key] = {**entries[key], language: self.words(data, 1, 3)}
        self.write(path, dump(entries))
        return f"vocabulary {name}: {key}.{language} = {entries[key][language]!r}"

    def do_catalogue(self, data) -> str:
        language = data.draw(st.sampled_from(["da", "da", "en"]), label="catalogue")
        path = self.layouts / "i18n" / f"{language}.yaml"
        if path in self.frozen:
            return "the catalogue is broken"
        messages = yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)
        keys = sorted(k for k, v in messages.items() if isinstance(v, str) and "{" not in v and k != "months")
        key = data.draw(st.sampled_from(["home", "page_themes", "kind_initiative", "last_updated", *keys]), label="message")
        messages[key] = f"{messages[key]} {self.words(data, 1, 1).lower()}"
        self.write(path, dump(messages))
        return f"catalogue {language}: {key} = {messages[key]!r}"

    def templates(self) -> list[str]:
        """The similar work partial first (the simplest example's choice): Python renders it, no template includes it."""
        return sorted(
            (
                p.relative_to(self.layouts).as_posix()
                for p in self.layouts.rglob("*")
                if p.is_file() and p.suffix in (".html", ".xml", ".txt")
            ),
            key=lambda name: (name != "partials/similar.html", name),
        )

    @staticmethod
    def anchor(name: str, text: str) -> str:
        """Where an edit goes into a template: somewhere every page made with it renders."""
        for anchor in ("</h1>", "</main>", "{%- endmacro %}", "{% if similar %}", "</urlset>", "Allow: /"):
            if anchor in text:
                return anchor
        raise AssertionError(name)

    def do_layout(self, data) -> str:
        name = data.draw(st.sampled_from(self.templates()), label="template")
        path = self.layouts / name
        if path in self.frozen:
            return "the template is broken"
        text = path.read_text(encoding="utf-8")
        mode = data.draw(st.sampled_from(["visible", "visible", "silent", "original"]), label="how")
        n = self.next()
        if mode == "visible":
            anchor = self.anchor(name, text)
            mark = f"# edit {n}\n" if name.endswith(".txt") else f"<!-- edit {n} -->"
            text = text.replace(anchor, mark + anchor if anchor != "Allow: /" else anchor + "\n" + mark.rstrip("\n"), 1)
        elif mode == "silent":
            text += f"{{# edit {n} #}}\n"  # a new source, the same pages
        else:
            text = (ROOT / "layouts" / name).read_text(encoding="utf-8")
        self.write(path, text)
        return f"template {name}: {mode}"

    def do_asset(self, data) -> str:
        action = data.draw(st.sampled_from(["colour", "colour", "css", "print", "script", "add", "remove"]), label="asset")
        n = self.next()
        if action == "colour":
            css = self.assets / "css" / "site.css"
            name = data.draw(st.sampled_from(["accent-dark", "accent", "line", "ink"]), label="property")
            colour = data.draw(st.sampled_from(COLOURS), label="colour")
            self.write(css, re.sub(rf"(--{name}:\s*)#[0-9a-fA-F]{{6}}", rf"\g<1>{colour}", css.read_text(encoding="utf-8"), count=1))
            return f"css --{name}: {colour}"
        if action in ("css", "print", "script"):
            path = self.assets / {"css": "css/site.css", "print": "css/print.css", "script": "js/search.js"}[action]
            self.write(path, path.read_text(encoding="utf-8") + f"/* edit {n} */\n")
            return f"edited {path.name}"
        extras = sorted((self.assets / "css").glob("ekstra-*.css"))
        if action == "remove" and extras:
            extra = data.draw(st.sampled_from(extras), label="extra")
            extra.unlink()
            return f"removed {extra.name}"
        self.write(self.assets / "css" / f"ekstra-{n}.css", f".ekstra-{n} {{ color: red; }}\n")
        return f"added ekstra-{n}.css"

    def image_file(self, data, path: Path, icon: bool = False) -> None:
        size = (data.draw(st.integers(512 if icon else 40, 1100), label="width"), data.draw(st.integers(40, 700), label="height"))
        image = picture(size, data.draw(st.sampled_from(COLOURS), label="colour"), self.next())
        if path.suffix == ".png" and data.draw(st.booleans(), label="transparent"):
            image = image.convert("RGBA")
            image.putpixel((0, 0), (0, 0, 0, 0))
        path.parent.mkdir(parents=True, exist_ok=True)
        image.save(path, "PNG" if path.suffix == ".png" else "JPEG", quality=80)
        self.touch(path)

    def do_image(self, data) -> str:
        recs = self.records()
        action = data.draw(st.sampled_from(["set", "set", "pixels", "remove", "icon"]), label="image")
        with_image = self.ids(
            {i: r for i, r in recs.items() if (r.data.get("image") or {}).get("src")}, "initiative", "strategy", "organisation", "page"
        )
        if action == "icon":
            path = self.content / "site.yaml"
            if path in self.frozen:
                return "settings are broken"
            settings_ = yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)
            if settings_.get("icon") and data.draw(st.booleans(), label="remove the icon"):
                del settings_["icon"]
            else:
                settings_["icon"] = "ikon.png"
                self.image_file(data, self.content / "ikon.png", icon=True)
            self.write(path, dump(settings_))
            return f"icon: {settings_.get('icon')}"
        if action in ("pixels", "remove") and with_image:
            rec = recs[data.draw(st.sampled_from(with_image), label="record")]
            source = rec.path.parent / rec.data["image"]["src"]
            if action == "pixels":  # the record stays as it is
                self.image_file(data, source)
                return f"new pixels in {source.relative_to(self.content)}"
            fields = dict(rec.data)
            del fields["image"]
            self.save(rec.path, fields, rec.body)
            source.unlink(missing_ok=True)
            return f"removed the image of {rec.id}"
        rec = recs[data.draw(st.sampled_from(self.ids(recs, "initiative", "strategy", "organisation", "page")), label="record")]
        name = f"{rec.path.stem}{data.draw(st.sampled_from(['.png', '.png', '.jpg']), label='format')}"
        old = (rec.data.get("image") or {}).get("src")
        if old and old != name:
            (rec.path.parent / old).unlink(missing_ok=True)
        self.image_file(data, rec.path.parent / name)
        image = {"src": name}
        if data.draw(st.integers(0, 3), label="decorative") == 0:
            image["decorative"] = True
        else:
            image["alt"] = self.words(data)
        if data.draw(st.booleans(), label="caption"):
            image["caption"] = self.words(data)
        self.save(rec.path, {**rec.data, "image": image}, rec.body)
        return f"gave {rec.id} the image {name}"

    def do_resave(self, data) -> str:
        """The same bytes saved again: only the modification time moves."""
        files = sorted(
            p for folder in (self.content, self.layouts, self.assets) for p in folder.rglob("*") if p.is_file() and p not in self.frozen
        )
        path = data.draw(st.sampled_from(files), label="file")
        self.write(path, path.read_bytes())
        return f"saved {path.relative_to(self.root)} unchanged"

    CONTENT_EDITS = ["organisation", "strategy", "track", "initiative", "initiative", "offer", "meeting", "page"]
    OTHER_EDITS = ["add_record", "settings", "vocabulary", "catalogue", "layout", "asset", "image", "resave"]
    STRUCTURAL = ["move_file", "move_folder", "delete_file", "delete_folder"]

    def do(self, data, name: str) -> str:
        if name in self.CONTENT_EDITS:
            return self.do_edit(data, name)
        return getattr(self, f"do_{name}")(data)

    def some_edit(self, data, pool: list[str]) -> str:
        return self.do(data, data.draw(st.sampled_from(pool), label="edit"))

    def structural(self, data, name: str) -> None:
        at_once = data.draw(st.booleans(), label="references fixed in the same save")
        what = self.do(data, name) if at_once else getattr(self, f"do_{name}")(data, at_once=False)
        if self.pending is not None:
            change, self.pending = self.pending, None
            self.check(what, error=True)
            self.fix_references(change)
            what += ", then fixed"
        self.check(what)

    # ---- the steps ----

    # In the order the first (simplest) example takes them, one each: the run in CI reaches every
    # kind of step. A template error and its undo come right before an offer's edit (issue 18's bug).
    STEPS = (
        "edit_initiative",
        "several_in_one_save",
        "template_error_then_undo",
        "edit_offer",
        "edit_strategy",
        "move_file",
        "content_error_then_fix",
        "edit_track",
        "edit_layout",
        "edit_meeting",
        "delete_file",
        "edit_catalogue",
        "edit_organisation",
        "add_record",
        "edit_vocabulary",
        "move_folder",
        "edit_image",
        "edit_page",
        "edit_asset",
        "delete_folder",
        "edit_settings",
    )

    @rule(data=st.data())
    def step(self, data):
        """One of STEPS: drawn, and taken in turn where the draws are all zero."""
        offset = data.draw(st.integers(0, len(self.STEPS) - 1), label="step")
        name = self.STEPS[(offset + self.taken) % len(self.STEPS)]
        self.taken += 1
        note(f"step {self.taken}: {name}")
        edit = name.removeprefix("edit_")
        if name in self.STRUCTURAL:
            self.structural(data, name)
        elif edit in self.CONTENT_EDITS + self.OTHER_EDITS:
            self.check(self.do(data, edit))
        else:
            getattr(self, name)(data)

    def several_in_one_save(self, data):
        count = data.draw(st.integers(2, 4), label="edits")
        self.check("; ".join(self.some_edit(data, self.CONTENT_EDITS + self.OTHER_EDITS + self.STRUCTURAL) for _ in range(count)))

    def content_error_then_fix(self, data):
        what, restore = self.break_content(data)
        self.frozen = {path for path, _ in restore}
        try:
            self.check(what, error=True)
            if data.draw(st.booleans(), label="an edit while broken"):
                what += "; " + self.some_edit(data, self.CONTENT_EDITS + self.OTHER_EDITS)
                self.check(what, error=True)
        finally:
            self.frozen = set()
        self.restore(restore)
        what += "; fixed"
        if data.draw(st.booleans(), label="an edit with the fix"):
            what += "; " + self.some_edit(data, self.CONTENT_EDITS + self.OTHER_EDITS)
        self.check(what)

    def template_error_then_undo(self, data):
        name = data.draw(st.sampled_from(self.templates()), label="template")
        path = self.layouts / name
        original = path.read_bytes()
        kind = data.draw(st.sampled_from(["syntax", "undefined", "missing include", "unknown filter"]), label="error")
        mistake = {
            "syntax": "{% if %}",
            "undefined": "{{ no_such_value.attribute }}",
            "missing include": "{% include 'partials/no-such-template.html' %}",
            "unknown filter": "{{ 1|no_such_filter }}",
        }[kind]
        text = original.decode("utf-8")
        anchor = self.anchor(name, text)
        self.write(path, text.replace(anchor, mistake + anchor, 1))
        what = f"{kind} in {name}"
        self.frozen = {path}
        try:
            self.check(what, error=True)
            if data.draw(st.booleans(), label="an edit while broken"):
                what += "; " + self.some_edit(data, self.CONTENT_EDITS + self.OTHER_EDITS)
                self.check(what, error=True)
        finally:
            self.frozen = set()
        self.restore([(path, original)])
        what += "; undone"
        if data.draw(st.booleans(), label="an edit with the undo"):
            what += "; " + self.some_edit(data, self.CONTENT_EDITS)
        self.check(what)

    def restore(self, files: list[tuple[Path, bytes | None]]) -> None:
        for path, original in files:
            if original is None:
                path.unlink(missing_ok=True)
            else:
                self.write(path, original)

    CONTENT_ERRORS = (
        "vocabulary value",
        "date",
        "yaml syntax",
        "unknown field",
        "dangling reference",
        "dangling mention",
        "wrong reference type",
        "self reference",
        "duplicate id",
        "empty file",
        "missing image",
        "broken image",
        "period",
        "duplicate measure id",
        "cycle",
        "unclosed front matter",
        "misplaced record",
        "languages",
        "vocabulary entry",
        "unknown vocabulary",
        "page address taken",
        "script address",
    )

    def break_content(self, data) -> tuple[str, list[tuple[Path, bytes | None]]]:
        """One content error: what it is, and the files that undo it (their bytes; None: remove the file)."""
        recs = self.records()
        kind = data.draw(st.sampled_from(self.CONTENT_ERRORS), label="content error")
        initiatives = self.ids(recs, "initiative")
        rec = recs[data.draw(st.sampled_from(initiatives), label="initiative")]
        fields, original = copy.deepcopy(rec.data), rec.path.read_bytes()
        n = self.next()

        def new_file(path: Path, text: str | bytes) -> list:
            self.write(path, text)
            return [(path, None)]

        markdown = [i for i in initiatives if recs[i].body is not None]
        if kind == "unclosed front matter" and markdown:
            rec = recs[data.draw(st.sampled_from(markdown), label="markdown file")]
            original = rec.path.read_bytes()
            self.write(rec.path, original.replace(b"\n---\n", b"\n", 1))  # the first is the closing one
            return f"{kind} in {rec.id}", [(rec.path, original)]
        if kind in ("yaml syntax", "unclosed front matter"):
            self.write(
                rec.path,
                original.replace(b"\n---\n", b'\nsummary: "unclosed\n---\n', 1)
                if rec.body is not None
                else original + b'\nsummary: "unclosed\n',
            )
            return f"yaml syntax in {rec.id}", [(rec.path, original)]
        if kind in ("duplicate id", "empty file", "misplaced record", "page address taken"):
            organisation = data.draw(st.sampled_from(self.folders(recs, "organisation")), label="organisation")
            return f"{kind}", new_file(
                *{
                    "duplicate id": (rec.path.parent / f"dublet-{n}.yaml", dump({"type": "initiative", "id": rec.id, "title": "Dublet"})),
                    "empty file": (rec.path.parent / f"tom-{n}.yaml", ""),
                    "misplaced record": (organisation / f"vildfaren-{n}.yaml", dump({"type": "initiative", "title": "Vildfaren"})),
                    "page address taken": (self.content / "soeg.md", front({"type": "page", "title": "Søg selv"}, "Tekst.\n")),
                }[kind]
            )
        if kind in ("languages", "vocabulary entry", "unknown vocabulary"):
            settings_path, themes = self.content / "site.yaml", self.content / "vocabularies" / "themes.yaml"
            if kind == "unknown vocabulary":
                return kind, new_file(self.content / "vocabularies" / "farver.yaml", dump({"roed": {"da": "Rød"}}))
            path = settings_path if kind == "languages" else themes
            before = path.read_bytes()
            if kind == "languages":
                self.write(path, dump({**yaml.load(before, Loader=LOADER), "languages": ["da", "xx"]}))
            else:
                self.write(path, before + b"uden-dansk:\n  en: No Danish\n")
            return kind, [(path, before)]
        if kind == "cycle":
            strategies = self.ids(recs, "strategy")
            one, two = data.draw(st.lists(st.sampled_from(strategies), min_size=2, max_size=2, unique=True), label="strategies")
            restore = [(recs[one].path, recs[one].path.read_bytes()), (recs[two].path, recs[two].path.read_bytes())]
            self.save(recs[one].path, {**recs[one].data, "parent": two}, recs[one].body)
            self.save(recs[two].path, {**recs[two].data, "parent": one}, recs[two].body)
            return f"parent cycle {one} ↔ {two}", restore
        restore = [(rec.path, original)]
        if kind == "vocabulary value":
            fields["status"] = "maaske"
        elif kind == "date":
            fields["deadline"] = "2027-13"
        elif kind == "unknown field":
            fields["titel"] = "Dansk feltnavn"
        elif kind == "dangling reference":
            fields["related"] = [*(fields.get("related") or []), MISSING]
        elif kind == "dangling mention":
            fields["goal"] = f"Se [noget](id:{MISSING})."
        elif kind == "wrong reference type":
            fields["offers"] = [data.draw(st.sampled_from([i for i in initiatives if i != rec.id]), label="not an offer")]
        elif kind == "self reference":
            fields["related"] = [rec.id]
        elif kind == "missing image":
            fields["image"] = {"src": f"findes-ikke-{n}.png", "alt": "Intet"}
        elif kind == "broken image":
            image = rec.path.parent / f"{rec.path.stem}-{n}.png"
            self.write(image, b"\x89PNG\r\n\x1a\n" + bytes(range(64)))
            fields["image"] = {"src": image.name, "alt": "Ødelagt"}
            restore.append((image, None))
        elif kind == "period":
            fields["start"], fields["deadline"] = "2029", "2025-H1"
        elif kind == "duplicate measure id":
            fields["measures"] = [{"id": "samme", "text": "En"}, {"id": "samme", "text": "To"}]
        elif kind == "script address":
            fields["contacts"] = [{"name": "Skurk", "url": "javascript:alert(1)"}]
        else:
            raise AssertionError(kind)
        self.save(rec.path, fields, rec.body)
        return f"{kind} in {rec.id}", restore


# The first example Hypothesis runs is the simplest: every step kind once, in turn; the second is drawn.
PreviewEquality.TestCase.settings = settings(
    max_examples=LONG_RUN or 1,
    stateful_step_count=STEP_COUNT or len(PreviewEquality.STEPS),
    derandomize=not LONG_RUN,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
)
TestPreviewEquality = PreviewEquality.TestCase
