"""Admin for reading only: answers are written by visitors, invitations by the service."""

from django.contrib import admin

from manifatture.admin import LinkKeyAdmin

from .models import SurveyInvitation, SurveyResponse


@admin.register(SurveyResponse)
class SurveyResponseAdmin(admin.ModelAdmin):
    list_display = ["activity", "edition", "overall", "would_recommend", "first_time"]
    list_filter = ["edition", "overall"]
    search_fields = ["activity__title_it", "comment"]
    raw_id_fields = ["activity", "edition"]

    # Answers are what visitors wrote: nobody edits them.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SurveyInvitation)
class SurveyInvitationAdmin(LinkKeyAdmin):
    list_display = ["booking", "emailed_at", "answered"]
    raw_id_fields = ["booking"]
    list_filter = ["answered"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
