from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from manifatture.admin import ReadOnlyAdmin

from . import privacy
from .audit import action_label, field_changes, record_audit_event
from .exceptions import AccountNotDeletable
from .models import AuditEvent, Consent, User
from .services import disable_second_factor

# Changes to these fields of an account are decisions and go in the audit trail.
AUDITED_USER_FIELDS = ("role", "is_active", "is_staff", "is_superuser")


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("Esiste già un account con questo indirizzo e-mail."), code="email_taken"
            )
        return email


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Staff give roles (reviewer, city staff) here; accounts log in by e-mail."""

    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Dati personali"), {"fields": ("full_name",)}),
        (_("Ruolo nel programma"), {"fields": ("role",)}),
        (
            _("Verifiche"),
            {"fields": ("email_verified_at", "privacy_accepted_at", "second_factor_enabled_at")},
        ),
        (
            _("Permessi di amministrazione"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Date"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "usable_password", "password1", "password2"),
            },
        ),
    )
    readonly_fields = (
        "privacy_accepted_at",
        "second_factor_enabled_at",
        "last_login",
        "date_joined",
    )
    actions = ["reset_second_factor", "delete_on_request"]

    @admin.action(description=_("Azzera la verifica in due passaggi (telefono perso)"))
    def reset_second_factor(self, request, queryset) -> None:
        # Staff then set up the app again at their next login.
        for user in queryset.filter(second_factor_enabled_at__isnull=False):
            disable_second_factor(user)
            self.message_user(
                request, _("Verifica in due passaggi azzerata per %(user)s.") % {"user": user}
            )

    @admin.action(
        description=_("Cancella l'account e rendi anonimi i dati (richiesta della persona)")
    )
    def delete_on_request(self, request, queryset) -> None:
        """For requests that reach the City by other channels (e-mail, the DPO):
        the same deletion as the person's own, recorded with the staff member."""
        for user in queryset.filter(anonymised_at__isnull=True).order_by("pk"):
            label = str(user)
            try:
                privacy.delete_account(user, by=request.user)
            except AccountNotDeletable as error:
                self.message_user(
                    request,
                    _("%(user)s: %(reasons)s")
                    % {"user": label, "reasons": " ".join(error.reasons)},
                    level=messages.WARNING,
                )
            else:
                self.message_user(
                    request, _("Account di %(user)s cancellato e reso anonimo.") % {"user": label}
                )

    list_display = ("email", "full_name", "role", "email_verified_at", "is_active", "is_staff")
    list_filter = ("role", "is_active", "is_staff", "is_superuser")
    search_fields = ("email", "full_name")
    ordering = ("email",)

    def save_model(self, request, obj, form, change) -> None:
        before = User.objects.filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        changes = field_changes(before, obj, AUDITED_USER_FIELDS)
        if before is None:
            # A new account: only what departs from an ordinary visitor's.
            ordinary = {"role": User.Role.VISITOR, "is_active": True}
            changes = {
                name: value
                for name, value in changes.items()
                if value[1] != ordinary.get(name, False)
            }
        if changes:
            record_audit_event(
                actor=request.user,
                actor_role=AuditEvent.ActorRole.ADMIN,
                action="accounts.role_changed",
                target=obj,
                changes=changes,
            )

    def save_related(self, request, form, formsets, change) -> None:
        before = set(form.instance.groups.values_list("name", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(form.instance.groups.values_list("name", flat=True))
        if before != after:
            record_audit_event(
                actor=request.user,
                actor_role=AuditEvent.ActorRole.ADMIN,
                action="accounts.role_changed",
                target=form.instance,
                changes={"groups": [sorted(before), sorted(after)]},
            )


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The audit trail, to read. Append-only in the database too (triggers)."""

    list_display = ("created_at", "actor_label", "actor_role", "action_name", "object_label")
    list_filter = ("actor_role", "action")
    search_fields = ("actor_label", "object_label", "object_id", "summary")
    date_hierarchy = "created_at"

    @admin.display(description=_("azione"), ordering="action")
    def action_name(self, event: AuditEvent) -> str:
        return action_label(event.action)


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    """The history of consents, kept as given (the person changes theirs on the site)."""

    list_display = ("created_at", "user", "email", "purpose", "given", "notice_version", "source")
    list_filter = ("purpose", "given", "source", "notice_version")
    search_fields = ("user__email", "email")
    raw_id_fields = ("user",)
