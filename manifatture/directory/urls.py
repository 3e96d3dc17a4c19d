from django.urls import path

from . import views

app_name = "directory"
urlpatterns = [
    path("<slug:slug>/", views.organisation, name="organisation"),
]
