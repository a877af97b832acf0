"""What a share card costs: CPU time and bytes per card over varied, realistic cards.

    .venv/bin/python bench/card_bench.py [N] [ROUNDS]

Draws N cards per round (ROUNDS rounds, 5 unless given), with texts made like bench/synthetic.py's
site: initiative titles of 3 to 6 Zipf-distributed words, a strategy now and then, the real
statuses, 204 cards per organisation. Prints the median over the rounds of the CPU milliseconds per
card (time.process_time, one process; each round draws other texts, while fonts and the caches of
repeated parts stay warm, as in a build) and the mean and largest card in KB.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import WORDS, sentence  # noqa: E402
from generator.media import cards  # noqa: E402
from generator.render.renderer import ASSETS  # noqa: E402

STATUSES = ["Planlagt", "I gang", "Løbende", "Gennemført", "Udskudt", "Ukendt"]


def card_texts(count: int, seed: int = 1) -> list[cards.CardText]:
    """Texts as in the synthetic site: per organisation 4 strategies and 200 initiatives."""
    rng = random.Random(seed)
    texts = []
    for i in range(count):
        organisation = f"Kommune {i // 204 + 1}"
        if i % 51 == 0:
            texts.append(cards.CardText("Strategi", "Vedtaget", f"Strategi {i % 4 + 1} for {rng.choice(WORDS)}", organisation, "Retning"))
        else:
            texts.append(cards.CardText("Indsats", rng.choice(STATUSES), sentence(rng, 3, 6)[:-1], organisation, "Retning"))
    return texts


def measure(
    count: int,
    rounds: int = 5,
    draw: Callable[[cards.CardText, cards.CardStyle], bytes] = cards.draw_card,
) -> tuple[float, list[int]]:
    """Median CPU ms per card over `rounds` and the sizes of all cards drawn. Each round draws other
    texts, as a build draws each card once; fonts and the caches of repeated parts stay warm.
    `draw` may be another version's draw_card, to compare in one run."""
    style = cards.card_style(ASSETS)
    for text in card_texts(20, seed=0):
        draw(text, style)
    times, sizes = [], []
    for round_ in range(1, rounds + 1):
        texts = card_texts(count, seed=round_)
        started = time.process_time()
        drawn = [draw(text, style) for text in texts]
        times.append((time.process_time() - started) * 1000 / count)
        sizes += map(len, drawn)
    return statistics.median(times), sizes


def main(count: int = 500, rounds: int = 5) -> None:
    ms, sizes = measure(count, rounds)
    print(
        f"{count} cards: {ms:.3f} ms CPU per card (median of {rounds} rounds); "
        f"{statistics.mean(sizes) / 1024:.1f} KB mean, {max(sizes) / 1024:.1f} KB max"
    )


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
