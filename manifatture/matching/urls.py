from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("", views.index, name="index"),
    path("nuova/<slug:slug>/", views.need_create, name="need_create"),
    path("richieste/<int:pk>/", views.need, name="need"),
    path(
        "richieste/<int:pk>/contatta/<int:organisation_pk>/",
        views.contact_create,
        name="contact_create",
    ),
    path("richieste/<int:pk>/chiudi/", views.need_close, name="need_close"),
    path("messaggi/<int:pk>/", views.contact, name="contact"),
    path("messaggi/<int:pk>/segnala/", views.contact_report, name="contact_report"),
    path("messaggi/<int:pk>/sblocca/", views.contact_unblock, name="contact_unblock"),
    path("segnalazioni/", views.reports, name="reports"),
]
