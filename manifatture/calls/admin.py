from django.contrib import admin

from manifatture.guarded_fields import guarded

from .models import (
    Application,
    Call,
    CallCriterion,
    CallDocumentRequirement,
    CallEvent,
    CommitteeMember,
    RankingEntry,
)


class CriterionInline(admin.TabularInline):
    model = CallCriterion
    extra = 0


class RequirementInline(admin.TabularInline):
    model = CallDocumentRequirement
    extra = 0


class CommitteeInline(admin.TabularInline):
    model = CommitteeMember
    extra = 0
    raw_id_fields = ["reviewer"]


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    """For data fixes only: staff use the pages under /bandi/gestione/."""

    list_display = ["title_it", "kind", "status", "opens_at", "closes_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title_it", "title_en"]
    readonly_fields = [
        "status",
        "published_at",
        "ranking_computed_at",
        "ranking_approved_at",
        "ranking_approved_by",
        "results_published_at",
    ]
    inlines = [CriterionInline, RequirementInline, CommitteeInline]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["protocol", "organisation", "call", "state", "submitted_at"]
    list_filter = ["state", "call"]
    search_fields = ["protocol", "organisation__name"]
    readonly_fields = ["protocol", "protocol_seq", "submitted_at", "state"]
    raw_id_fields = ["organisation", "requested_space"]


@admin.register(RankingEntry)
class RankingEntryAdmin(admin.ModelAdmin):
    """The ranking is computed by calls.ranking and approved on the staff pages."""

    list_display = ["call", "position", "application", "score", "outcome"]
    list_filter = ["call"]
    readonly_fields = guarded(RankingEntry)

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(CallEvent)
class CallEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "call", "application", "action", "actor"]
    list_filter = ["action", "call"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
