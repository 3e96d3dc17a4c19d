"""Admin for data fixes only."""

from django.contrib import admin

from .models import PlanItem


@admin.register(PlanItem)
class PlanItemAdmin(admin.ModelAdmin):
    list_display = ["user", "activity", "slot", "day"]
    list_filter = ["day"]
    raw_id_fields = ["user", "activity", "slot"]
