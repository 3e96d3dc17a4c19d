"""The host's report card as a printable PDF (fpdf2), with the same figures,
words and suppressions as the page (queries.report_card, display), set in the
site's typeface (Titillium Web, from Bootstrap Italia's files)."""

from django.contrib.staticfiles import finders
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from .display import figure, percent
from .queries import ReportCard

FONT_DIR = "vendor/bootstrap-italia/fonts/Titillium_Web/titillium-web-v10-latin-ext_latin-"
BLUE = (0, 102, 204)  # Bootstrap Italia's primary


def _font(pdf: FPDF) -> None:
    for style, weight in (("", "regular"), ("B", "700")):
        path = finders.find(f"{FONT_DIR}{weight}.ttf")
        if path is None:
            raise FileNotFoundError(f"{FONT_DIR}{weight}.ttf (run npm install)")
        pdf.add_font("Titillium", style, path)
    pdf.set_font("Titillium", size=10)


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font("Titillium", "B", 13)
    pdf.set_text_color(*BLUE)
    pdf.cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("Titillium", size=10)


def _table(pdf: FPDF, header: list[str], rows: list[list[str]], widths=None) -> None:
    heading = FontFace(emphasis="BOLD", fill_color=(230, 240, 250))
    with pdf.table(
        col_widths=widths,
        headings_style=heading,
        line_height=6,
        text_align=["LEFT"] + ["RIGHT"] * (len(header) - 1),
    ) as table:
        table.row(header)
        for row in rows:
            table.row(row)


def report_card_pdf(card: ReportCard) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=16)
    title = _("Pagella di %(host)s – Manifatture Aperte %(year)s") % {
        "host": card.organisation.name,
        "year": card.edition.year,
    }
    pdf.set_title(title)
    pdf.set_author("Comune di Milano – Manifatture Aperte")
    pdf.set_lang(get_language() or "it")
    pdf.set_creation_date(timezone.now())
    _font(pdf)
    pdf.add_page()
    pdf.set_font("Titillium", "B", 18)
    pdf.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Titillium", size=10)
    pdf.cell(
        0,
        6,
        _("Dati al %(day)s. Conteggi di persone inferiori a %(n)s non mostrati.")
        % {"day": formats.date_format(timezone.localdate(), "j F Y"), "n": card.small_count},
        new_x="LMARGIN",
        new_y="NEXT",
    )

    total, mood = card.total, card.satisfaction
    _heading(pdf, _("Prenotazioni e ingressi"))
    _table(
        pdf,
        [_("Indicatore"), _("Valore")],
        [
            [_("Attività pubblicate"), figure(total.activities)],
            [_("Turni"), figure(total.slots)],
            [_("Posti offerti"), figure(total.capacity)],
            [_("Prenotazioni confermate"), figure(total.bookings)],
            [_("Persone prenotate"), figure(total.seats)],
            [_("Riempimento"), percent(total.fill_rate)],
            [_("Prenotazioni entrate alla porta"), figure(total.admitted)],
            [_("Persone entrate con prenotazione"), figure(total.admitted_people)],
            [_("Prenotazioni non presentate (no-show)"), figure(total.no_shows)],
            [_("Tasso di no-show"), percent(total.no_show_rate)],
            [_("Ingressi senza prenotazione"), figure(total.walk_ins)],
        ],
        widths=(3, 1),
    )

    _heading(pdf, _("Soddisfazione dei visitatori"))
    _table(
        pdf,
        [_("Indicatore"), _("Valore")],
        [
            [_("Risposte al questionario"), figure(mood.shown_responses)],
            [_("Giudizio medio (1–5)"), figure(mood.mean)],
            [_("La consiglierebbero"), percent(mood.recommend_rate)],
            [_("Alla prima visita a Manifatture Aperte"), percent(mood.first_time_rate)],
        ],
        widths=(3, 1),
    )

    _heading(pdf, _("Le attività"))
    _table(
        pdf,
        [
            _("Attività"),
            _("Posti"),
            _("Prenotati"),
            _("Riemp."),
            _("Entrati"),
            _("No-show"),
            _("Giudizio"),
        ],
        [
            [
                line.title,
                figure(line.attendance.capacity),
                figure(line.attendance.seats),
                percent(line.attendance.fill_rate),
                figure(line.attendance.admitted_people),
                figure(line.attendance.no_shows),
                figure(line.satisfaction.mean),
            ]
            for line in card.activities
        ],
        widths=(30, 8, 10, 10, 9, 9, 10),
    )

    for title_text, origins in (
        (_("Da dove venivano: Municipi di Milano"), card.municipi),
        (_("Da dove venivano: comuni"), card.comuni),
    ):
        _heading(pdf, title_text)
        if origins:
            _table(
                pdf,
                [_("Residenza"), _("Visitatori entrati")],
                [[origin.label, figure(origin.shown)] for origin in origins],
                widths=(3, 1),
            )
        else:
            pdf.multi_cell(
                0,
                6,
                _("Nessun visitatore entrato ha indicato dove abita."),
                new_x="LMARGIN",
                new_y="NEXT",
            )

    _heading(pdf, _("Commenti dei visitatori"))
    if card.comments_hidden:
        text = _(
            "Meno di %(n)s risposte: i commenti non sono mostrati, per non riconoscere chi li ha scritti."
        ) % {"n": card.small_count}
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    elif not card.comments:
        pdf.multi_cell(0, 6, _("Nessun commento."), new_x="LMARGIN", new_y="NEXT")
    for comment in card.comments:
        pdf.multi_cell(0, 6, f"«{comment}»", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    return bytes(pdf.output())
