"""Decision history: strategies and initiatives list the agenda items that concern them, newest
first, with the decision; the meeting links back."""

from __future__ import annotations

import re

from generator.build.pipeline import build

from .conftest import MINI, write_content

LATER = """
type: meeting
title: Klimaudvalget 3. september 2025
committee: Klimaudvalget
date: 2025-09-03
items:
  - number: "4"
    title: Solceller, udvidelse
    outcome: godkendt-med-aendringer
    decision: Udvalget godkendte udvidelsen med færre anlæg end indstillet.
    concerns: [org/klima/energi/sol]
"""


def test_decisions_are_listed_newest_first_with_their_text_and_link_back(tmp_path):
    content = write_content(tmp_path, {**MINI, "org/moeder/udvalg-2025-09-03.yaml": LATER})
    build(content, tmp_path / "site")
    initiative = (tmp_path / "site/org/klima/energi/sol/index.html").read_text(encoding="utf-8")
    section = initiative.split('id="behandlet"', 1)[1].split("</section>", 1)[0]
    entries = re.findall(r"<li>.*?</li>", section, re.S)
    assert len(entries) == 2
    assert "3. september 2025: punkt 4. Solceller, udvidelse" in entries[0]  # newest first
    assert "færre anlæg end indstillet" in entries[0]
    assert "1. maj 2024: punkt 1. Status på klimaplanen" in entries[1]
    assert "Udvalget godkendte indstillingen." in entries[1]
    assert 'href="../../../moeder/udvalg-2025-09-03/index.html#punkt-4"' in entries[0]
    meeting = (tmp_path / "site/org/moeder/udvalg-2025-09-03/index.html").read_text(encoding="utf-8")
    assert 'href="../../klima/energi/sol/index.html"' in meeting  # the meeting links back
