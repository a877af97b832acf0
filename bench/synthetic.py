"""Generate a synthetic content/ of about N pages: organisations × strategies × tracks × initiatives
(with measures), in Danish-like text whose word frequencies follow Zipf's law over a 20,000-word
vocabulary (so a term is rare or common as in real text), with the real vocabularies and settings.

    .venv/bin/python bench/synthetic.py N OUT_DIR
"""

from __future__ import annotations

import random
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = [
    "kommune",
    "erhverv",
    "vækst",
    "klima",
    "energi",
    "borger",
    "virksomhed",
    "uddannelse",
    "arbejdskraft",
    "indsats",
    "strategi",
    "plan",
    "mål",
    "byudvikling",
    "samarbejde",
    "iværksætter",
    "rådgivning",
    "infrastruktur",
    "bæredygtig",
    "omstilling",
    "grøn",
    "lokal",
    "regional",
    "digital",
    "innovation",
    "forskning",
    "viden",
    "netværk",
    "praktik",
    "rekruttering",
    "sagsbehandling",
    "byggesag",
    "ladestander",
    "cykelsti",
    "fjernvarme",
    "solcelle",
    "affald",
    "genbrug",
    "natur",
    "vand",
    "klimatilpasning",
    "skole",
    "elev",
    "erhvervsuddannelse",
    "beskæftigelse",
    "turisme",
    "eksport",
    "handel",
    "produktion",
    "service",
    "kvalitet",
    "udvikling",
    "fællesskab",
    "forening",
    "frivillig",
    "partnerskab",
    "handleplan",
    "delmål",
    "status",
    "fremdrift",
    "resultat",
    "økonomi",
    "budget",
    "finansiering",
    "kapacitet",
    "hurtig",
    "effektiv",
    "smidig",
    "tæt",
    "dialog",
    "stærk",
    "attraktiv",
    "ny",
]
STATUSES = ["planlagt", "i-gang", "loebende", "gennemfoert", "udskudt", "ukendt"]
THEMES = ["klima", "energi", "erhvervsservice", "uddannelse", "arbejdskraft", "mobilitet", "innovation"]
ROLES = ["selv", "medejer", "faellesskab"]


SYLLABLES = [
    "bor",
    "ka",
    "le",
    "mi",
    "sk",
    "ov",
    "er",
    "ing",
    "hed",
    "ning",
    "sted",
    "vej",
    "land",
    "by",
    "gaard",
    "holm",
    "lund",
    "strup",
    "rup",
    "bæk",
    "sø",
    "skov",
    "mark",
    "tek",
    "ni",
    "sk",
    "værk",
    "fa",
    "brik",
    "han",
    "del",
    "rå",
    "gi",
    "vn",
    "ing",
    "an",
    "læg",
    "pro",
    "jekt",
    "ud",
    "vik",
    "ling",
    "sam",
    "ar",
    "bej",
    "de",
]


def vocabulary(size: int = 20_000, seed: int = 7) -> list[str]:
    """Danish-like words: the seed words, compounds of them, and made-up words from syllables."""
    rng = random.Random(seed)
    words = list(WORDS)
    while len(words) < size:
        kind = rng.random()
        if kind < 0.4:
            words.append(rng.choice(WORDS) + rng.choice(("", "s", "e")) + rng.choice(WORDS))
        else:
            words.append("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return list(dict.fromkeys(words))


VOCABULARY = vocabulary()
# Zipf's law: the n-th most common word is used about 1/n as often as the most common one.
ZIPF_WEIGHTS = [1 / rank for rank in range(1, len(VOCABULARY) + 1)]


def sentence(rng: random.Random, low: int = 6, high: int = 14) -> str:
    words = rng.choices(VOCABULARY, weights=ZIPF_WEIGHTS, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, sentences: int = 5) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def quoted(text: str) -> str:
    return '"' + text.replace('"', "'") + '"'


def generate(pages: int, out: Path, seed: int = 1, languages: tuple[str, ...] = ("da",)) -> int:
    """Write about `pages` records to out/ (one page each per interface language); return the
    number of records written."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    settings = (ROOT / "content" / "site.yaml").read_text(encoding="utf-8")
    settings = re.sub(r"(?m)^languages:.*$", f"languages: [{', '.join(languages)}]", settings)
    (out / "site.yaml").write_text(settings, encoding="utf-8")
    shutil.copytree(ROOT / "content" / "vocabularies", out / "vocabularies")
    strategies_per_org, tracks_per_strategy, initiatives_per_track = 4, 5, 10
    per_org = 1 + strategies_per_org * (1 + tracks_per_strategy * (1 + initiatives_per_track))
    organisations = max(1, -(-pages // per_org))
    written = 0
    for o in range(1, organisations + 1):
        org = out / f"kommune-{o}"
        org.mkdir()
        (org / "index.yaml").write_text(
            f"type: organisation\nname: {quoted(f'Kommune {o}')}\nkind: kommune\nsummary: {quoted(sentence(rng))}\n", encoding="utf-8"
        )
        written += 1
        for s in range(1, strategies_per_org + 1):
            strategy = org / f"strategi-{s}"
            strategy.mkdir()
            (strategy / "index.md").write_text(
                f"---\ntype: strategy\ntitle: {quoted(f'Strategi {s} for {rng.choice(WORDS)}')}\nkind: strategi\n"
                f"status: vedtaget\nstart: 2020\nend: 2030\nsummary: {quoted(sentence(rng))}\n"
                f"vision: {quoted(paragraph(rng, 2))}\nthemes: [{rng.choice(THEMES)}]\n"
                'goals:\n  - title: "Halvering af udledningen"\n    value: 50\n    unit: "%"\n    deadline: 2030\n'
                'key_figures:\n  - label: "Arbejdspladser"\n    value: 45000\n'
                f"---\n{paragraph(rng, 8)}\n",
                encoding="utf-8",
            )
            written += 1
            for t in range(1, tracks_per_strategy + 1):
                track = strategy / f"spor-{t}"
                track.mkdir()
                (track / "index.yaml").write_text(
                    f"type: track\nnumber: '{t}'\ntitle: {quoted(f'Spor {t}: {rng.choice(WORDS)}')}\ngoal: {quoted(sentence(rng))}\n",
                    encoding="utf-8",
                )
                written += 1
                for i in range(1, initiatives_per_track + 1):
                    if written >= pages:
                        return written
                    measures = "".join(
                        f"  - text: {quoted(sentence(rng, 4, 8))}\n    target: {rng.randint(1, 500)}\n"
                        f'    unit: "stk."\n    deadline: {rng.randint(2020, 2030)}\n'
                        f"    status: {rng.choice(STATUSES)}\n"
                        for _ in range(rng.randint(1, 4))
                    )
                    (track / f"indsats-{i}.md").write_text(
                        f"---\ntype: initiative\nnumber: '{t}.{i}'\ntitle: {quoted(sentence(rng, 3, 6)[:-1])}\n"
                        f"summary: {quoted(sentence(rng))}\nstatus: {rng.choice(STATUSES)}\n"
                        f"deadline: {rng.randint(2020, 2030)}\nrole: {rng.choice(ROLES)}\n"
                        f"themes: [{rng.choice(THEMES)}]\nmeasures:\n{measures}---\n"
                        f"{paragraph(rng, 6)}\n\n{paragraph(rng, 6)}\n",
                        encoding="utf-8",
                    )
                    written += 1
    return written


if __name__ == "__main__":
    count = generate(int(sys.argv[1]), Path(sys.argv[2]))
    print(f"{count} records written to {sys.argv[2]}")
