# Placeholder views, replaced as each part is built.
from django.shortcuts import render


def start(request, **kwargs):
    return render(request, "base.html")


def application(request, **kwargs):
    return render(request, "base.html")
