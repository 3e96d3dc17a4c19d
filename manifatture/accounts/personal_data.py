"""Where each app says what personal data it holds, so that `accounts` can export,
erase and age it without importing the apps to its right (docs/architecture.md).

Each app registers one provider in its `AppConfig.ready()`:

* `export(user)` → JSON-ready data about that person only (in its `queries.py`);
* `blockers(user)` → reasons the account cannot be deleted now, for the person;
* `erase(user)` → delete or anonymise the app's personal data of that person,
  keeping what statistics need (in its `services.py`). Called inside the
  deletion's transaction, rightmost apps first;
* `expired_visitors(cutoff)` → ids of visitors with data in editions that ended
  before `cutoff` (a date), not yet anonymised;
* `detach_expired(visitor, placeholder, cutoff)` → move (or delete) that
  visitor's rows of those editions to the anonymous `placeholder` account;
* `withdraw(user, purpose)` for the consents it owns (e.g. news: the newsletter).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps

from .models import User


@dataclass(frozen=True)
class Provider:
    app_label: str
    export: Callable[[User], Any] | None = None
    blockers: Callable[[User], list[str]] | None = None
    erase: Callable[[User], None] | None = None
    expired_visitors: Callable[[datetime.date], set[int]] | None = None
    detach_expired: Callable[[User, User, datetime.date], None] | None = None


_providers: dict[str, Provider] = {}
_withdrawals: dict[str, Callable[[User], None]] = {}


def register(app_label: str, **hooks) -> None:
    """Register (or replace: `ready()` may run twice in tests) an app's hooks."""
    _providers[app_label] = Provider(app_label=app_label, **hooks)


def register_withdrawal(purpose: str, handler: Callable[[User], None]) -> None:
    """`handler(user)` stops the processing a consent allowed when it is withdrawn."""
    _withdrawals[purpose] = handler


def withdrawal_handler(purpose: str) -> Callable[[User], None] | None:
    return _withdrawals.get(purpose)


def providers() -> list[Provider]:
    """In the order of INSTALLED_APPS, i.e. the import graph from left to right."""
    order = {config.label: index for index, config in enumerate(apps.get_app_configs())}
    return sorted(_providers.values(), key=lambda p: order.get(p.app_label, len(order)))
