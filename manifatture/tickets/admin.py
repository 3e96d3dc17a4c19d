"""Admin for data fixes only: check-in and feeds go through the site's pages."""

from django.contrib import admin

from manifatture.admin import LinkKeyAdmin

from .models import CalendarFeed, ReminderSent, WalkIn


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
