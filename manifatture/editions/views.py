# Placeholder views, replaced as each part is built.
from django.shortcuts import render


def home(request, **kwargs):
    return render(request, "base.html")


def archive(request, **kwargs):
    return render(request, "base.html")


def detail(request, **kwargs):
    return render(request, "base.html")
