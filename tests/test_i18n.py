"""Interface catalogues: the same keys in every language, every key a template uses exists, and
numbers and dates formatted by locale."""

from __future__ import annotations

import datetime as dt
import re

from generator.dates import parse_date
from generator.i18n import LANGUAGES, load_catalogue

from .conftest import ROOT

LAYOUTS = ROOT / "layouts"


def test_every_language_has_the_same_keys():
    keys = {language: set(load_catalogue(LAYOUTS, language).messages) for language in LANGUAGES}
    assert keys["da"] == keys["en"]


def test_every_key_the_templates_use_exists():
    used = set()
    for template in LAYOUTS.rglob("*.html"):
        used |= set(re.findall(r"\bt\('([a-z_]+)'", template.read_text(encoding="utf-8")))
    assert used, "the templates use the catalogue"
    assert used <= set(load_catalogue(LAYOUTS, "da").messages)


def test_numbers_and_dates_by_locale():
    da, en = load_catalogue(LAYOUTS, "da"), load_catalogue(LAYOUTS, "en")
    assert (da.number(1400), da.number(12.5), da.number(45000)) == ("1.400", "12,5", "45.000")
    assert (en.number(1400), en.number(12.5)) == ("1,400", "12.5")
    assert da.date(dt.date(2011, 6, 14)) == "14. juni 2011" and en.date(dt.date(2011, 6, 14)) == "14 June 2011"
    assert da.date(parse_date("2025-H2")) == "2. halvår 2025" and en.date(parse_date("2025-H2")) == "H2 2025"
    assert da.date(parse_date("2024-05")) == "maj 2024" and en.date(parse_date("2024-Q3")) == "Q3 2024"
    assert da.date(parse_date("ukendt")) == "ukendt" and en.date(parse_date("ukendt")) == "unknown"


def test_an_unknown_interface_language_is_a_content_error(tmp_path, capsys):
    from generator.cli import main

    from .conftest import MINI, write_content

    content = write_content(tmp_path, MINI)
    settings = content / "site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('language: "da"', "language: fr"), encoding="utf-8")
    assert main(["build", "--content", str(content), "--out", str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    assert "content/site.yaml:8:1: language: 'fr' is not an interface language; choose one of da, en" in err
    assert not (tmp_path / "site").exists()


def test_the_english_catalogue_changes_the_interface_not_the_content(tmp_path):
    from generator.pipeline import build

    from .conftest import MINI, write_content

    content = write_content(tmp_path, MINI)
    settings = content / "site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('language: "da"', "language: en"), encoding="utf-8")
    build(content, tmp_path / "site")
    page = (tmp_path / "site/org/klima/index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and ">Skip to content</a>" in page and 'aria-label="Main menu"' in page
    assert "Klimaplan 2023-2030" in page  # content keeps its language
    assert "45,000" in page  # numbers by locale
