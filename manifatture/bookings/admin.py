"""Admin for data fixes only: seats change through bookings.services, which
keeps the slot counters right, so the admin shows bookings read-only."""

from django.contrib import admin

from manifatture.admin import LinkKeyAdmin, ReadOnlyAdmin

from .models import Booking, VisitorProfile, WaitingListEntry


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin):
    list_display = ["ticket_code", "visitor", "slot", "party_size", "kind", "status", "created_at"]
    list_filter = ["status", "kind", "released", "slot__activity__edition"]
    search_fields = ["ticket_code", "visitor__email", "group_name", "slot__activity__title_it"]
    list_select_related = ["visitor", "slot__activity"]
    raw_id_fields = ["visitor", "slot"]


@admin.register(WaitingListEntry)
class WaitingListEntryAdmin(ReadOnlyAdmin):
    list_display = ["visitor", "slot", "party_size", "status", "joined_at", "offer_expires_at"]
    list_filter = ["status"]
    search_fields = ["visitor__email", "slot__activity__title_it"]
    list_select_related = ["visitor", "slot__activity"]


@admin.register(VisitorProfile)
class VisitorProfileAdmin(LinkKeyAdmin, ReadOnlyAdmin):
    list_display = ["user", "comune", "lives_elsewhere", "age_band", "statistics_consent_at"]
    list_filter = ["age_band", "lives_elsewhere"]
    list_select_related = ["user", "comune"]
