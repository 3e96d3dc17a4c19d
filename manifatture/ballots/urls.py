from django.urls import path

from . import views

app_name = "ballots"
urlpatterns = [
    # Visitors
    path("", views.current, name="current"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/scelte/", views.enter, name="enter"),
    path("le-mie-scelte/", views.mine, name="mine"),
    # City staff
    path("gestione/", views.manage, name="manage"),
    path("gestione/<int:pk>/", views.manage_ballot, name="manage_ballot"),
    path("gestione/<int:pk>/date/", views.window, name="window"),
    path("gestione/<int:pk>/attivita/", views.activity_add, name="activity_add"),
    path(
        "gestione/<int:pk>/attivita/<int:activity_pk>/rimuovi/",
        views.activity_remove,
        name="activity_remove",
    ),
    path("gestione/<int:pk>/sorteggia/", views.run_draw, name="draw"),
]
