"""bookings.services queues its tasks by dotted path, so that the services do not
import bookings.tasks (which imports them): the paths name the tasks."""

from django.utils.module_loading import import_string

from manifatture.bookings import services, tasks


def test_the_task_paths_of_the_services_name_the_tasks():
    assert import_string(services.CONFIRMATION_TASK) is tasks.send_booking_confirmation
    assert import_string(services.EXPIRE_OFFERS_TASK) is tasks.expire_offers_task
