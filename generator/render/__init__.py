"""Render: Jinja templates into pages (renderer.py) with Markdown, charts, line charts and
fingerprinted assets. Imports every stage before it (core to opendata), never build or live."""
