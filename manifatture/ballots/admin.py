from django.contrib import admin

from manifatture.guarded_fields import guarded

from .models import Ballot, BallotActivity, BallotEntry


class BallotActivityInline(admin.TabularInline):
    """Activities go in and out of the ballot on the staff pages
    (ballots.services), which also set how their places are given."""

    model = BallotActivity
    extra = 0
    readonly_fields = guarded(BallotActivity)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Ballot)
class BallotAdmin(admin.ModelAdmin):
    """For data fixes only: the draw runs from the staff pages."""

    list_display = ["edition", "opens_at", "closes_at", "status", "seed", "drawn_at"]
    list_filter = ["status"]
    readonly_fields = guarded(Ballot)
    inlines = [BallotActivityInline]


@admin.register(BallotEntry)
class BallotEntryAdmin(admin.ModelAdmin):
    list_display = ["visitor", "ballot", "rank", "slot", "party_size", "result"]
    list_filter = ["result", "ballot"]
    search_fields = ["visitor__email", "visitor__full_name"]
    raw_id_fields = ["visitor"]
    list_select_related = ["visitor", "ballot__edition", "slot__activity"]
    # Choices are the visitor's (save_choices), results the draw's (run_draw).
    readonly_fields = guarded(BallotEntry)

    def has_add_permission(self, request) -> bool:
        return False
