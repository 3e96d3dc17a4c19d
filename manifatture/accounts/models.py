from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
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

    username = None
    first_name = None
    last_name = None
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

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]
    objects = UserManager()

    class Meta:
        verbose_name = _("utente")
        verbose_name_plural = _("utenti")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
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
