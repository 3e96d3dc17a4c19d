"""The first accessibility statement and FAQ, which staff then keep in the admin."""

import datetime

from django.db import migrations

STATEMENT = {
    "conformance": "parziale",
    "not_accessible_it": (
        "Le mappe interattive (programma, elenco delle organizzazioni, spazi) non si usano "
        "pienamente con la tastiera e con i lettori di schermo: gli stessi contenuti sono "
        "sempre disponibili anche in elenco, con filtri.\n\n"
        "Alcuni documenti PDF caricati dalle organizzazioni e allegati ai bandi possono non "
        "essere accessibili: chiedeteli in un altro formato con il modulo di segnalazione."
    ),
    "not_accessible_en": (
        "The interactive maps (programme, directory, spaces) cannot be fully used with a "
        "keyboard or a screen reader: the same content is always available as a list, with "
        "filters.\n\n"
        "Some PDF documents uploaded by organisations or attached to calls may not be "
        "accessible: ask for another format with the report form."
    ),
    "evaluation_it": (
        "Autovalutazione, ripetuta a ogni modifica del software: axe-core su ogni pagina dei "
        "percorsi principali (nessuna violazione grave o critica ammessa), il validatore HTML "
        "W3C Nu, il percorso di prenotazione (cercare, prenotare, biglietto, annullare) "
        "svolto solo con la tastiera in Chromium, a schermo largo e da telefono."
    ),
    "evaluation_en": (
        "Self-assessment, repeated at every change of the software: axe-core on every page of "
        "the main journeys (no serious or critical violation allowed), the W3C Nu HTML "
        "checker, the booking journey (find, book, ticket, cancel) done with the keyboard "
        "alone in Chromium, on a wide screen and on a phone."
    ),
    "evaluated_on": datetime.date(2026, 12, 7),
    "published_on": datetime.date(2026, 12, 7),
}

FAQ = [
    ("visitatori", "Quanto costa partecipare?", "How much does it cost?",
     "Niente: tutte le visite e i laboratori di Manifatture Aperte sono gratuiti. Per molti serve la prenotazione, perché i posti sono pochi.",
     "Nothing: every visit and workshop of Manifatture Aperte is free. Many need booking, as places are few."),
    ("visitatori", "Come prenoto una visita?", "How do I book a visit?",
     "Aprite l'attività nel programma, scegliete un turno e quante persone siete, poi premete «Prenota». Serve un account con l'indirizzo e-mail verificato. Il biglietto arriva per e-mail ed è nella vostra area personale.",
     "Open the activity in the programme, choose a time slot and how many you are, then press \"Book\". You need an account with a verified e-mail address. The ticket arrives by e-mail and is in your personal area."),
    ("visitatori", "Il turno è esaurito: che cosa posso fare?", "The slot is full: what can I do?",
     "Entrate in lista d'attesa: se qualcuno annulla, vi offriamo il posto per e-mail e avete un tempo limitato per accettarlo. Per le visite molto richieste i posti si assegnano per sorteggio.",
     "Join the waiting list: if someone cancels, we offer you the place by e-mail and you have a limited time to accept it. For the most wanted visits places are drawn by lot."),
    ("visitatori", "Come annullo una prenotazione?", "How do I cancel a booking?",
     "Dalla vostra area personale, o con il link nell'e-mail di promemoria del giorno prima. Annullate appena sapete di non poter venire: il posto passa a chi è in lista d'attesa.",
     "From your personal area, or with the link in the reminder e-mail the day before. Cancel as soon as you know you cannot come: the place goes to the waiting list."),
    ("visitatori", "Posso prenotare per una classe o un gruppo?", "Can I book for a class or a group?",
     "Sì, dove l'attività lo prevede: scegliete «prenota come gruppo» e indicate quante persone. Alcuni posti di ogni turno sono tenuti per i gruppi e le scuole.",
     "Yes, where the activity allows it: choose \"book as a group\" and say how many people. Some places of each slot are kept for groups and schools."),
    ("ospiti", "Come partecipo come azienda o laboratorio?", "How do we take part as a firm or a workshop?",
     "Quando il Comune apre la call per gli ospiti, registrate la vostra organizzazione e inviate la candidatura con le attività che proponete. Lo staff la valuta e vi risponde per e-mail.",
     "When the City opens the call for hosts, register your organisation and send the application with the activities you propose. Staff review it and answer by e-mail."),
    ("ospiti", "La candidatura è accettata: e adesso?", "Our application is accepted: what now?",
     "Le attività proposte vi aspettano come bozze nella gestione del programma: completatele, aggiungete i turni e pubblicatele. Nei giorni dell'evento usate la pagina di accoglienza per registrare gli ingressi.",
     "The activities you proposed wait as drafts in programme management: complete them, add time slots and publish them. On the event days use the door page to check visitors in."),
    ("ospiti", "Chi vede i dati di chi prenota?", "Who sees the data of people who book?",
     "Solo i membri della vostra organizzazione, per l'accoglienza, e lo staff del Comune. I dati servono solo per l'evento e sono resi anonimi dopo il periodo indicato nell'informativa sulla privacy.",
     "Only your organisation's members, for the door, and the City's staff. The data serve the event only and are anonymised after the period stated in the privacy notice."),
]


def add(apps, schema_editor):
    apps.get_model("feedback", "AccessibilityStatement").objects.create(**STATEMENT)
    FaqEntry = apps.get_model("feedback", "FaqEntry")
    for position, (audience, q_it, q_en, a_it, a_en) in enumerate(FAQ):
        FaqEntry.objects.create(
            audience=audience,
            question_it=q_it,
            question_en=q_en,
            answer_it=a_it,
            answer_en=a_en,
            position=position,
        )


def remove(apps, schema_editor):
    apps.get_model("feedback", "AccessibilityStatement").objects.all().delete()
    apps.get_model("feedback", "FaqEntry").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [migrations.RunPython(add, remove)]
