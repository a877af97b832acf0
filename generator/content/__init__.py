"""Content: the content folder read (folder.py) and parsed with line and column for every value
(load.py; a syntax error placed where its construct starts: yaml_errors.py), checked against the
declared schema (schema.py, validate.py, jsonschema.py), the folders that must be records
(tree.py), the skeletons `new` writes (scaffold.py), and the folder's git history (history.py: when
each file last changed; changes.py: what changed in each record). Imports core only."""
