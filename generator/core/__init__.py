"""Core: what every stage uses: content problems with positions, partial dates, Danish slugs, the
dependency store (depends.py), forked workers, the heap setting of the preview, the interface
catalogues (i18n.py), the messages to editors in their language (messages.py) and CSV for Danish
Excel (spreadsheet.py). Imports nothing else of Retning."""
