"""Media: the files made with Pillow beside the pages (image variants, share cards, icons) and the
cache that keeps them between builds by the hash of what they are drawn from. Imports core,
content, model and site; not search, opendata or render."""
