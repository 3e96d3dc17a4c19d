from django.contrib import admin

from manifatture.guarded_fields import guarded

from .models import Criterion, Document, Entry, Event


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["title_it", "position", "is_active"]
    list_editable = ["position", "is_active"]


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    fields = readonly_fields = ("name", "content_type", "size", "uploaded_at")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class EventInline(admin.TabularInline):
    model = Event
    extra = 0
    readonly_fields = ["action", "actor", "note", "created_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    """For data fixes; decisions go through the staff pages, which keep the history."""

    list_display = ["organisation", "kind", "state", "valid_from", "expires_on"]
    list_filter = ["kind", "state"]
    search_fields = ["organisation__name"]
    # The state and validity are decided on the staff pages (qualifications.services).
    readonly_fields = [
        "organisation",
        "renews",
        "submitted_by",
        "submitted_at",
        *[name for name in guarded(Entry) if name != "decided_by"],
        "decided_by",
    ]
    inlines = [DocumentInline, EventInline]

    def has_add_permission(self, request) -> bool:
        return False
