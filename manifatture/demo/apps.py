from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data and `manage.py load_demo`: at the far end of the import
    graph (it writes every app's rows; no app imports it)."""

    name = "manifatture.demo"
    verbose_name = "Demo"
