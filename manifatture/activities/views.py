# Placeholder views, replaced as each part is built.
from django.shortcuts import render


def programme(request, **kwargs):
    return render(request, "base.html")


def map(request, **kwargs):
    return render(request, "base.html")


def routes(request, **kwargs):
    return render(request, "base.html")


def route(request, **kwargs):
    return render(request, "base.html")


def detail(request, **kwargs):
    return render(request, "base.html")
