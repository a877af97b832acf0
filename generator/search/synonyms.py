"""Search synonyms (content/vocabularies/synonyms.yaml): groups of words a search treats as one."""

from __future__ import annotations

from generator.search.analysis import analyze


def synonym_terms(vocabularies: dict[str, dict]) -> dict[str, list[str]]:
    """term → the terms of the other words of its groups. Only single words count: a phrase's
    common words (virksomhed in "nystartet virksomhed") would otherwise find everything."""
    found: dict[str, set[str]] = {}
    for group in vocabularies.get("synonyms", {}).values():
        terms = {terms[0] for word in group["words"] if len(terms := analyze(word)) == 1}
        for term in terms:
            found.setdefault(term, set()).update(terms - {term})
    return {term: sorted(others) for term, others in sorted(found.items()) if others}
