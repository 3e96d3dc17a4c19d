"""Where application attachments are kept: a storage of their own, outside
MEDIA_ROOT, so that no web server or `static()` route can hand them out.
They leave only through `calls.views.attachment`, after an access check.

Settings: STORAGES["private"] if defined (e.g. an S3 bucket without public
access), otherwise a folder at PRIVATE_MEDIA_ROOT (default: <BASE_DIR>/private_media).
"""

from typing import cast

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

PRIVATE_ALIAS = "private"


def _private_root():
    return settings.PRIVATE_MEDIA_ROOT


class PrivateFileSystemStorage(FileSystemStorage):
    """Files on disk with no public address at all."""

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL: serve them through a view.")


class PrivateStorage(LazyObject):
    _wrapped: Storage | object  # `empty` until _setup

    def _setup(self) -> None:
        if PRIVATE_ALIAS in settings.STORAGES:
            self._wrapped = storages[PRIVATE_ALIAS]
        else:
            self._wrapped = PrivateFileSystemStorage(location=_private_root())


private_storage = PrivateStorage()


def get_private_storage() -> Storage:
    """For FileField(storage=...): migrations keep a reference to this function."""
    return cast(Storage, private_storage)  # the lazy object stands for the storage


@receiver(setting_changed)
def _reset(*, setting: str, **kwargs) -> None:
    if setting in {"STORAGES", "PRIVATE_MEDIA_ROOT"}:
        private_storage._wrapped = empty
