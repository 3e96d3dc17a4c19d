from django.urls import path

from . import views

app_name = "editions"
urlpatterns = [
    path("", views.home, name="home"),
    path("edizioni/", views.archive, name="archive"),
    path("edizioni/<int:year>/", views.detail, name="detail"),
    path("gestione/edizioni/", views.staff_list, name="staff_list"),
    path("gestione/edizioni/nuova/", views.staff_create, name="staff_create"),
    path("gestione/edizioni/<int:pk>/", views.staff_edit, name="staff_edit"),
    path(
        "gestione/edizioni/<int:pk>/corrente/", views.staff_make_current, name="staff_make_current"
    ),
]
