"""publiccode.yml (the metadata Developers Italia's reuse catalogue reads) against
the standard, version 0.4 (https://github.com/publiccodeyml/publiccode.yml,
docs/standard/schema.core.rst and schema.it.rst at v0.4.0): every mandatory
key present, with a value of the shape the standard gives it."""

import datetime
import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from manifatture.opendata.dcat import IPA_CODE

ROOT = Path(settings.BASE_DIR)

# schema.core.rst, v0.4.0
PLATFORMS = {"web", "windows", "mac", "linux", "ios", "android"}
DEVELOPMENT_STATUS = {"concept", "development", "beta", "stable", "obsolete"}
SOFTWARE_TYPES = {
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
}
MAINTENANCE_TYPES = {"internal", "contract", "community", "none"}
# categories-list.rst, v0.4.0
CATEGORIES = {
    "accounting",
    "agile-project-management",
    "applicant-tracking",
    "application-development",
    "appointment-scheduling",
    "backup",
    "billing-and-invoicing",
    "blog",
    "budgeting",
    "business-intelligence",
    "business-process-management",
    "cad",
    "call-center-management",
    "cloud-management",
    "collaboration",
    "communications",
    "compliance-management",
    "contact-management",
    "content-management",
    "crm",
    "customer-service-and-support",
    "data-analytics",
    "data-collection",
    "data-visualization",
    "design",
    "design-system",
    "digital-asset-management",
    "digital-citizenship",
    "document-management",
    "donor-management",
    "e-commerce",
    "e-signature",
    "educational-content",
    "email-management",
    "email-marketing",
    "employee-management",
    "enterprise-project-management",
    "enterprise-social-networking",
    "erp",
    "event-management",
    "facility-management",
    "feedback-and-reviews-management",
    "financial-reporting",
    "fleet-management",
    "fundraising",
    "gamification",
    "geographic-information-systems",
    "grant-management",
    "graphic-design",
    "help-desk",
    "hr",
    "ide",
    "identity-management",
    "instant-messaging",
    "integrated-library-system",
    "inventory-management",
    "it-asset-management",
    "it-development",
    "it-management",
    "it-security",
    "it-service-management",
    "knowledge-management",
    "learning-management-system",
    "marketing",
    "mind-mapping",
    "mobile-marketing",
    "mobile-payment",
    "network-management",
    "office",
    "online-booking",
    "online-community",
    "payment-gateway",
    "payroll",
    "predictive-analysis",
    "procurement",
    "productivity-suite",
    "project-collaboration",
    "project-management",
    "property-management",
    "real-estate-management",
    "regulations-and-directives",
    "remote-support",
    "resource-management",
    "sales-management",
    "seo",
    "service-desk",
    "social-media-management",
    "survey",
    "talent-management",
    "task-management",
    "taxes-management",
    "test-management",
    "time-management",
    "time-tracking",
    "translation",
    "video-conferencing",
    "video-editing",
    "visitor-management",
    "voip",
    "warehouse-management",
}
# scope-list.rst, v0.4.0
SCOPES = {
    "agriculture",
    "culture",
    "defence",
    "education",
    "emergency-services",
    "employment",
    "energy",
    "environment",
    "finance-and-economic-development",
    "foreign-affairs",
    "government",
    "healthcare",
    "infrastructures",
    "justice",
    "local-authorities",
    "manufacturing",
    "research",
    "science-and-technology",
    "security",
    "society",
    "sport",
    "tourism",
    "transportation",
    "welfare",
}
# BCP 47: a primary language subtag, then optional subtags.
BCP47 = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
IPA = re.compile(r"^[a-z0-9_]+$")
PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff"


@pytest.fixture(scope="module")
def publiccode() -> dict:
    text = (ROOT / "publiccode.yml").read_bytes().decode("utf-8")  # the standard: UTF-8
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def is_url(value) -> bool:
    return isinstance(value, str) and re.match(r"^https?://[^\s/]+\.[^\s/]+(/\S*)?$", value)


def is_date(value) -> bool:
    """ "YYYY-MM-DD", and a real day (quoted: YAML would make an unquoted one a date)."""
    if not (isinstance(value, str) and DATE.match(value)):
        return False
    datetime.date.fromisoformat(value)
    return True


def test_top_level_mandatory_keys(publiccode):
    assert publiccode["publiccodeYmlVersion"] == "0.4"
    assert isinstance(publiccode["name"], str) and publiccode["name"].strip()
    assert is_url(publiccode["url"])
    platforms = publiccode["platforms"]
    platforms = [platforms] if isinstance(platforms, str) else platforms
    assert platforms and set(platforms) <= PLATFORMS
    categories = publiccode["categories"]
    assert isinstance(categories, list) and categories
    assert set(categories) <= CATEGORIES, set(categories) - CATEGORIES
    assert publiccode["developmentStatus"] in DEVELOPMENT_STATUS
    assert publiccode["softwareType"] in SOFTWARE_TYPES


