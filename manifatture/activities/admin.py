"""Admin for data fixes only: hosts and staff work through the site's own pages,
which go through the services and their rules."""

from django.contrib import admin

from manifatture.admin import LinkKeyAdmin

from .models import Activity, HubRoom, HubVenue, Language, Route, RouteStop, TimeSlot


class TimeSlotInline(admin.TabularInline):
    model = TimeSlot
    extra = 0
    raw_id_fields = ["room"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title_it", "organisation", "edition", "kind", "status"]
    list_filter = ["edition", "status", "kind", "audience"]
    search_fields = ["title_it", "title_en", "organisation__name"]
    raw_id_fields = ["organisation", "site", "created_by"]
    inlines = [TimeSlotInline]


@admin.register(HubRoom)
class HubRoomAdmin(admin.ModelAdmin):
    list_display = ["name", "edition", "seats"]
    list_filter = ["edition"]


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
