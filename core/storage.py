"""File storage that keeps no file without its row: a file saved inside a transaction that then rolls back
is deleted again.

Django has no rollback hook, but it drops the on_commit callbacks of a transaction (or savepoint) that
rolls back. Each file saved inside a transaction registers one such callback that confirms it; once the
request, the queued job or the command is over, a file whose confirmation is neither run nor still
waiting belonged to a rolled back transaction, and is deleted. Whatever a killed process leaves behind
is found by `manage.py orphan_files`.
"""

import atexit
import logging
import os
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import TemporaryUploadedFile, UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.core.signals import request_finished
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.dispatch import receiver
from django_tasks.signals import task_finished

logger = logging.getLogger(__name__)

_local = threading.local()


@dataclass(eq=False)
class _Written:
    path: str  # absolute: where it was written, whatever MEDIA_ROOT says by the time it is deleted
    name: str  # as a FileField stores it
    using: str = DEFAULT_DB_ALIAS
    confirmed: bool = field(default=False)

    def confirm(self) -> None:
        self.confirmed = True


def _written() -> list[_Written]:
    if not hasattr(_local, "written"):
        _local.written = []
    return _local.written


def track(path: str, name: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """Remember a file just saved: it is kept if the surrounding transaction commits, else deleted."""
    if not connections[using].in_atomic_block:
        return  # autocommit: the caller's row is written right after, nothing can roll it back
    written = _Written(path, name, using)
    transaction.on_commit(written.confirm, using=using, robust=True)
    _written().append(written)


def discard_rolled_back() -> list[str]:
    """Delete the files whose transaction rolled back; their paths."""
    deleted, keep = [], []
    for written in _written():
        if written.confirmed:
            continue
        callbacks = connections[written.using].run_on_commit
        if any(callback == written.confirm for _ids, callback, _robust in callbacks):  # its transaction is open
            keep.append(written)
            continue
        try:
            # Committed after all? A failing on_commit callback before ours stops Django running the rest.
            committed = _named_by_a_row(written.name)
        except DatabaseError:
            logger.warning("Kept %s: the database could not say whether a row names it", written.path)
            committed = True  # never delete on doubt: orphan_files decides later
        if committed:
            continue
        try:
            os.remove(written.path)
        except FileNotFoundError:
            pass
        except OSError:
            logger.exception("Could not delete %s after its transaction rolled back", written.path)
            continue
        deleted.append(written.path)
    _local.written = keep
    return deleted


def _named_by_a_row(name: str) -> bool:
    from core.orphans import file_fields  # models are loaded by the time anything is deleted

    return any(model._default_manager.filter(**{field: name}).exists() for model, field in file_fields())


@receiver(request_finished, dispatch_uid="core.storage.after_request")
@receiver(task_finished, dispatch_uid="core.storage.after_task")
def _after_request_or_job(**kwargs) -> None:
    discard_rolled_back()


atexit.register(discard_rolled_back)  # a management command that rolled back


class TransactionalFileSystemStorage(FileSystemStorage):
    """The evidence storage: FileSystemStorage whose saves are undone when their transaction rolls back."""

    def _save(self, name: str, content) -> str:
        discard_rolled_back()  # first: a name freed by a rollback may be the one about to be written
        name = super()._save(name, content)
        track(self.path(name), name)
        return name


class SpooledUpload(TemporaryUploadedFile):
    """A large upload streamed to UPLOAD_SPOOL_DIR rather than /tmp, where `orphan_files` finds what a
    killed worker leaves. The folder is made on first use, by the user that writes into it."""

    def __init__(self, name, content_type, size, charset, content_type_extra=None):
        directory = Path(settings.UPLOAD_SPOOL_DIR)
        directory.mkdir(parents=True, exist_ok=True)
        # Closed with the request (Django closes uploaded files), which deletes it.
        file = tempfile.NamedTemporaryFile(suffix=".upload" + os.path.splitext(name)[1], dir=directory)  # noqa: SIM115
        UploadedFile.__init__(self, file, name, content_type, size, charset, content_type_extra)


class SpoolingUploadHandler(TemporaryFileUploadHandler):
    """Django's stream-to-disk handler, writing into a SpooledUpload."""

    def new_file(self, *args, **kwargs) -> None:
        # FileUploadHandler.new_file (the bookkeeping) without the parent's own TemporaryUploadedFile
        super(TemporaryFileUploadHandler, self).new_file(*args, **kwargs)
        self.file = SpooledUpload(self.file_name, self.content_type, 0, self.charset, self.content_type_extra)
