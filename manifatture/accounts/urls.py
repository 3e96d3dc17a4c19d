from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("accedi/", views.login, name="login"),
    path("esci/", views.logout, name="logout"),
    path("registrati/", views.signup, name="signup"),
    path("", views.dashboard, name="dashboard"),
]
