"""File storage that keeps no file without its row: a file saved inside a transaction that then rolls back
is deleted again.

Django has no rollback hook, but it drops the on_commit callbacks of a transaction (or savepoint) that
rolls back. Each file saved inside a transaction registers one such callback that confirms it; once the
request (or job) is over, a file whose confirmation is neither run nor still waiting belonged to a rolled
back transaction, and is deleted. Whatever a killed process leaves behind is found by
`manage.py orphan_files`.
"""

import logging
import os
import threading
from dataclasses import dataclass, field

from django.core.files.storage import FileSystemStorage
from django.core.signals import request_finished
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.dispatch import receiver

logger = logging.getLogger(__name__)

_local = threading.local()


@dataclass(eq=False)
class _Written:
    path: str  # absolute: where it was written, whatever MEDIA_ROOT says by the time it is deleted
    using: str = DEFAULT_DB_ALIAS
    confirmed: bool = field(default=False)

    def confirm(self) -> None:
        self.confirmed = True


def _written() -> list[_Written]:
    if not hasattr(_local, "written"):
        _local.written = []
    return _local.written


def track(path: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """Remember a file just saved: it is kept if the surrounding transaction commits, else deleted."""
    if not connections[using].in_atomic_block:
        return  # autocommit: the caller's row is written right after, nothing can roll it back
    written = _Written(path, using)
    transaction.on_commit(written.confirm, using=using)
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
            os.remove(written.path)
        except FileNotFoundError:
            pass
        except OSError:
            logger.exception("Could not delete %s after its transaction rolled back", written.path)
            continue
        deleted.append(written.path)
    _local.written = keep
    return deleted


@receiver(request_finished, dispatch_uid="core.storage.discard_rolled_back")
def _after_request(**kwargs) -> None:
    discard_rolled_back()


class TransactionalFileSystemStorage(FileSystemStorage):
    """The evidence storage: FileSystemStorage whose saves are undone when their transaction rolls back."""

    def _save(self, name: str, content) -> str:
        discard_rolled_back()  # first: a name freed by a rollback may be the one about to be written
        name = super()._save(name, content)
        track(self.path(name))
        return name
