"""Open data: a JSON twin of every record page, bulk JSON and CSV per strategy and for the whole
site, Atom feeds of what changed, and the JSON Schema of the published JSON. build.py makes every
file from pieces it keeps between builds, so the live preview remakes only what an edit touched;
page.py is what the Data page (layouts/data.html) lists.
Imports core, content, model and site; not media, search or render."""
