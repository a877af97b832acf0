"""Charts drawn at build time: horizontal bars as inline SVG, with a title, a description and every
number as text, so the chart needs no script and reads the same to a screen reader."""

from __future__ import annotations

from xml.sax.saxutils import escape

from markupsafe import Markup

from generator.core.i18n import Catalogue

WIDTH = 640
ROW = 46  # a label line above each bar
BAR = 18
VALUE_ROOM = 150  # right of the longest bar, for its value


def bar_chart(chart: dict, chart_id: str, t: Catalogue) -> Markup:
    """An SVG bar chart of chart["data"], its text from the catalogue `t` of the page's language. Empty
    when there is nothing to draw (no data, or negative values, which a table shows better)."""
    number = t.number
    points = chart.get("data") or []
    values = [p["value"] for p in points] + [p["target"] for p in points if p.get("target") is not None]
    if not points or min(values) < 0 or max(values) == 0:
        return Markup("")
    unit = chart.get("unit") or ""
    scale = (WIDTH - VALUE_ROOM) / max(values)

    def with_unit(value: float) -> str:
        return f"{number(value)} {unit}".strip()

    summary = "; ".join(
        f"{p['label']}: {with_unit(p['value'])}"
        + (f" ({t('chart_target', value=with_unit(p['target']))})" if p.get("target") is not None else "")
        for p in points
    )
    height = ROW * len(points) + 8
    rows = []
    for index, point in enumerate(points):
        top = index * ROW
        bar_width = max(1.0, point["value"] * scale)
        rows.append(f'<text class="chart__label" x="0" y="{top + 14}">{escape(point["label"])}</text>')
        rows.append(f'<rect class="chart__bar" x="0" y="{top + 20}" width="{bar_width:.1f}" height="{BAR}"/>')
        rows.append(f'<text class="chart__value" x="{bar_width + 6:.1f}" y="{top + 34}">{escape(with_unit(point["value"]))}</text>')
        if point.get("target") is not None:
            x = point["target"] * scale
            rows.append(f'<line class="chart__target" x1="{x:.1f}" x2="{x:.1f}" y1="{top + 16}" y2="{top + 42}"/>')
    title_id, desc_id = f"{chart_id}-titel", f"{chart_id}-beskrivelse"
    targets = ""
    if any(p.get("target") is not None for p in points):
        targets = " " + t("chart_targets_shown")
        rows.append(
            f'<line class="chart__target" x1="0" x2="0" y1="{height + 2}" y2="{height + 18}"/>'
            f'<text class="chart__label" x="10" y="{height + 14}">{escape(t("chart_target_legend"))}</text>'
        )
        height += 24
    svg = (
        f'<svg class="chart__svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{title_id}">{escape(chart["title"])}</title>'
        f'<desc id="{desc_id}">{escape(summary)}.{targets}</desc>{"".join(rows)}</svg>'
    )
    return Markup(svg)
