from django.urls import include, path

from . import views

urlpatterns = [
    path("bench/floor/<int:pk>/", views.floor_book, name="bench_floor"),
    path("", include("config.urls")),
]
