# Placeholder views, replaced as each part is built.
from django.shortcuts import render


def organisation(request, **kwargs):
    return render(request, "base.html")
