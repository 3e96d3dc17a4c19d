from django.urls import path

from . import views

app_name = "participations"
urlpatterns = [
    path("", views.start, name="start"),
    path("<int:pk>/", views.application, name="application"),
]
