from django.contrib import admin

from .models import (
    Capability,
    Comune,
    ImportJob,
    Invitation,
    Link,
    Machine,
    Material,
    Membership,
    Municipio,
    Nil,
    Organisation,
    Photo,
    Site,
    Tag,
)
from .services import refresh_keywords


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class SiteInline(admin.StackedInline):
    model = Site
    extra = 0
    autocomplete_fields = ["comune"]
    readonly_fields = ["municipio", "nil"]


class MachineInline(admin.TabularInline):
    model = Machine
    extra = 0


class LinkInline(admin.TabularInline):
    model = Link
    extra = 0


class PhotoInline(admin.TabularInline):
    model = Photo
    extra = 0
    # Photos go through the owners' page, which checks and re-encodes them.
    readonly_fields = ["image", "width", "height"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "category",
        "vat_number",
        "ateco_code",
        "last_confirmed_at",
        "archived_at",
        "moderation",
    ]
    list_filter = [
        "moderation",
        ("owners_left_at", admin.EmptyFieldListFilter),
        "category",
        "source",
        "archive_reason",
    ]
    search_fields = ["name", "slug", "vat_number"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["capabilities", "materials", "tags"]
    readonly_fields = [
        "source",
        "source_ref",
        "last_confirmed_at",
        "confirmation_requested_at",
        "archived_at",
        "archive_reason",
        # Decided on the staff moderation page, which records them in the audit trail.
        "moderation",
        "moderation_note",
        "owners_left_at",
    ]
    inlines = [MembershipInline, SiteInline, MachineInline, LinkInline, PhotoInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        refresh_keywords(form.instance)

    def save_formset(self, request, form, formset, change):
        # Sites edited here get their Municipio as on the hosts' pages.
        if formset.model is not Site:
            return super().save_formset(request, form, formset, change)
        for site in formset.save(commit=False):
            site.locate()
            site.save()
        for site in formset.deleted_objects:
            site.delete()
        formset.save_m2m()


@admin.register(Comune)
class ComuneAdmin(admin.ModelAdmin):
    list_display = ["name", "province", "region", "istat_code"]
    list_filter = ["province"]
    search_fields = ["name", "istat_code"]


@admin.register(Municipio)
class MunicipioAdmin(admin.ModelAdmin):
    list_display = ["number"]
    # The boundary is loaded from open data (manage.py load_municipi), not typed in.
    readonly_fields = ["number", "geometry"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Nil)
class NilAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "is_periphery"]
    list_filter = ["is_periphery"]
    search_fields = ["name"]
    # Boundaries and the periphery flag come from `manage.py load_nil` (docs/periphery.md).
    readonly_fields = [field.name for field in Nil._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Capability)
class CapabilityAdmin(admin.ModelAdmin):
    list_display = ["name_it", "name_en", "code", "position"]
    readonly_fields = ["code"]


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    list_display = ["name_it", "name_en", "code", "position"]
    readonly_fields = ["code"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = [
        "filename",
        "format",
        "status",
        "created",
        "duplicates",
        "invalid",
        "created_at",
    ]
    list_filter = ["format", "status"]
    readonly_fields = [field.name for field in ImportJob._meta.fields if field.name != "content"]
    exclude = ["content"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Read only: invitations are sent, answered and revoked on the members' pages."""

    list_display = ["email", "organisation", "role", "state", "created_at", "expires_at"]
    list_filter = ["state", "role"]
    search_fields = ["email", "organisation__name"]
    list_select_related = ["organisation"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
