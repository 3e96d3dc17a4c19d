"""The host journey of issue 2 in a real Chromium, as people do it: they read
labels, type, click buttons and links, follow the link in the e-mail. Each
role logs in through the login page and leaves through the header's "Esci".
At the end a visitor filters the programme (htmx updates the results in
place), sees the place on the map, and axe-core checks every public page.

The same journey through the views, with exact checks on the data:
tests/test_host_journey.py (which also sets the scene for this one)."""

import re

import pytest
from django.core import mail

from manifatture.accounts.tests.factories import PASSWORD as FACTORY_PASSWORD
from manifatture.activities.models import Activity, TimeSlot
from manifatture.participations.models import Application
from tests.browser.support import (
    accessible,
    add_slot,
    expect,
    field,
    pass_second_factor,
    publish_activity,
    sign_up,
    submit_login,
    tick,
    verification_path,
)
from tests.test_host_journey import local_time, set_the_scene

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "giulia.ferrari@officinabovisa.example"
PASSWORD = "Tornio-e-fresa-1962"
ORGANISATION = "Officina Meccanica Bovisa"
TITLE = "Visita guidata all'officina di Bovisa"


def log_in(page, email: str, password: str) -> None:
    """Through the header's "Accedi"."""
    page.locator("header").get_by_role("link", name="Accedi").click()
    expect(page.get_by_role("heading", name="Accedi", level=1)).to_be_visible()
    submit_login(page, email, password)


def go_to_dashboard(page, full_name: str) -> None:
    """Through the header's link, named after the person."""
    page.locator("header").get_by_role("link", name=full_name.split()[0], exact=True).click()
    expect(page.get_by_role("heading", name=f"Benvenuti, {full_name}")).to_be_visible()


def log_out(page) -> None:
    page.locator("header").get_by_role("button", name="Esci").click()
    expect(page.get_by_text("Siete usciti dal vostro account.")).to_be_visible()


