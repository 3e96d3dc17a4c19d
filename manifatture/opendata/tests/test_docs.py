"""The API reference page: rendered on the server from the OpenAPI document (a
complete reference without JavaScript), with the template the "try it" script
fills in."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from manifatture.opendata import openapi, reference

pytestmark = pytest.mark.django_db


def sections(html: str) -> dict[str, str]:
    """Each operation's section of the page, by operationId."""
    found = re.findall(
        r'<section class="api-operation[^"]*" id="([a-z_]+)" data-operation-id="\1".*?</section>',
        html,
        flags=re.S,
    )
    return {
        operation_id: re.search(
            rf'data-operation-id="{operation_id}".*?</section>', html, flags=re.S
        ).group(0)
        for operation_id in found
    }


def test_every_operation_of_the_document_is_on_the_page_with_its_parameters(client):
    document = client.get(reverse("api:openapi")).json()
    html = client.get(reverse("api:docs")).content.decode()
    on_page = sections(html)
    operations = [
        (path, operation) for path, item in document["paths"].items() for operation in item.values()
    ]
    assert len(operations) == 14
    assert set(on_page) == {operation["operationId"] for _path, operation in operations}
    for path, operation in operations:
        section = on_page[operation["operationId"]]
        assert f"<code>{path}</code>" in section
        for parameter in operation["parameters"]:
            assert f"<code>{parameter['name']}</code>" in section, (path, parameter["name"])
            if parameter.get("description"):
                assert escape(parameter["description"]) in section
        for status in operation["responses"]:
            assert f"<code>{status}</code>" in section
        assert "<div data-try-slot></div>" in section


def test_parameter_constraints_and_row_fields_come_from_the_document(client):
    html = client.get(reverse("api:docs")).content.decode()
    activities = sections(html)["list_activities"]
    assert "valori: guided_visit, open_doors, workshop" in activities
    assert "da 2000 a 2100" in activities  # edition
    assert "da 1 a 9" in activities  # municipio
    assert "forma: ^[0-9]{6}$" in activities  # comune
    assert "predefinito: 50" in activities  # page_size
    detail = sections(html)["get_activities"]
    assert "nel percorso" in detail and "obbligatorio" in detail
    # The fields of a row, after the operations of the resource.
    assert '<th scope="row"><code>places_left</code></th>' in html
    assert "può mancare (null)" in html


def test_reference_reads_any_openapi_document():
    # The page is built from the document, not from the resource table: a
    # document with one operation gives one group with that operation.
    document = {
        "openapi": "3.1.0",
        "servers": [{"url": "https://example.org/api"}],
        "paths": {
            "/things/{id}/": {
                "get": {
                    "operationId": "get_thing",
                    "summary": "Una cosa",
                    "tags": ["things"],
                    "parameters": [{"$ref": "#/components/parameters/Id"}],
                    "responses": {
                        "200": {
                            "description": "La cosa.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Thing"}
                                }
                            },
                        },
                        "429": {"$ref": "#/components/responses/Slow"},
                    },
                }
            }
        },
        "components": {
            "parameters": {
                "Id": {
                    "name": "id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "integer", "minimum": 1},
                }
            },
            "responses": {"Slow": {"description": "Troppe richieste."}},
            "schemas": {
                "Thing": {
                    "type": "object",
                    "properties": {"name": {"type": ["string", "null"], "description": "Nome."}},
                }
            },
        },
    }
    (group,) = reference.groups(document)
    (operation,) = group.operations
    assert (group.tag, operation.id, operation.url) == (
        "things",
        "get_thing",
        "https://example.org/api/things/{id}/",
    )
    (parameter,) = operation.parameters
    assert (parameter.name, parameter.location, parameter.required, parameter.type) == (
        "id",
        "path",
        True,
        "integer",
    )
    assert parameter.constraints == ["almeno 1"]
    assert [(r.status, r.description) for r in operation.responses] == [
        ("200", "La cosa."),
        ("429", "Troppe richieste."),
    ]
    (name,) = group.properties
    assert (name.name, name.type, name.constraints) == ("name", "string", ["può mancare (null)"])


def test_the_page_has_no_inline_script_or_style_and_loads_the_try_it_script(client):
    html = client.get(reverse("api:docs")).content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all("src=" in tag for tag in scripts)
    assert "style=" not in html
    assert "/static/js/api-docs.js" in html
    assert 'data-openapi-url="/api/v1/openapi.json"' in html
    assert '<template id="api-try-template">' in html
    assert 'role="status"' in html  # the result is announced


def test_the_page_in_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("api:docs")).content.decode()
    assert "Open data API, version 1" in html
    assert "Try it" in html
    assert "Send the request" in html
    assert "in the query" in html
    assert "values: guided_visit" in html
    assert "written in Italian" in html


def test_the_page_reads_no_database(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("api:docs")).status_code == 200
    assert [q["sql"] for q in captured if "django_session" not in q["sql"]] == []


def test_the_documented_server_is_the_one_serving_the_page(client):
    html = client.get(reverse("api:docs")).content.decode()
    assert "<code>http://testserver/api/v1</code>" in html
    assert openapi.document("http://testserver/api/v1")["servers"][0]["url"] in html