def test_optional_top_level_keys_have_their_shape(publiccode):
    if "softwareVersion" in publiccode:
        assert isinstance(publiccode["softwareVersion"], str)
    if "releaseDate" in publiccode:
        assert is_date(publiccode["releaseDate"])
    audience = publiccode.get("intendedAudience", {})
    for country in audience.get("countries", []):
        assert re.match(r"^[a-z]{2}$", country)
    assert set(audience.get("scope", [])) <= SCOPES


def test_descriptions(publiccode):
    description = publiccode["description"]
    assert isinstance(description, dict) and description
    assert {"it", "en"} <= set(description), "Italian and English"
    for language, text in description.items():
        assert BCP47.match(language), language
        short = text["shortDescription"]
        assert isinstance(short, str) and 0 < len(short) <= 150, (language, len(short))
        # Mandatory for at least one language; we give every key in both.
        assert 150 <= len(text["longDescription"]) <= 10_000, language
        features = text["features"]
        assert isinstance(features, list) and features
        assert all(isinstance(feature, str) and feature.strip() for feature in features)
        for key in ("documentation", "apiDocumentation"):
            if key in text:
                assert is_url(text[key]), (language, key)
        for path in text.get("screenshots", []):
            # A path from the repository's root (or a URL to a file in it), PNG or JPG.
            file = ROOT / path
            assert file.is_file(), path
            head = file.read_bytes()[:8]
            assert head.startswith(PNG) or head.startswith(JPEG), path


def test_legal_matches_the_licence_we_ship(publiccode):
    licence = publiccode["legal"]["license"]
    assert licence == "AGPL-3.0-or-later"
    assert tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"] == licence
    assert json.loads((ROOT / "package.json").read_text())["license"] == licence
    text = (ROOT / "LICENSE").read_text()
    assert text.lstrip().startswith("GNU AFFERO GENERAL PUBLIC LICENSE\n")
    assert "Version 3, 19 November 2007" in text
    assert "13. Remote Network Interaction; Use with the GNU General Public License." in text
    assert text.rstrip().endswith("<https://www.gnu.org/licenses/>.")


def test_maintenance(publiccode):
    maintenance = publiccode["maintenance"]
    assert maintenance["type"] in MAINTENANCE_TYPES
    if maintenance["type"] == "contract":
        assert maintenance["contractors"]
        for contractor in maintenance["contractors"]:
            assert contractor["name"].strip()
            assert is_date(contractor["until"])
    if maintenance["type"] in {"internal", "community"}:
        assert maintenance["contacts"]
        for contact in maintenance["contacts"]:
            assert isinstance(contact["name"], str) and contact["name"].strip()


def test_localisation_is_what_the_site_offers(publiccode):
    localisation = publiccode["localisation"]
    assert localisation["localisationReady"] is True
    languages = localisation["availableLanguages"]
    assert all(BCP47.match(language) for language in languages)
    assert languages == [code for code, _name in settings.LANGUAGES]


def test_dependencies(publiccode):
    depends = publiccode["dependsOn"]
    names = set()
    for kind in ("open", "proprietary", "hardware"):
        for dependency in depends.get(kind, []):
            assert isinstance(dependency["name"], str) and dependency["name"].strip()
            names.add(dependency["name"])
            for key in ("version", "versionMin", "versionMax"):
                if key in dependency:
                    assert isinstance(dependency[key], str), (dependency["name"], key)
            if "optional" in dependency:
                assert isinstance(dependency["optional"], bool)
    assert {"PostgreSQL", "Redis", "SMTP server"} <= names


def test_italian_extension(publiccode):
    italy = publiccode["it"]
    assert italy["countryExtensionVersion"] == "1.0"
    for section in ("conforme", "piattaforme"):
        assert all(isinstance(value, bool) for value in italy.get(section, {}).values())
    assert set(italy["conforme"]) <= {
        "lineeGuidaDesign",
        "modelloInteroperabilita",
        "misureMinimeSicurezza",
        "gdpr",
    }
    assert set(italy["piattaforme"]) <= {"spid", "cie", "anpr", "pagopa", "io"}
    # The owner is a public administration: its iPA code is mandatory, the one the
    # open-data catalogue names as publisher.
    assert IPA.match(italy["riuso"]["codiceIPA"])
    assert italy["riuso"]["codiceIPA"] == IPA_CODE
