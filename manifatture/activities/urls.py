from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("", views.programme, name="programme"),
    path("mappa/", views.map, name="map"),
    path("percorsi/", views.routes, name="routes"),
    path("percorsi/<int:year>/<slug:slug>/", views.route, name="route"),
    path("attivita/<int:pk>/", views.detail, name="detail"),
]
