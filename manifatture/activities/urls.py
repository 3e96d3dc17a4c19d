from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    # Public programme
    path("", views.programme, name="programme"),
    path("mappa/", views.map_page, name="map"),
    path("mappa/luoghi.geojson", views.map_data, name="map_data"),
    path("mappa/municipi.geojson", views.municipi_data, name="municipi_data"),
    path("percorsi/", views.routes, name="routes"),
    path("percorsi/<int:year>/<slug:slug>/", views.route, name="route"),
    path("attivita/<int:pk>/", views.detail, name="detail"),
    # Hosts (and city staff) manage activities and slots
    path("gestione/", views.manage, name="manage"),
    path(
        "gestione/organizzazioni/<slug:slug>/nuova-attivita/",
        views.activity_create,
        name="activity_create",
    ),
    path("gestione/attivita/<int:pk>/", views.activity_edit, name="activity_edit"),
    path("gestione/attivita/<int:pk>/annulla/", views.activity_cancel, name="activity_cancel"),
    path("gestione/attivita/<int:pk>/pubblica/", views.activity_publish, name="activity_publish"),
    path("gestione/attivita/<int:pk>/turni/", views.slot_add, name="slot_add"),
    path("gestione/turni/<int:pk>/", views.slot_edit, name="slot_edit"),
    path("gestione/turni/<int:pk>/elimina/", views.slot_remove, name="slot_remove"),
    # City staff: the hub, its rooms and the routes
    path("gestione/sale/", views.staff_rooms, name="staff_rooms"),
    path("gestione/sale/<int:pk>/", views.staff_room_edit, name="staff_room_edit"),
    path("gestione/hub/", views.staff_hub, name="staff_hub"),
    path("gestione/percorsi/", views.staff_routes, name="staff_routes"),
    path("gestione/percorsi/<int:pk>/", views.staff_route_edit, name="staff_route_edit"),
    path(
        "gestione/percorsi/<int:pk>/tappe/", views.staff_route_stop_add, name="staff_route_stop_add"
    ),
    path(
        "gestione/tappe/<int:pk>/rimuovi/",
        views.staff_route_stop_remove,
        name="staff_route_stop_remove",
    ),
    path(
        "gestione/tappe/<int:pk>/sposta/", views.staff_route_stop_move, name="staff_route_stop_move"
    ),
]
