"""Model: the records linked into one site (records.py: parents, references, order), each
initiative's and measure's deadline state (deadlines.py), progress toward targets (targets.py) and
the places vocabulary (places.py). Imports core and content."""
