from django.urls import path

from . import views

app_name = "editions"
urlpatterns = [
    path("", views.home, name="home"),
    path("edizioni/", views.archive, name="archive"),
    path("edizioni/<int:year>/", views.detail, name="detail"),
]
