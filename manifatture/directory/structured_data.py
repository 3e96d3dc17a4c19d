"""schema.org descriptions (JSON-LD) of directory entries for search engines: an
Organization with its sites as Places. activities/structured_data.py builds on
the Place of a site for the events held there."""

import json
from collections.abc import Callable
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .models import Organisation, Site

CONTEXT = "https://schema.org"
# What json_script escapes: nothing in the data can close the <script> element.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def jsonld_script(data: dict | list) -> SafeString:
    """A <script type="application/ld+json"> element holding `data`."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def postal_address(*, street: str, postcode: str = "", locality: str = "") -> dict:
    address = {"@type": "PostalAddress", "streetAddress": street, "addressCountry": "IT"}
    if postcode:
        address["postalCode"] = postcode
    if locality:
        address["addressLocality"] = locality
    return address


def geo(latitude, longitude) -> dict:
    return {"@type": "GeoCoordinates", "latitude": float(latitude), "longitude": float(longitude)}


def site_place(site: Site) -> dict:
    return {
        "@type": "Place",
        "name": site.name,
        "address": postal_address(
            street=site.address, postcode=site.postcode, locality=site.comune.name
        ),
        "geo": geo(site.latitude, site.longitude),
    }


def organisation_data(
    organisation: Organisation, sites: list[Site], absolute: Callable[[str], str]
) -> dict:
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Organization",
        "@id": absolute(organisation.get_absolute_url()),
        "name": organisation.name,
        "url": absolute(organisation.get_absolute_url()),
    }
    if organisation.description:
        data["description"] = organisation.description
    if organisation.logo:
        data["logo"] = absolute(organisation.logo.url)
    if organisation.website:
        data["sameAs"] = [organisation.website]
    if organisation.founded_year:
        data["foundingDate"] = str(organisation.founded_year)
    if sites:
        data["location"] = [site_place(site) for site in sites]
    return data
