"""The criteria published when the list opened; staff can change them in the admin."""

from django.db import migrations

CRITERIA = [
    (
        "Sede nella Città metropolitana di Milano",
        "Based in the Metropolitan City of Milan",
        "Lo spazio ha almeno una sede in uno dei 133 comuni della Città metropolitana, "
        "indicata nel profilo della piattaforma.",
        "The space has at least one site in one of the 133 comuni of the Metropolitan City, "
        "shown in its profile on the platform.",
    ),
    (
        "Aperto al pubblico con orari pubblicati",
        "Open to the public with published hours",
        "Lo spazio accoglie persone e imprese esterne almeno 12 ore alla settimana, con "
        "orari e condizioni di accesso pubblicati.",
        "The space welcomes outside people and firms at least 12 hours a week, with "
        "published opening hours and access conditions.",
    ),
    (
        "Attrezzature in funzione",
        "Working equipment",
        "Fablab e makerspace: almeno tre lavorazioni tra stampa 3D, taglio laser, fresatura "
        "CNC, elettronica, tessile, legno e metalli, con le macchine indicate nel profilo. "
        "Coworking: postazioni attrezzate, connessione e una sala riunioni.",
        "Fablabs and makerspaces: at least three among 3D printing, laser cutting, CNC "
        "milling, electronics, textiles, wood and metal, with the machines listed in the "
        "profile. Coworking: equipped desks, connectivity and a meeting room.",
    ),
    (
        "Sicurezza e assicurazione",
        "Safety and insurance",
        "Un regolamento d'uso, la formazione degli utenti all'uso delle macchine, una persona "
        "responsabile della sicurezza e una polizza di responsabilità civile in corso.",
        "Rules of use, training for users of the machines, a person responsible for safety "
        "and a current third-party liability insurance.",
    ),
    (
        "Attività aperte alla comunità",
        "Activities open to the community",
        "Corsi, eventi o progetti aperti almeno una volta al mese, anche in collaborazione "
        "con scuole, imprese o associazioni del quartiere.",
        "Courses, events or projects open to all at least once a month, also with schools, "
        "firms or associations of the neighbourhood.",
    ),
]


def seed(apps, schema_editor):
    Criterion = apps.get_model("qualifications", "Criterion")
    for position, (title_it, title_en, description_it, description_en) in enumerate(CRITERIA):
        Criterion.objects.create(
            title_it=title_it,
            title_en=title_en,
            description_it=description_it,
            description_en=description_en,
            position=position,
        )


class Migration(migrations.Migration):
    dependencies = [("qualifications", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
