from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.my_day, name="my_day"),
    path("aggiungi/<int:activity_pk>/", views.add, name="add"),
    path("voci/<int:pk>/rimuovi/", views.remove, name="remove"),
    path("condivisione/nuovo-link/", views.share_regenerate, name="share_regenerate"),
    path("condivisa/<str:token>/", views.shared, name="shared"),
]
