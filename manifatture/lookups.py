"""Lookups Django leaves to the database where they should not reach it.

Django (5.0+) answers "no rows" for `exact`, `gt`, `lt`… on an integer column
given a number the column cannot hold, but not for `in`: a form's multiple
choice (`ModelMultipleChoiceField` filters `pk__in=`) given "9223372036854775808"
sent it to the database, where PostgreSQL refuses it ("out of range") and the
aborted transaction becomes a server error.
Registered on every integer field by accounts' AppConfig.ready, the root of the
import graph."""

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    """`in` without the numbers that no value of the column can equal."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            try:
                low, high = connection.ops.integer_field_range(
                    self.lhs.output_field.get_internal_type()
                )
            except KeyError:
                low = high = None
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
