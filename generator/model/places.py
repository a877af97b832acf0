"""Where an offer applies. The places vocabulary (content/vocabularies/places.yaml) names regions
and municipalities, each municipality `within` its region. An offer serves its own `area`, else its
provider's. Choosing a place in the offer finder keeps the offers that serve it, the region it lies
in, or (for a region) a municipality within it: a business in Albertslund sees Albertslund's own
offers and those of the capital region's business house."""

from __future__ import annotations

from generator.model.records import Record, Site


def area_of(offer: Record) -> list[str]:
    """The places an offer serves: its own `area`, else its provider's."""
    own = offer.data.get("area")
    if own:
        return list(own)
    provider = offer.parent
    return list(provider.data.get("area") or []) if provider is not None and provider.type == "organisation" else []


def matching_places(site: Site, offer: Record) -> set[str]:
    """Every place whose choice keeps the offer (see the module)."""
    places = site.vocabularies.get("places", {})
    served = set(area_of(offer))
    regions = {places[key].get("within") for key in served if key in places} - {None}
    inside = {key for key, entry in places.items() if entry.get("within") in served}
    return served | regions | inside
