"""Admin for data fixes only: check-in and feeds go through the site's pages."""

from django.contrib import admin

from manifatture.admin import LinkKeyAdmin

from .models import CalendarFeed, DoorDevice, DoorEvent, ReminderSent, WalkIn


@admin.register(WalkIn)
class WalkInAdmin(LinkKeyAdmin):
    list_display = ["slot", "count", "updated_at"]
    raw_id_fields = ["slot"]


@admin.register(ReminderSent)
class ReminderSentAdmin(LinkKeyAdmin):
    list_display = ["booking", "sent_at"]
    raw_id_fields = ["booking"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(LinkKeyAdmin):
    list_display = ["user", "created_at", "regenerated_at"]
    raw_id_fields = ["user"]
    exclude = ["token"]  # a secret: regenerate it from the site, never read it here


@admin.register(DoorDevice)
class DoorDeviceAdmin(admin.ModelAdmin):
    """Read-only: devices are registered and revoked on the host's door page."""

    list_display = ["name", "organisation", "day", "last_synced_at", "revoked_at"]
    list_filter = ["day"]
    exclude = ["key"]  # the device's secret
    raw_id_fields = ["organisation", "registered_by", "revoked_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DoorEvent)
class DoorEventAdmin(admin.ModelAdmin):
    """Read-only: what the doors did, as recorded by the sync."""

    list_display = ["event_id", "kind", "outcome", "reason", "slot", "device", "at", "received_at"]
    list_filter = ["kind", "outcome"]
    raw_id_fields = ["device", "slot", "booking", "first"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
