# Placeholder views, replaced as each part is built.
from django.shortcuts import render


def login(request, **kwargs):
    return render(request, "base.html")


def logout(request, **kwargs):
    return render(request, "base.html")


def signup(request, **kwargs):
    return render(request, "base.html")


def dashboard(request, **kwargs):
    return render(request, "base.html")
