from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("", views.numbers_index, name="numbers_index"),
    path("<int:year>/", views.numbers_detail, name="numbers"),
    path("cruscotto/", views.dashboard, name="dashboard"),
    path("cruscotto/domanda/", views.demand, name="demand"),
    path("cruscotto/domanda/scarica.csv", views.demand_csv, name="demand_csv"),
    path("cruscotto/scarica/<slug:slug>.csv", views.download, {"fmt": "csv"}, name="download_csv"),
    path(
        "cruscotto/scarica/<slug:slug>.xlsx",
        views.download,
        {"fmt": "xlsx"},
        name="download_xlsx",
    ),
]
