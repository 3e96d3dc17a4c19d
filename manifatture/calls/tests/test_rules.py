"""Eligibility rules and attachment checks, one rule per test."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from manifatture.calls.eligibility import ateco_section, check_eligibility, section_choices
from manifatture.calls.tests.conftest import PDF, make_applicant
from manifatture.calls.tests.factories import CallFactory, RequirementFactory
from manifatture.calls.uploads import check_attachment, clean_name, detect_type

pytestmark = pytest.mark.django_db


# Eligibility ---------------------------------------------------------------------------


def test_ateco_code_is_walked_up_to_its_section():
    assert ateco_section("25.62.00") == "C"
    assert ateco_section("62.10.00") == "K"
    assert ateco_section("") is None
    assert ateco_section("zz") is None
    assert ("C", "C – Attività manifatturiere") in section_choices()


def test_an_eligible_organisation_has_no_reasons(applicant):
    result = check_eligibility(CallFactory(ateco_sections=["C"]), applicant.organisation)
    assert result.eligible
    assert result.reasons == []


def test_an_ateco_section_not_admitted_is_explained():
    software = make_applicant(ateco="62.10.00")
    result = check_eligibility(CallFactory(ateco_sections=["C"]), software.organisation)
    assert not result.eligible
    assert result.reasons == [
        "Il codice ATECO 62.10.00 (sezione K) non è ammesso: il bando è aperto alle sezioni C."
    ]


def test_a_missing_ateco_code_is_explained():
    organisation = make_applicant(ateco="").organisation
    result = check_eligibility(CallFactory(ateco_sections=["C", "M"]), organisation)
    assert result.reasons == [
        "Il profilo dell'organizzazione non ha un codice ATECO: aggiungetelo per candidarvi "
        "(sezioni ammesse: C, M)."
    ]


def test_no_ateco_sections_means_every_sector():
    software = make_applicant(ateco="62.10.00")
    assert check_eligibility(CallFactory(ateco_sections=[]), software.organisation).eligible


def test_a_seat_outside_the_metropolitan_area_is_explained():
    brescia = make_applicant(province="BS")
    result = check_eligibility(CallFactory(), brescia.organisation)
    assert result.reasons == ["La vostra sede non è nella Città metropolitana di Milano."]
    assert check_eligibility(CallFactory(requires_metro_seat=False), brescia.organisation).eligible


def test_size_is_self_declared_and_checked(applicant):
    call = CallFactory(max_employees=9)
    undeclared = check_eligibility(call, applicant.organisation)
    assert undeclared.eligible
    assert undeclared.to_declare == [
        "Dichiarate nella domanda il numero di addetti (al massimo 9)."
    ]
    assert check_eligibility(call, applicant.organisation, employees=9).eligible
    too_big = check_eligibility(call, applicant.organisation, employees=10)
    assert too_big.reasons == [
        "Il bando è riservato a imprese con al massimo 9 addetti: ne avete dichiarati 10."
    ]


def test_every_reason_is_given_at_once():
    organisation = make_applicant(ateco="62.10.00", province="BS").organisation
    result = check_eligibility(CallFactory(max_employees=5), organisation, employees=50)
    assert len(result.reasons) == 3


# Attachments ---------------------------------------------------------------------------


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_types_are_detected_from_content():
    assert detect_type(PDF) == "pdf"
    assert detect_type(docx_bytes()) == "docx"
    assert detect_type(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20) == "png"
    assert detect_type(b"MZ\x90\x00" * 20) is None
    assert detect_type(b"<html><script>alert(1)</script></html>") is None


def test_a_pdf_is_accepted_with_its_fingerprint():
    requirement = RequirementFactory(allowed_types=["pdf"])
    checked = check_attachment(SimpleUploadedFile("../../piano.PDF", PDF), requirement)
    assert checked.file_type == "pdf"
    assert checked.content_type == "application/pdf"
    assert checked.size == len(PDF)
    assert len(checked.sha256) == 64
    assert checked.original_name == "piano.PDF"


def test_a_program_renamed_to_pdf_is_refused():
    requirement = RequirementFactory(allowed_types=["pdf"])
    with pytest.raises(ValidationError) as error:
        check_attachment(SimpleUploadedFile("piano.pdf", b"MZ\x90\x00" * 100), requirement)
    assert error.value.code == "wrong_type"
    assert "application/x-msdownload" in error.value.message


def test_a_type_not_allowed_for_this_document_is_refused():
    requirement = RequirementFactory(allowed_types=["pdf"])
    with pytest.raises(ValidationError) as error:
        check_attachment(SimpleUploadedFile("piano.docx", docx_bytes()), requirement)
    assert error.value.code == "wrong_type"
    assert "(PDF)" in error.value.message


def test_size_limit_per_document():
    requirement = RequirementFactory(allowed_types=["pdf"], max_size_mb=1)
    big = PDF + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError) as error:
        check_attachment(SimpleUploadedFile("piano.pdf", big), requirement)
    assert error.value.code == "too_large"
    with pytest.raises(ValidationError) as error:
        check_attachment(SimpleUploadedFile("vuoto.pdf", b""), requirement)
    assert error.value.code == "empty"


def test_file_names_are_made_harmless():
    assert clean_name("C:\\Users\\me\\piano finale.pdf") == "piano_finale.pdf"
    assert clean_name("..") == "allegato"
    assert clean_name("<script>.pdf") == "script.pdf"
