from django.urls import path

from . import views

app_name = "spaces"
urlpatterns = [
    path("", views.space_list, name="list"),
    path("dati.geojson", views.map_data, name="map_data"),
    path("gestione/", views.manage_list, name="manage_list"),
    path("gestione/nuovo/", views.manage_create, name="manage_create"),
    path("gestione/<int:pk>/", views.manage_edit, name="manage_edit"),
    path("gestione/<int:pk>/stato/", views.manage_status, name="manage_status"),
    path("gestione/<int:pk>/foto/", views.manage_photo, name="manage_photo"),
    path("gestione/foto/<int:pk>/elimina/", views.manage_photo_delete, name="manage_photo_delete"),
    path("<slug:slug>/", views.detail, name="detail"),
]
