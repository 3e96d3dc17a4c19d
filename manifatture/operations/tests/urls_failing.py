"""A URL configuration with a page that fails, for the error-reporting test."""

from django.http import HttpRequest
from django.urls import path
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt
def fail(request: HttpRequest):
    raise RuntimeError("guasto di prova")


urlpatterns = [path("guasto/", fail)]
