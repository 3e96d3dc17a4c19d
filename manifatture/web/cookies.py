"""The cookies the site sets, read from the settings that name them: the one list
the cookie page shows and the test of every page checks responses against.

All are technical (Garante per la protezione dei dati personali, "Linee guida
cookie e altri strumenti di tracciamento", 10 June 2021): they need no consent
and no banner. A new cookie must be added here, or the test fails."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Cookie:
    name: str
    purpose: Promise
    max_age: int | None  # seconds; None: until the browser is closed
    set_when: Promise

    @property
    def duration(self) -> str:
        if self.max_age is None:
            return str(_("fino alla chiusura del browser"))
        days = round(self.max_age / 86400)
        return ngettext("%(days)d giorno", "%(days)d giorni", days) % {"days": days}


COOKIE_MESSAGE_STORAGES = {
    "django.contrib.messages.storage.fallback.FallbackStorage",
    "django.contrib.messages.storage.cookie.CookieStorage",
}


def site_cookies() -> list[Cookie]:
    session_age = None if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE else settings.SESSION_COOKIE_AGE
    cookies = [
        Cookie(
            settings.SESSION_COOKIE_NAME,
            _(
                "Tiene aperta la sessione di chi ha fatto l'accesso e ricorda le scelte fatte tra una pagina e l'altra."
            ),
            session_age,
            _("all'accesso, o quando un modulo deve ricordare qualcosa"),
        ),
        Cookie(
            settings.LANGUAGE_COOKIE_NAME,
            _("Ricorda la lingua scelta (italiano o inglese)."),
            settings.LANGUAGE_COOKIE_AGE,
            _("quando scegliete la lingua"),
        ),
    ]
    # Without CSRF_USE_SESSIONS the form token has a cookie of its own.
    if not settings.CSRF_USE_SESSIONS:
        cookies.insert(
            1,
            Cookie(
                settings.CSRF_COOKIE_NAME,
                _("Protegge i moduli da invii fatti da altri siti a vostro nome (CSRF)."),
                settings.CSRF_COOKIE_AGE,
                _("quando una pagina contiene un modulo"),
            ),
        )
    # Django's default message storage keeps short messages in a cookie.
    if settings.MESSAGE_STORAGE in COOKIE_MESSAGE_STORAGES:
        cookies.append(
            Cookie(
                CookieStorage.cookie_name,
                _(
                    "Porta alla pagina successiva un messaggio di conferma o di errore, poi viene cancellato."
                ),
                None,
                _("dopo un'azione che mostra un messaggio"),
            )
        )
    return cookies


def site_cookie_names() -> set[str]:
    return {cookie.name for cookie in site_cookies()}
