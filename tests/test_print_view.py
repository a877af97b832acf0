""""Udskriv hele strategien": a whole strategy laid out as one document."""

from __future__ import annotations

from generator.pipeline import build

from .conftest import write_content
from .test_rollup import PLAN
from .test_taxonomy import text_of


def test_the_print_view_holds_the_whole_strategy(tmp_path):
    build(write_content(tmp_path, PLAN), tmp_path / "site")
    strategy = (tmp_path / "site/org/klima/index.html").read_text(encoding="utf-8")
    assert '<a href="udskriv/index.html">Udskriv hele strategien</a>' in strategy
    page = (tmp_path / "site/org/klima/udskriv/index.html").read_text(encoding="utf-8")
    text = text_of(page)
    assert "Klimaplan 2023-2030" in text and "85 % mindre CO2" in text  # title and goals
    # every track, then its initiatives in order, with their measures and offers
    order = ["Ben 1: Energi", "1.1. Solceller på tagene", "Installeret effekt", "12,5 MW",
             "Gratis energirådgivning (Svar inden 24 timer)", "1.2. Fjernvarme", "Ben 2: Transport", "Cykelstier",
             "Elbusser", "20 elbusser", "Ladestation", "Arbejdspladser"]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert '<a href="../index.html">Klimaplan 2023-2030</a>' in page  # breadcrumbs lead back
