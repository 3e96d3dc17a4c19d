from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BookingsConfig(AppConfig):
    name = "manifatture.bookings"
    verbose_name = _("Prenotazioni")

    def ready(self) -> None:
        from manifatture.accounts import personal_data
        from manifatture.accounts.models import Consent
        from manifatture.activities import services as activity_services

        from . import demand, queries, services

        # A slot added to an activity answers its demand nudges.
        activity_services.on_slot_added(demand.answer_nudges)

        personal_data.register(
            self.label,
            export=queries.export_personal_data,
            erase=services.erase_personal_data,
            expired_visitors=queries.expired_visitors,
            detach_expired=services.detach_expired_bookings,
        )
        personal_data.register_withdrawal(
            Consent.Purpose.STATISTICS, services.delete_visitor_profile
        )
        personal_data.register_withdrawal(
            Consent.Purpose.ACCESS_NEEDS, services.delete_access_needs
        )
        # A slot that gets more places (capacity, allowance) offers them to its
        # waiting list first, as a wave does.
        from manifatture.activities.services import on_more_seats

        from .waves import serve_waiting_list

        on_more_seats(serve_waiting_list)
