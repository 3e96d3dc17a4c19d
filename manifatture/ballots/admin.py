from django.contrib import admin

from .models import Ballot, BallotActivity, BallotEntry


class BallotActivityInline(admin.TabularInline):
    model = BallotActivity
    extra = 0
    raw_id_fields = ["activity"]


@admin.register(Ballot)
class BallotAdmin(admin.ModelAdmin):
    """For data fixes only: the draw runs from the staff pages."""

    list_display = ["edition", "opens_at", "closes_at", "status", "seed", "drawn_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "seed", "drawn_at", "drawn_by"]
    inlines = [BallotActivityInline]


@admin.register(BallotEntry)
class BallotEntryAdmin(admin.ModelAdmin):
    list_display = ["visitor", "ballot", "rank", "slot", "party_size", "result"]
    list_filter = ["result", "ballot"]
    search_fields = ["visitor__email", "visitor__full_name"]
    raw_id_fields = ["visitor", "slot", "booking", "waiting_entry"]
    list_select_related = ["visitor", "ballot__edition", "slot__activity"]
