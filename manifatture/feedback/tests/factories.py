import factory

from manifatture.feedback.models import FaqEntry, PageRating, ProblemReport


class ProblemReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProblemReport

    category = ProblemReport.Category.CONTENT
    description = "L'orario della visita alla Fonderia è diverso sul sito e sul volantino."
    page = "/programma/"


class PageRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PageRating

    path = "/programma/"
    score = 5


class FaqEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FaqEntry

    audience = FaqEntry.Audience.VISITORS
    question_it = "Posso portare il cane?"
    question_en = "May I bring my dog?"
    answer_it = "Dipende dall'attività: lo dice la sua pagina."
    answer_en = "It depends on the activity: its page says."
