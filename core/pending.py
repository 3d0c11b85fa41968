"""THE one way an import keeps its uploaded file between the preview and "Terapkan".

Every import (the OPD's report Excel, the roadmap workbook, the PMPRB LKE workbook, the admin imports of
django-import-export) goes upload → preview → apply. Between the two steps the file is kept here: in the
default storage under MEDIA_ROOT/PENDING_FOLDER (core.models), as a PendingUpload row naming an unguessable
token, the user it belongs to, the kind of import and when it expires. It is never kept in the session, and
never sent back through the browser: the page carries only the token.

- `store` keeps a new upload; the same user's earlier upload of the same kind is removed (a new upload
  replaces the previous preview), and so is every expired one.
- `get` finds it again for another preview; `take` hands it to an apply and removes it when the apply ends,
  whether it succeeded or failed. Both raise NotFound (NOT_FOUND, in Indonesian) for a forged token, another
  user's, another kind's or an expired one, and change nothing then.
- `expired` / `remove` are what `manage.py orphan_files` reports and deletes (core/orphans.py).
- `TemporaryStorage` is django-import-export's IMPORT_EXPORT_TMP_STORAGE_CLASS: the admin imports keep their
  file the same way (core.resources.SpreadsheetImportMixin says whose and which kind through `acting`).
"""

import secrets
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile, File
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy
from import_export.tmp_storages import BaseStorage

from core.models import PendingUpload

NOT_FOUND = _lazy("Pratinjau tidak ditemukan atau kedaluwarsa; unggah berkasnya lagi.")


class NotFound(Exception):
    """No pending upload of this user and kind under that token (forged, foreign, another kind's, expired)."""

    def __init__(self) -> None:
        super().__init__(str(NOT_FOUND))


def lifetime() -> timedelta:
    return timedelta(hours=settings.PENDING_UPLOAD_HOURS)


def store(user, kind: str, content: bytes | File, *, name: str = "", context: dict | None = None):
    """Keep an upload of `user` for the import `kind` until it is applied or expires; the PendingUpload
    (its `token` goes into the preview page). `context` is what the apply needs besides the file (JSON)."""

    now = timezone.now()
    for earlier in [*expired(now), *PendingUpload.objects.filter(user=user, kind=kind)]:
        remove(earlier)
    if isinstance(content, bytes):
        content = ContentFile(content)
    if hasattr(content, "seek"):
        content.seek(0)
    pending = PendingUpload(
        token=secrets.token_hex(24),
        kind=kind,
        user=user,
        expires_at=now + lifetime(),
        context=context or {},
    )
    pending.file.save(name or getattr(content, "name", "") or "unggahan", content, save=False)
    pending.save()
    return pending


def get(user, kind: str, token):
    """The user's unexpired pending upload of `kind` under `token`; NotFound otherwise."""

    if not isinstance(token, str) or not token.isalnum() or not getattr(user, "is_authenticated", False):
        raise NotFound
    pending = PendingUpload.objects.filter(token=token, kind=kind, user=user, expires_at__gt=timezone.now()).first()
    if pending is None:
        raise NotFound
    return pending


@contextmanager
def take(user, kind: str, token) -> Iterator:
    """The pending upload to apply (NotFound as `get`), claimed first so that two clicks on "Terapkan" apply
    it once, and removed when the block ends, applied or not: a failed apply needs a new upload.

    The apply itself runs in its own atomic block inside this one (all or nothing), so the claim is not
    undone with a failed apply."""

    pending = get(user, kind, token)
    claimed, _by_model = PendingUpload.objects.filter(pk=pending.pk).delete()
    if not claimed:
        raise NotFound
    try:
        yield pending
    finally:
        _delete_file(pending)


def read(pending) -> bytes:
    with pending.file.open("rb") as handle:
        return handle.read()


def remove(pending) -> None:
    """Delete a pending upload, its row and its file."""

    PendingUpload.objects.filter(pk=pending.pk).delete()
    _delete_file(pending)


def forget(user, kind: str) -> None:
    """Remove the user's pending upload of `kind` (a new preview that cannot be applied replaces it)."""

    for pending in PendingUpload.objects.filter(user=user, kind=kind):
        remove(pending)


def expired(now: datetime | None = None) -> QuerySet:

    return PendingUpload.objects.filter(expires_at__lte=now or timezone.now()).order_by("pk")


def _delete_file(pending) -> None:
    if pending.file.name:
        pending.file.storage.delete(pending.file.name)


# -- django-import-export --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Acting:
    user: object
    kind: str
    claimed: object = None  # the pending upload `take` claimed for the apply now running


_acting: ContextVar[_Acting | None] = ContextVar("pending_import", default=None)


@contextmanager
def acting(user, kind: str, claimed=None) -> Iterator[None]:
    """Within this block TemporaryStorage keeps and finds files as `user`'s pending uploads of `kind`
    (`claimed`: the upload an apply took, read by its token)."""
    reset = _acting.set(_Acting(user, kind, claimed))
    try:
        yield
    finally:
        _acting.reset(reset)


class TemporaryStorage(BaseStorage):
    """django-import-export's temporary file between its preview and its "Konfirmasi impor", kept as a
    pending upload: import-export's file name is the token."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.acting = _acting.get()
        if self.acting is None:
            raise ImproperlyConfigured("An admin import outside core.resources.SpreadsheetImportMixin.")

    def save(self, data) -> None:
        content = data.encode(self.encoding or "utf-8") if isinstance(data, str) else data
        self.name = store(self.acting.user, self.acting.kind, content).token

    def read(self):
        claimed = self.acting.claimed
        pending = claimed if claimed is not None and claimed.token == self.name else None
        data = read(pending or get(self.acting.user, self.acting.kind, self.name))
        return data if "b" in self.read_mode else data.decode(self.encoding or "utf-8")

    def remove(self) -> None:
        with suppress(NotFound):  # already taken by the apply (SpreadsheetImportMixin.process_import)
            remove(get(self.acting.user, self.acting.kind, self.name))
