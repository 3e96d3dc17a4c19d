from django.contrib import admin

from .models import Edition


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    """For data fixes; staff manage editions from their own pages (make_current keeps one current)."""

    list_display = ["year", "title", "is_current", "event_start", "event_end"]
    readonly_fields = ["is_current"]
