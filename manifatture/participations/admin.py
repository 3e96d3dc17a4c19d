"""Admin for data fixes. State changes belong to the services: the state is read-only here."""

from django.contrib import admin

from manifatture.guarded_fields import guarded

from .models import (
    Application,
    ApplicationEvent,
    ProposedActivity,
    Review,
    ReviewCriterion,
    Score,
)


class ProposedActivityInline(admin.TabularInline):
    model = ProposedActivity
    extra = 0


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    readonly_fields = ["created_at", "actor", "from_state", "to_state", "note"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0
    can_delete = False
    readonly_fields = ["reviewer", "comment", "created_at", "updated_at"]
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "edition", "state", "submitted_at", "decided_at"]
    list_filter = ["edition", "state"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation", "edition"]
    raw_id_fields = ["organisation", "created_by"]
    readonly_fields = ["state", "submitted_at", "decided_at", "created_at", "updated_at"]
    inlines = [ProposedActivityInline, ReviewInline, ApplicationEventInline]


class ScoreInline(admin.TabularInline):
    """Scores are the reviewer's own (participations.services)."""

    model = Score
    extra = 0
    readonly_fields = guarded(Score)

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["application", "reviewer", "updated_at"]
    list_select_related = ["application__organisation", "application__edition", "reviewer"]
    raw_id_fields = ["application", "reviewer"]
    inlines = [ScoreInline]


@admin.register(ReviewCriterion)
class ReviewCriterionAdmin(admin.ModelAdmin):
    list_display = ["name_it", "edition", "weight", "position"]
    list_filter = ["edition"]
    list_editable = ["weight", "position"]
