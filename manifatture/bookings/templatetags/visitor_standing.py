"""Where the signed-in visitor stands with a slot, for the pages of `activities`
(which may not import bookings: a template loads this library instead). The
visitor's bookings are read once per page, whatever the number of slots."""

from django import template

from .. import services
from ..exceptions import BookingError
from ..queries import BookedSlot

register = template.Library()


def _bookings(context, edition) -> list[BookedSlot] | None:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return None
    key = (__name__, edition.pk)
    if key not in context.render_context:
        context.render_context[key] = services.visitor_bookings(request.user, edition)
    return context.render_context[key]


@register.simple_tag(takes_context=True)
def booked_by_visitor(context, slot) -> bool:
    """The visitor holds a live booking of this slot."""
    bookings = _bookings(context, slot.activity.edition)
    return bookings is not None and any(booking.slot_id == slot.pk for booking in bookings)


@register.simple_tag(takes_context=True)
def standing_refusal(context, activity) -> BookingError | None:
    """The refusal a booking of any of the activity's slots (`slot_list`) but
    the visitor's own meets whatever the form says (`services.standing_refusal`,
    the same for each of them: another slot booked, all their bookings used),
    or None."""
    bookings = _bookings(context, activity.edition)
    if bookings is None:
        return None
    own = {booking.slot_id for booking in bookings}
    refusals = (
        services.standing_refusal(slot, bookings)
        for slot in activity.slot_list
        if slot.pk not in own
    )
    return next((refusal for refusal in refusals if refusal is not None), None)
