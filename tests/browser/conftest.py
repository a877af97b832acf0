"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright; no browser downloads."""

from __future__ import annotations

import os
import shutil

import pytest
from playwright.sync_api import sync_playwright

from ..quality_site import samples, server

CHROMIUM = os.environ.get("RETNING_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]


def pytest_generate_tests(metafunc):
    if "page_sample" in metafunc.fixturenames:
        chosen = samples()
        metafunc.parametrize("page_sample", chosen, ids=[f"{kind}:{rel}" for kind, rel in chosen])


@pytest.fixture(scope="session")
def base_url() -> str:
    return server()[0]


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(locale="da-DK")
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()
