from django.urls import path

from . import api
from .resources import RESOURCES

app_name = "api"
urlpatterns = [
    path("", api.index, name="index"),
    path("openapi.json", api.openapi_document, name="openapi"),
    path("docs/", api.docs, name="docs"),
]
for _name in RESOURCES:
    urlpatterns += [
        path(f"{_name}/", api.resource_list, {"resource": _name}, name=f"{_name}-list"),
        path(
            f"{_name}/<str:key>/", api.resource_detail, {"resource": _name}, name=f"{_name}-detail"
        ),
    ]
