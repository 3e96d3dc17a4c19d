from django.urls import path

from . import views

app_name = "participations"
urlpatterns: list = []
