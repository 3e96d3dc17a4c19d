"""Domain errors of surveys. Views show `message` to the person."""

from django.utils.translation import gettext_lazy as _

from manifatture.errors import DomainError


class SurveyError(DomainError):
    default_message = _("Operazione non consentita.")


class InvalidSurveyLink(SurveyError):
    default_message = _(
        "Questo collegamento al questionario non è valido: controllate di averlo copiato per intero."
    )


class SurveyNotAvailable(SurveyError):
    default_message = _("Il questionario è solo per chi ha partecipato alla visita.")


class SurveyClosed(SurveyError):
    default_message = _("Il questionario di questa edizione è chiuso.")


class SurveyAlreadyAnswered(SurveyError):
    default_message = _("Avete già risposto a questo questionario: grazie!")
