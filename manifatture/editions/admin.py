from django.contrib import admin

from manifatture.guarded_fields import guarded

from .models import Edition


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    """For data fixes; staff manage editions from their own pages (make_current keeps one current)."""

    list_display = ["year", "title", "is_current", "event_start", "event_end"]
    # The phase dates go through editions.services.save_edition (in order, in the audit trail).
    readonly_fields = guarded(Edition)

    def has_add_permission(self, request) -> bool:
        return False
