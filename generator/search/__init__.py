"""Search: Danish analysis defined once, a Whoosh index for the command line and tests, and a
fast static export that the browser client scores exactly as Whoosh's BM25F does.
Imports core, content, model and site; not media, opendata or render."""
