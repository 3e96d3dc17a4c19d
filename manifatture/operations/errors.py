"""Error reporting: with SENTRY_DSN set, unhandled exceptions in pages, tasks
and commands (and log records at ERROR) go to Sentry or to a self-hosted
GlitchTip, which speaks the same protocol. Nothing personal is sent: no
cookies, no form data, no addresses; users are known by id only."""

import logging
import os


def init_error_reporting(dsn: str) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.logging import LoggingIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        release=os.environ.get("SENTRY_RELEASE") or None,
        send_default_pii=False,
        # Request bodies may hold personal data (sign-up, booking forms).
        max_request_body_size="never",
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
        integrations=[DjangoIntegration(), LoggingIntegration(event_level=logging.ERROR)],
    )
