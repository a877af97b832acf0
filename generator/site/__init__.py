"""Site: where every page goes (route.py) and the views computed from the model that pages and
reports share: taxonomy terms, the timeline, progress roll-ups, change descriptions, and the
`check --stale` and `check --notes` reports. Imports core, content and model."""
