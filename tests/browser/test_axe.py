"""axe-core (pinned in package.json) finds no WCAG 2.1 A/AA violation on any page type."""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return "\n".join(lines)


def test_no_wcag_violations(page, base_url, page_sample):
    _, rel = page_sample
    page.goto(base_url + rel)
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_axe_detects_a_violation(page, base_url):
    """The check can fail: an image without alt text on a real page is reported."""
    page.goto(base_url + "index.html")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"x.png\">')")
    assert "image-alt" in {v["id"] for v in axe_violations(page)}
