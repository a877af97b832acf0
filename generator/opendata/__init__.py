"""Open data: a JSON twin of every record page, bulk JSON and CSV per strategy and for the whole
site, Atom feeds of what changed, and the JSON Schema of the records. Each file is an output of the
route stage, made by Python code instead of a template (make.py), and notes what it read so the
live preview knows when to make it again."""
