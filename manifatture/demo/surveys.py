"""The surveys of the past editions: the visitors admitted at the door in 2018
and 2019 had their survey e-mailed the morning after the event, and a share of
them answered, so each 2019 host has a report card with satisfaction and
comments, and the City's impact report has figures per Municipio.

Past, so written in bulk through the ORM like the rest of the history: the
invitation rows (whose visit, e-mailed, answered) and the answers (the activity
only, nobody behind them), as `surveys.services.answer_survey` writes them.
"""

import datetime
import random
from collections import defaultdict

from django.utils import timezone

from manifatture.bookings.models import Booking
from manifatture.editions.models import Edition
from manifatture.participations.models import ActivityKind
from manifatture.surveys.models import SurveyInvitation, SurveyResponse

# Share of admitted visitors who answered, per year (the City sent no reminder in 2018).
ANSWER_RATE = {2018: 0.34, 2019: 0.46}
FIRST_TIME = {2018: 0.92, 2019: 0.58}
COMMENT_RATE = 0.4
DEMO_VISITOR = "visitatore@manifattureaperte.example"

COMMENTS = {
    "any": [
        "Non immaginavo che a due passi da casa si producesse ancora così tanto.",
        "Guida preparatissima e disponibile, ha risposto a tutte le domande dei ragazzi.",
        "Bellissimo vedere le macchine al lavoro da vicino: l'anno prossimo torno con mio padre.",
        "Ho scoperto un mestiere che pensavo scomparso. Grazie per la pazienza!",
        "Visita interessante ma un po' breve: avrei voluto più tempo in reparto.",
        "Gruppo troppo numeroso, in fondo si sentiva poco.",
        "Ho capito finalmente come nasce un oggetto che uso ogni giorno.",
        "Accoglienza calorosa, si vede la passione di chi ci lavora.",
        "Ottima l'attenzione alla sicurezza, con cuffie e occhiali per tutti.",
        "Mio figlio di dieci anni era entusiasta: ora vuole fare l'ingegnere.",
        "Mi è piaciuto il racconto della storia dell'azienda, dagli anni Sessanta a oggi.",
        "Difficile trovare l'ingresso: servirebbe un cartello sulla via.",
        "Esperienza da ripetere, peccato per l'orario troppo presto la mattina.",
        "Interessante il discorso sul riciclo degli scarti di lavorazione.",
        "Finalmente un evento che fa conoscere il quartiere per quello che produce.",
    ],
    ActivityKind.WORKSHOP: [
        "Ho imparato a usare il tornio: il mio primo pezzo è storto ma ne vado fiera.",
        "Laboratorio ben organizzato, materiali per tutti e spiegazioni chiare.",
        "Bello poter mettere le mani in pasta invece di guardare e basta.",
        "Un'ora è poca per finire il lavoro: proporrei due ore.",
    ],
    ActivityKind.GUIDED_VISIT: [
        "Il percorso in reparto era chiaro e ben spiegato, anche per chi non è del mestiere.",
        "Ho capito la differenza tra fresatura e tornitura, che non mi era mai chiara.",
        "Peccato non si potessero fare foto, ma capisco il perché.",
    ],
    ActivityKind.TALK: [
        "Talk stimolante, bello il confronto con il pubblico alla fine.",
        "Relatori chiari, ma la sala dell'hub era troppo calda.",
    ],
    ActivityKind.EVENING: [
        "Atmosfera splendida, la fabbrica di sera ha un fascino tutto suo.",
    ],
}


# Words of the comments that say what went less well, for the lower ratings.
CRITICAL = ("ma ", "troppo", "peccato", "difficile", "poca", "poco", "breve")


def _score(rng: random.Random, quality: float) -> int:
    """A rating around the activity's quality (most visits go well)."""
    value = round(rng.gauss(quality, 0.8))
    return max(1, min(5, value))


def fill_surveys(editions: list[Edition]) -> int:
    """Invitations and answers for the admitted visitors of `editions`; returns
    how many answers were written."""
    rng = random.Random(2019_11)  # its own, so the rest of the demo is unchanged
    invitations, responses = [], []
    quality: dict[int, float] = {}
    sara_answered: set[int] = set()
    used: dict[int, set[str]] = defaultdict(set)
    for edition in editions:
        sent = datetime.datetime.combine(
            edition.event_end + datetime.timedelta(days=1),
            datetime.time(9, 30),
            tzinfo=timezone.get_default_timezone(),
        )
        admitted = (
            Booking.objects.filter(
                slot__activity__edition=edition,
                status=Booking.Status.CONFIRMED,
                checked_in_at__isnull=False,
            )
            .select_related("slot__activity", "visitor")
            .order_by("pk")
        )
        for booking in admitted:
            activity = booking.slot.activity
            if activity.pk not in quality:
                quality[activity.pk] = rng.choice([3.6, 4.0, 4.2, 4.4, 4.6, 4.8])
            if booking.visitor.email == DEMO_VISITOR:
                # Sara answered the survey of her first visit of each edition.
                answered = edition.pk not in sara_answered
                sara_answered.add(edition.pk)
            else:
                answered = rng.random() < ANSWER_RATE.get(edition.year, 0.4)
            invitations.append(
                SurveyInvitation(booking=booking, emailed_at=sent, answered=answered)
            )
            if not answered:
                continue
            overall = _score(rng, quality[activity.pk])
            comment = ""
            if rng.random() < COMMENT_RATE:
                pool = COMMENTS["any"] + COMMENTS.get(activity.kind, [])
                if overall <= 3:
                    pool = [c for c in pool if any(w in c.lower() for w in CRITICAL)] or pool
                # A host reads each comment once: people write their own words.
                said = used[activity.organisation_id]
                pool = [c for c in pool if c not in said]
                if pool:
                    comment = rng.choice(pool)
                    said.add(comment)
            responses.append(
                SurveyResponse(
                    edition=edition,
                    activity=activity,
                    overall=overall,
                    would_recommend=overall >= 4 or (overall == 3 and rng.random() < 0.5),
                    first_time=(
                        SurveyResponse.FirstTime.YES
                        if rng.random() < FIRST_TIME.get(edition.year, 0.6)
                        else SurveyResponse.FirstTime.NO
                    ),
                    comment=comment,
                )
            )
    SurveyInvitation.objects.bulk_create(invitations, batch_size=1000)
    # Written in a shuffled order: the answers' ids say nothing about the invitations'.
    rng.shuffle(responses)
    SurveyResponse.objects.bulk_create(responses, batch_size=1000)
    return len(responses)
