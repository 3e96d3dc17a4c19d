from django.urls import path

from . import views

app_name = "tickets"
urlpatterns = [
    # Visitors: tickets, the private calendar feed, the one-click cancel link
    path("prenotazioni/<int:pk>/", views.ticket, name="ticket"),
    path("prenotazioni/<int:pk>/calendario.ics", views.ticket_ics, name="ticket_ics"),
    path("calendario/", views.calendar_settings, name="calendar"),
    path("calendario/<str:token>.ics", views.feed, name="feed"),
    path("annulla/<str:token>/", views.cancel, name="cancel"),
    # Hosts and city staff: check-in at the door, walk-ins, who booked
    path("accoglienza/", views.host_slots, name="host_slots"),
    path("accoglienza/turni/<int:pk>/", views.checkin, name="checkin"),
    path("accoglienza/turni/<int:pk>/prenotati/", views.slot_bookings, name="slot_bookings"),
    path("accoglienza/turni/<int:pk>/assenti/", views.no_shows, name="no_shows"),
    path("accoglienza/turni/<int:pk>/senza-prenotazione/", views.walk_in, name="walk_in"),
    path(
        "accoglienza/turni/<int:pk>/oltre-i-posti/",
        views.booking_allowance,
        name="booking_allowance",
    ),
    path("accoglienza/turni/<int:pk>/libera-posti/", views.release_absent, name="release_absent"),
    # The door app: installable, admits offline and syncs (tickets.door)
    path("porta/", views.door_home, name="door_home"),
    path("porta/manifest.webmanifest", views.door_manifest, name="door_manifest"),
    path("porta/sw.js", views.door_service_worker, name="door_service_worker"),
    path("porta/dispositivi/<uuid:pk>/sincronizza/", views.door_sync, name="door_sync"),
    path("porta/<slug:slug>/", views.door, name="door"),
    path("porta/<slug:slug>/dispositivi/", views.door_register, name="door_register"),
    path("porta/<slug:slug>/dispositivi/<uuid:pk>/revoca/", views.door_revoke, name="door_revoke"),
]
