"""Shared pieces of the admin (the apps' own admin.py modules register the models)."""

from django.contrib import admin
from django.db import connections, router


class LinkKeyAdmin(admin.ModelAdmin):
    """The admin of a model whose primary key is a one-to-one link (a visitor's
    profile is keyed by its user). Django keeps out-of-range numbers out of
    lookups on integer keys, but not on keys that are links: without this,
    /admin/…/99999999999999999999999/change/ reaches the database with a number
    it cannot hold (an aborted transaction on PostgreSQL) and answers 500 instead of "not found"."""

    def get_object(self, request, object_id, from_field=None):
        opts = self.model._meta
        field = opts.get_field(from_field) if from_field else opts.pk
        target = field.target_field if field.is_relation else field
        connection = connections[router.db_for_read(self.model)]
        try:
            low, high = connection.ops.integer_field_range(target.get_internal_type())
            number = int(object_id)
        except (KeyError, TypeError, ValueError):
            return super().get_object(request, object_id, from_field)
        if (low is not None and number < low) or (high is not None and number > high):
            return None
        return super().get_object(request, object_id, from_field)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows nobody adds, changes or deletes from the UI, superusers included:
    they change only through their services (bookings), or never (the audit
    trail, delivery records)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
