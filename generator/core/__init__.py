"""Core: what every stage uses: content problems with positions, partial dates, Danish slugs, the
dependency store (depends.py), forked workers, the heap setting of the preview and the interface
catalogues (i18n.py). Imports nothing else of Retning."""
