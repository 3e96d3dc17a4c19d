"""Admin for data fixes only: hosts and staff work through the site's own pages,
which go through the services and their rules."""

from django.contrib import admin

from manifatture.admin import LinkKeyAdmin
from manifatture.guarded_fields import guarded

from .models import Activity, HubRoom, HubVenue, Language, Route, RouteStop, TimeSlot


class TimeSlotInline(admin.TabularInline):
    """Slots are added, moved, resized and cancelled on the hosts' and staff's
    pages (activities.services, bookings.services), whose rules the admin skips."""

    model = TimeSlot
    extra = 0
    fields = guarded(TimeSlot)
    readonly_fields = guarded(TimeSlot)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title_it", "organisation", "edition", "kind", "status"]
    list_filter = ["edition", "status", "kind", "audience"]
    search_fields = ["title_it", "title_en", "organisation__name"]
    raw_id_fields = ["organisation", "site", "created_by"]
    # Booking mode (the ballot's), status (cancelling tells the visitors): services only.
    readonly_fields = guarded(Activity)
    inlines = [TimeSlotInline]

    def has_add_permission(self, request) -> bool:
        return False  # hosts create activities (activities.services.create_activity)


@admin.register(HubRoom)
class HubRoomAdmin(admin.ModelAdmin):
    list_display = ["name", "edition", "seats"]
    list_filter = ["edition"]
    readonly_fields = guarded(HubRoom)  # never below a slot in the room: the staff page

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(HubVenue)
class HubVenueAdmin(LinkKeyAdmin):
    list_display = ["edition", "latitude", "longitude", "municipio"]


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["code", "name_it", "name_en"]


class RouteStopInline(admin.TabularInline):
    model = RouteStop
    extra = 0
    raw_id_fields = ["activity"]


@admin.register(Route)
class RouteAdmin(admin.ModelAdmin):
    list_display = ["title_it", "edition", "slug"]
    list_filter = ["edition"]
    inlines = [RouteStopInline]