def test_a_new_host_signs_up_applies_is_accepted_and_appears_in_the_programme(page):
    scene = set_the_scene()
    edition = scene["edition"]
    day_one, day_two = edition.event_days

    # The home page, then the call for hosts: a newcomer is sent to sign up.
    page.goto("/")
    accessible(page)
    page.get_by_role("link", name="Candidati come host").click()
    expect(page.get_by_role("heading", name="Partecipa come host", level=1)).to_be_visible()
    page.locator("main").get_by_role("link", name="Registrati").click()

    sign_up(page, full_name="Giulia Ferrari", email=EMAIL, password=PASSWORD)
    assert [message.to for message in mail.outbox] == [[EMAIL]]

    # Not before verifying the address.
    log_in(page, EMAIL, PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text("non è ancora verificato")

    # The link in the e-mail.
    page.goto(verification_path(mail.outbox[0]))
    expect(page.get_by_text("Indirizzo verificato, grazie!")).to_be_visible()
    expect(field(page, "E-mail")).to_have_value(EMAIL)
    submit_login(page, EMAIL, PASSWORD)
    expect(page.get_by_role("heading", name="Benvenuti, Giulia Ferrari")).to_be_visible()

    # The organisation.
    page.get_by_role("link", name="Aggiungi un'organizzazione").click()
    expect(page.get_by_role("heading", name="Nuova organizzazione")).to_be_visible()
    field(page, "Nome").fill(ORGANISATION)
    field(page, "Categoria").select_option(label="Officina")
    field(page, "Descrizione in italiano").fill("Tornitura e fresatura di precisione dal 1962.")
    field(page, "Sito web").fill("https://www.officinabovisa.example")
    field(page, "Partita IVA").fill("IT 72856401509")
    field(page, "Codice ATECO").fill("25.62.00")
    page.get_by_role("button", name="Crea l'organizzazione").click()

    # Its site in Bovisa.
    expect(page.get_by_role("heading", name="Nuova sede")).to_be_visible()
    field(page, "Nome della sede").fill("Officina di via Durando")
    field(page, "Indirizzo").fill("Via Giovanni Durando 38")
    field(page, "CAP").fill("20158")
    field(page, "Comune").select_option(label="Milano (MI)")
    field(page, "Latitudine").fill("45.5035")
    field(page, "Longitudine").fill("9.1612")
    tick(page, "Accesso senza gradini")
    page.get_by_role("button", name="Salva la sede").click()
    expect(page.get_by_text("La sede «Officina di via Durando» è salvata.")).to_be_visible()
    expect(page.get_by_role("row", name="Officina di via Durando")).to_contain_text("Municipio 9")

    # The application, with one proposed activity.
    page.get_by_role("link", name="Partecipa come host").click()
    page.get_by_role("button", name=f"Inizia la candidatura di {ORGANISATION}").click()
    expect(page.get_by_role("heading", name=f"Candidatura di {ORGANISATION}")).to_be_visible()
    field(page, "Perché partecipate").fill(
        "Vogliamo mostrare come nasce un pezzo meccanico, dal disegno al tornio."
    )
    field(page, "Visitatori che potete accogliere in totale").fill("60")
    field(page, "Tipo").select_option(label="Visita guidata")
    field(page, "Titolo").fill(TITLE)
    field(page, "Descrizione").fill("Il reparto torni e la sala metrologia.")
    page.get_by_role("button", name="Invia la candidatura").click()
    expect(page.get_by_text("Candidatura inviata.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Inviata")
    log_out(page)

    # The reviewer scores it on every criterion.
    log_in(page, scene["reviewer"].email, FACTORY_PASSWORD)
    go_to_dashboard(page, "Paola Valutatrice")
    page.get_by_role("link", name="Candidature da valutare").click()
    page.get_by_role("link", name=ORGANISATION).click()
    for criterion, score in (("Qualità delle attività", "5"), ("Legame con il quartiere", "4")):
        group = page.get_by_role("group", name=criterion)
        radio = field(group, score)
        group.locator(f"label[for='{radio.get_attribute('id')}']").click(position={"x": 8, "y": 8})
        expect(radio).to_be_checked()
    field(page, "Commento per lo staff").fill("Visita ben pensata.")
    page.get_by_role("button", name="Salva la valutazione").click()
    expect(page.get_by_text("Valutazione salvata.")).to_be_visible()
    expect(page.get_by_role("row", name=ORGANISATION)).to_contain_text("Valutata")
    log_out(page)

    # City staff accept it; the host gets the decision by e-mail.
    log_in(page, scene["staff"].email, FACTORY_PASSWORD)
    # First login of this staff account: they set up the second factor.
    pass_second_factor(page)
    go_to_dashboard(page, "Marco dello Staff")
    page.get_by_role("link", name="Candidature degli host").click()
    page.get_by_role("link", name=ORGANISATION).click()
    expect(page.locator("main")).to_contain_text("media pesata 4,67")
    tick(page, "Accetta la candidatura")
    field(page, "Nota per l'organizzazione").fill("Benvenuti!")
    page.get_by_role("button", name="Registra la decisione").click()
    expect(page.get_by_text("Decisione registrata: «Accettata».")).to_be_visible()
    decision = mail.outbox[-1]
    assert decision.to == [EMAIL]
    assert decision.subject == f"{edition.title}: la vostra candidatura è stata accettata"
    # The new profile is public once staff have read it (moderation queue).
    page.goto("/organizzazioni/moderazione/")
    expect(page.get_by_role("heading", name=ORGANISATION)).to_be_visible()
    accessible(page)
    tick(page, "Pubblica")
    page.get_by_role("button", name=f"Conferma la decisione su {ORGANISATION}").click()
    expect(page.get_by_text("Nessuna organizzazione da verificare.")).to_be_visible()
    log_out(page)

    # The host follows the link in the e-mail, logs in there and lands on the
    # application; from there to the programme management.
    link = re.search(r"https?://\S+(/candidature/\d+/)", decision.body).group(1)
    page.goto(link)
    expect(page.get_by_role("heading", name="Accedi", level=1)).to_be_visible()
    submit_login(page, EMAIL, PASSWORD)
    expect(page).to_have_url(re.compile(rf"{link}$"))
    expect(page.locator("main")).to_contain_text("La candidatura è stata accettata")
    accessible(page)
    page.get_by_role("link", name="Pubblicate le vostre attività").click()
    expect(page.get_by_role("heading", name="Gestione del programma")).to_be_visible()
    # The activity proposed in the application waits there as a draft, to complete.
    page.get_by_role("link", name=f"Completate e pubblicate {TITLE}").click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(
        page.get_by_text("Nella candidatura avevate previsto 2 turni da 15 persone.")
    ).to_be_visible()
    accessible(page)
    expect(field(page, "Titolo (italiano)")).to_have_value(TITLE)
    field(page, "Titolo (inglese)").fill("Guided tour of the Bovisa machine shop")
    field(page, "Descrizione (italiano)").fill(
        "Dal disegno al pezzo finito: torni, frese e sala metrologia."
    )
    field(page, "Sede").select_option(label="Officina di via Durando, Via Giovanni Durando 38")
    expect(field(page, "Italiano")).to_be_checked()  # drafts start in Italian
    tick(page, "Inglese")
    field(page, "Pubblico").select_option(label="Famiglie")
    field(page, "Età minima").fill("8")
    field(page, "Durata (minuti)").fill("90")
    page.get_by_role("button", name="Salva l'attività").click()
    expect(page.get_by_text("Attività salvata.")).to_be_visible()
    for day, hour in ((day_one, 10), (day_two, 15)):
        # 15 seats, as planned in the application.
        add_slot(page, local_time(day, hour), local_time(day, hour + 1, 30), seats="15")
    publish_activity(page)
    accessible(page)
    activity = Activity.objects.get(title_it=TITLE)
    assert activity.status == Activity.Status.PUBLISHED
    assert sorted(
        TimeSlot.objects.filter(activity=activity).values_list("starts_at", flat=True)
    ) == [
        local_time(day_one, 10),
        local_time(day_two, 15),
    ]
    assert Application.objects.get(organisation=activity.organisation).state == "accepted"
    log_out(page)

    # A visitor finds it in the programme, filtering through the form (htmx).
    page.get_by_role("link", name="Programma").click()
    count = page.locator("#programme-count")
    results = page.locator("#programme-results h3")
    expect(count).to_have_text("2 attività trovate")
    accessible(page)
    field(page, "Zona").select_option(label="Municipio 9")
    expect(count).to_have_text("1 attività trovata")
    expect(results).to_have_text([TITLE])
    assert "area=m9" in page.url
    field(page, "Tipo di attività").select_option(label="Laboratorio")
    expect(count).to_have_text("0 attività trovate")
    expect(page.get_by_text("Nessuna attività corrisponde ai filtri scelti.")).to_be_visible()
    field(page, "Tipo di attività").select_option(label="Visita guidata")
    expect(count).to_have_text("1 attività trovata")
    field(page, "Giorno").select_option(day_one.isoformat())
    field(page, "Lingua").select_option(label="Inglese")
    field(page, "Pubblico").select_option(label="Famiglie")
    tick(page, "Accesso senza gradini")
    field(page, "Cerca").press_sequentially("Bovisa")
    expect(page).to_have_url(re.compile(r"q=Bovisa"))
    expect(count).to_have_text("1 attività trovata")
    expect(results).to_have_text([TITLE])
    for name in ("day=", "kind=guided_visit", "language=en", "audience=families", "step_free"):
        assert name in page.url
    field(page, "Fascia oraria").select_option(label="Sera (dalle 18)")
    expect(count).to_have_text("0 attività trovate")
    field(page, "Fascia oraria").select_option(label="Mattina (prima delle 13)")
    expect(results).to_have_text([TITLE])
    accessible(page)

    # The activity page, the host's page.
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    accessible(page)
    page.locator("main").get_by_role("link", name=ORGANISATION).click()
    expect(page.get_by_role("heading", name=ORGANISATION, level=1)).to_be_visible()
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    accessible(page)

    # The map: a marker for each site, one once filtered to Municipio 9.
    page.get_by_role("link", name="Mappa").click()
    markers = page.locator("#programme-map path.leaflet-interactive")
    expect(markers).to_have_count(2)
    accessible(page)
    page.goto("/programma/mappa/?area=m9")
    expect(markers).to_have_count(1)
    markers.first.click()
    expect(page.locator(".leaflet-popup-content")).to_contain_text(ORGANISATION)
    expect(page.locator(".leaflet-popup-content")).to_contain_text(TITLE)

    # The routes.
    page.get_by_role("link", name="Percorsi").click()
    accessible(page)

    assert page.js_errors == []
