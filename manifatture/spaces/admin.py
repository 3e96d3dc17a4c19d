from django.contrib import admin

from .models import Space, SpacePhoto, SpaceStatusChange


class SpacePhotoInline(admin.TabularInline):
    model = SpacePhoto
    extra = 0
    fields = ["image", "alt_text_it", "alt_text_en", "position"]


class StatusChangeInline(admin.TabularInline):
    model = SpaceStatusChange
    extra = 0
    fields = readonly_fields = ("changed_at", "from_status", "to_status", "changed_by", "note")
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin):
    """For data fixes only: staff use the pages under /spazi/gestione/."""

    list_display = ["name", "comune", "municipio", "surface_m2", "status", "is_published"]
    list_filter = ["status", "is_published", "condition", "municipio"]
    search_fields = ["name", "address"]
    readonly_fields = ["municipio", "status"]
    inlines = [SpacePhotoInline, StatusChangeInline]
