from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra):
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        from django.utils import timezone

        extra.update(is_staff=True, is_superuser=True, role=User.Role.CITY_STAFF)
        extra.setdefault("email_verified_at", timezone.now())
        return self._create(email, password, **extra)


class User(AbstractUser):
    """A person with an account. Logs in with a verified e-mail address.

    `role` is what the person does for the programme; being a host member is
    not a role but a Membership of an organisation. `is_staff` keeps Django's
    meaning: access to the admin, for data fixes only.
    """

    class Role(models.TextChoices):
        VISITOR = "visitor", _("Visitatore")
        REVIEWER = "reviewer", _("Valutatore")
        CITY_STAFF = "city_staff", _("Staff del Comune")

    # Django's fields removed: the e-mail is the login, `full_name` the name.
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("nome e cognome"), max_length=150)
    role = models.CharField(_("ruolo"), max_length=20, choices=Role, default=Role.VISITOR)
    language = models.CharField(
        _("lingua per le comunicazioni"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="it",
        help_text=_("Le e-mail della piattaforma vi arrivano in questa lingua."),
    )
    email_verified_at = models.DateTimeField(_("e-mail verificata il"), null=True, blank=True)
    privacy_accepted_at = models.DateTimeField(
        _("informativa privacy accettata il"), null=True, blank=True
    )
    # Set when the person's identity is erased (account deleted, or a placeholder
    # that holds anonymised visits of an old edition): the row stays so that
    # bookings and statistics keep their counts, with nothing that names anyone.
    anonymised_at = models.DateTimeField(_("reso anonimo il"), null=True, blank=True)
    # Second factor (TOTP, RFC 6238). The secret must be readable to check codes;
    # the last accepted time step refuses a code seen before (replay).
    totp_secret = models.CharField(max_length=64, blank=True, editable=False)
    totp_last_counter = models.BigIntegerField(null=True, blank=True, editable=False)
    second_factor_enabled_at = models.DateTimeField(
        _("verifica in due passaggi attiva dal"), null=True, blank=True
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]
    # Not Django's UserManager, whose create_user takes a username.
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("utente")
        verbose_name_plural = _("utenti")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.CheckConstraint(
                condition=models.Q(second_factor_enabled_at__isnull=True)
                | ~models.Q(totp_secret=""),
                name="user_second_factor_has_secret",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_city_staff(self) -> bool:
        return self.is_active and self.role == self.Role.CITY_STAFF

    @property
    def is_reviewer(self) -> bool:
        # City staff can review too: they decide, and may score.
        return self.is_active and self.role in {self.Role.REVIEWER, self.Role.CITY_STAFF}

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    @property
    def second_factor_enabled(self) -> bool:
        return self.second_factor_enabled_at is not None

    @property
    def second_factor_mandatory(self) -> bool:
        """City staff and admin accounts must use a second factor; others may."""
        return self.role == self.Role.CITY_STAFF or self.is_staff or self.is_superuser

    @property
    def second_factor_required(self) -> bool:
        """Each login must pass the second step (or enrol first, when mandatory)."""
        return self.second_factor_mandatory or self.second_factor_enabled


class Consent(models.Model):
    """One moment a person gave or withdrew consent for a purpose (append only:
    the current state is the latest row). Newsletter sign-ups need no account,
    so a row may name an address instead of a user."""

    class Purpose(models.TextChoices):
        PRIVACY_NOTICE = "privacy_notice", _("Presa visione dell'informativa sulla privacy")
        HOST_CONTACT = (
            "host_contact",
            _("Indirizzo e-mail visibile agli host delle visite prenotate"),
        )
        NEWSLETTER = "newsletter", _("Newsletter")
        STATISTICS = "statistics", _("Comune e fascia d'età per le statistiche")
        ACCESS_NEEDS = "access_needs", _("Esigenze di accesso conservate nel profilo")
        APP_IO = "app_io", _("Messaggi anche nell'app IO (codice fiscale conservato)")

    class Source(models.TextChoices):
        SIGNUP = "signup", _("Registrazione")
        PROFILE = "profile", _("Profilo del visitatore")
        BOOKING = "booking", _("Prenotazione")
        NEWSLETTER = "newsletter", _("Iscrizione alla newsletter")
        CONSENTS_PAGE = "consents_page", _("Pagina dei consensi")
        NOTICE_UPDATE = "notice_update", _("Nuova versione dell'informativa")
        ACCOUNT_DELETION = "account_deletion", _("Cancellazione dell'account")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="consents"
    )
    email = models.EmailField(_("e-mail"), blank=True)
    purpose = models.CharField(_("finalità"), max_length=20, choices=Purpose)
    given = models.BooleanField(_("consenso dato"))
    notice_version = models.CharField(_("versione dell'informativa"), max_length=20)
    source = models.CharField(_("dove"), max_length=20, choices=Source)
    created_at = models.DateTimeField(_("quando"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("consenso")
        verbose_name_plural = _("consensi")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(email=""), name="consent_names_someone"
            ),
        ]
        indexes = [models.Index(fields=["user", "purpose", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {'sì' if self.given else 'no'}"


class AuditEvent(models.Model):
    """A decision of city staff or reviewers, or a change to personal data: who,
    what, on which object, when. Rows are only ever added: the admin offers no
    change or delete, and database triggers (migration 0005) refuse UPDATE and
    DELETE whatever the path."""

    class ActorRole(models.TextChoices):
        CITY_STAFF = "city_staff", _("Staff del Comune")
        REVIEWER = "reviewer", _("Valutatore")
        HOST = "host", _("Host")
        VISITOR = "visitor", _("Visitatore")
        ADMIN = "admin", _("Amministrazione dei dati")
        SYSTEM = "system", _("Piattaforma (operazione pianificata)")

    created_at = models.DateTimeField(_("quando"), auto_now_add=True, db_index=True)
    # PROTECT: an account that decided something is never deleted (accounts are
    # anonymised instead), and the triggers would refuse the SET NULL anyway.
    actor = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chi"),
    )
    # Who it was at that moment: the account may later be renamed or anonymised.
    actor_label = models.CharField(_("nome di chi ha agito"), max_length=300, blank=True)
    actor_role = models.CharField(_("in qualità di"), max_length=20, choices=ActorRole)
    action = models.CharField(_("azione"), max_length=60, db_index=True)
    object_type = models.CharField(_("tipo di oggetto"), max_length=100, blank=True)
    object_id = models.CharField(_("id dell'oggetto"), max_length=64, blank=True)
    object_label = models.CharField(_("oggetto"), max_length=300, blank=True)
    summary = models.TextField(_("nota"), blank=True)
    changes = models.JSONField(_("dettagli"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("indirizzo IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("evento del registro")
        verbose_name_plural = _("registro delle decisioni")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"


class RecoveryCode(models.Model):
    """A single-use code for when the authenticator app is lost. Only its
    SHA-256 is kept: the codes are random (60 bits), so a slow hash adds nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("codice di recupero")
        verbose_name_plural = _("codici di recupero")
        constraints = [
            models.UniqueConstraint(fields=["user", "code_hash"], name="recovery_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} #{self.pk}"


class ExternalIdentity(models.Model):
    """An identity asserted by an OpenID Connect provider (e.g. an SPID/CIE
    proxy), tied to one account. Only the stable pair (issuer, subject) is kept:
    no fiscal code or other attribute the platform does not need."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities"
    )
    issuer = models.CharField(_("emittente"), max_length=255)
    subject = models.CharField(_("identificativo"), max_length=255)
    created_at = models.DateTimeField(_("collegata il"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("ultimo accesso"), null=True, blank=True)

    class Meta:
        verbose_name = _("identità esterna")
        verbose_name_plural = _("identità esterne")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], name="external_identity_issuer_subject_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.subject}"


class LoginFailure(models.Model):
    """One failed login (password) or second-step code, counted to lock out
    guessing. In the database, so every app server sees the same counts.
    The address is stored as typed (lower-cased), whether or not it has an account."""

    class Kind(models.TextChoices):
        PASSWORD = "password", _("password")
        SECOND_FACTOR = "second_factor", _("secondo fattore")

    kind = models.CharField(max_length=20, choices=Kind)
    email = models.CharField(max_length=254)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("accesso non riuscito")
        verbose_name_plural = _("accessi non riusciti")
        indexes = [
            models.Index(fields=["email", "kind", "created_at"], name="loginfailure_email"),
            models.Index(fields=["ip_address", "kind", "created_at"], name="loginfailure_ip"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.email} {self.created_at:%Y-%m-%d %H:%M}"


class AppIoContact(models.Model):
    """A person's fiscal code, kept only while they want booking messages in the
    IO app too (their consent, Consent.Purpose.APP_IO): it comes from a SPID or
    CIE login and goes when the consent is withdrawn or the account deleted."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, primary_key=True, related_name="app_io_contact"
    )
    fiscal_code = models.CharField(_("codice fiscale"), max_length=16)
    created_at = models.DateTimeField(_("attivato il"), auto_now_add=True)

    class Meta:
        verbose_name = _("contatto nell'app IO")
        verbose_name_plural = _("contatti nell'app IO")

    def __str__(self) -> str:
        return str(self.user)
