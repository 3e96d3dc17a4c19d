from django.contrib import admin

from .models import Contact, ContactReport, Need, SenderBlock


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "organisation__name"]
    filter_horizontal = ["capabilities", "materials"]
    raw_id_fields = ["organisation", "site"]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["need", "recipient", "created_at", "replied_at"]
    raw_id_fields = ["need", "recipient"]


@admin.register(ContactReport)
class ContactReportAdmin(admin.ModelAdmin):
    """Messages reported as abuse by who received them."""

    list_display = ["contact", "reported_by", "created_at"]
    readonly_fields = ["contact", "reported_by", "reason", "created_at"]
    search_fields = ["contact__need__organisation__name", "contact__recipient__name"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(SenderBlock)
class SenderBlockAdmin(admin.ModelAdmin):
    list_display = ["recipient", "sender_organisation", "sender", "created_at"]
    raw_id_fields = ["recipient", "sender_organisation", "sender", "blocked_by"]
