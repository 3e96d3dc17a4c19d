from django.urls import path

from config import urls as project_urls

from . import views

# The project's patterns are added, not included: they use i18n_patterns,
# which an included URLconf may not.
urlpatterns = [
    path("bench/floor/<int:pk>/", views.floor_book, name="bench_floor"),
    *project_urls.urlpatterns,
]
