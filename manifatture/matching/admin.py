from django.contrib import admin

from .models import Contact, Need


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "organisation__name"]
    filter_horizontal = ["capabilities", "materials"]
    raw_id_fields = ["organisation", "site"]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["need", "recipient", "created_at", "replied_at"]
    raw_id_fields = ["need", "recipient"]
