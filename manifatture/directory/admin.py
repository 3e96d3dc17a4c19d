from django.contrib import admin

from .models import Comune, Membership, Municipio, Organisation, Site
from .services import municipio_at


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class SiteInline(admin.StackedInline):
    model = Site
    extra = 0
    autocomplete_fields = ["comune"]
    readonly_fields = ["municipio"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "vat_number", "ateco_code", "updated_at"]
    list_filter = ["category"]
    search_fields = ["name", "slug", "vat_number"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline, SiteInline]

    def save_formset(self, request, form, formset, change):
        # Sites edited here get their Municipio as on the hosts' pages.
        if formset.model is not Site:
            return super().save_formset(request, form, formset, change)
        for site in formset.save(commit=False):
            site.municipio = (
                municipio_at(site.latitude, site.longitude) if site.comune.is_milano else None
            )
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
