from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("", views.index, name="index"),
    path("datapackage.json", views.datapackage, name="datapackage"),
    path("catalogo.rdf", views.catalogue, name="catalogue"),
    path("programma.ics", views.programme_ical, name="ical"),
    path("<slug:name>.<slug:fmt>", views.resource_file, name="file"),
]
