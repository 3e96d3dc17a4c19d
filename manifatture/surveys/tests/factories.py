import factory

from manifatture.activities.tests.factories import ActivityFactory
from manifatture.surveys.models import SurveyResponse


class SurveyResponseFactory(factory.django.DjangoModelFactory):
    """An answer as visitors leave them: no one behind it."""

    class Meta:
        model = SurveyResponse

    activity = factory.SubFactory(ActivityFactory)
    edition = factory.LazyAttribute(lambda o: o.activity.edition)
    overall = 4
    would_recommend = True
    first_time = SurveyResponse.FirstTime.YES
    comment = ""
