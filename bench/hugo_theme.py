"""What the benches' Hugo sites share (bench/peers.py, bench/preview_bench.py): the page frame and
the themes taxonomy. Each bench adds the layouts and settings its measurement needs."""

BASEOF = """<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>{{ .Title }} – {{ .Site.Title }}</title></head>
<body><nav>{{ range .Ancestors.Reverse }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> / {{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"""
TAXONOMIES = """[taxonomies]
theme = "themes"
"""
