from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "manifatture.accounts"
    verbose_name = _("Account")

    def ready(self) -> None:
        from django.core import checks

        from manifatture import lookups  # noqa: F401 (registers `in` for integer columns)
        from manifatture.mail import email_queued
        from manifatture.ratelimit import check_shared_cache

        from . import appio, personal_data, queries

        email_queued.connect(appio.forward_email, dispatch_uid="accounts.appio")
        personal_data.register_withdrawal("app_io", appio.forget)

        # Project-wide (rate limits need a shared cache in production), here
        # as accounts is the root of the import graph.
        checks.register(check_shared_cache, checks.Tags.caches, deploy=True)

        personal_data.register(self.label, export=queries.export_account)
