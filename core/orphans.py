"""Files in MEDIA_ROOT without a row, and rows whose file is missing (manage.py orphan_files).

A file is an orphan only once it is older than ORPHAN_GRACE_MINUTES: a younger one may belong to an upload
whose transaction is still open. Spooled uploads (UPLOAD_SPOOL_DIR) left by a killed worker are orphans too,
and so are the uploads of imports never applied (core/pending.py): expired, or without their file.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone

from core import pending
from core.models import PendingUpload


@dataclass
class Orphans:
    files: list[str] = field(default_factory=list)  # under MEDIA_ROOT, no row names them
    temporaries: list[str] = field(default_factory=list)  # spooled uploads of requests that never finished
    previews: list[str] = field(default_factory=list)  # files of imports' pending uploads never applied
    pending_ids: list[int] = field(default_factory=list)  # those pending uploads (core.PendingUpload)
    missing: list[tuple[str, int, str]] = field(default_factory=list)  # (model, pk, file name) without the file

    @property
    def removable(self) -> list[str]:
        return [*self.files, *self.temporaries, *self.previews]

    def __bool__(self) -> bool:
        return bool(self.removable or self.missing or self.pending_ids)


def find(now: datetime | None = None) -> Orphans:
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.ORPHAN_GRACE_MINUTES)
    root = Path(settings.MEDIA_ROOT)
    special = {Path(settings.UPLOAD_SPOOL_DIR).resolve()}
    referenced = dict(_referenced_files())
    on_disk = set()
    orphans = Orphans()
    for path in sorted(root.rglob("*")) if root.is_dir() else []:
        if not path.is_file() or any(folder in path.resolve().parents for folder in special):
            continue
        name = path.relative_to(root).as_posix()
        on_disk.add(name)
        if name not in referenced and _modified(path) < cutoff:
            orphans.files.append(name)
    orphans.temporaries = _older_than(Path(settings.UPLOAD_SPOOL_DIR), cutoff)
    missing = [row for name, rows in referenced.items() if name not in on_disk for row in rows]
    # A pending upload is no history: expired, or without its file, it is removed, never restored.
    without_file = {pk for label, pk, _name in missing if label == _PENDING}
    orphans.missing = [row for row in missing if row[0] != _PENDING]
    for upload in pending.expired(now) | PendingUpload.objects.filter(pk__in=without_file):
        orphans.pending_ids.append(upload.pk)
        orphans.previews.append(upload.file.name)
    return orphans


def delete(orphans: Orphans) -> int:
    """Remove the orphan files (never a row: a row whose file is missing is history to restore from backup)."""
    root = Path(settings.MEDIA_ROOT)
    for name in orphans.files:
        (root / name).unlink(missing_ok=True)
    for path in orphans.temporaries:
        Path(path).unlink(missing_ok=True)
    for upload in PendingUpload.objects.filter(pk__in=orphans.pending_ids):
        pending.remove(upload)
    return len(orphans.removable)


_PENDING = "core.PendingUpload"


def file_fields() -> list[tuple[type[models.Model], str]]:
    """(model, field name) of every FileField (and ImageField) of every installed model."""
    return [
        (model, model_field.name)
        for model in apps.get_models()
        for model_field in model._meta.concrete_fields
        if isinstance(model_field, models.FileField)
    ]


def _referenced_files() -> dict[str, list[tuple[str, int, str]]]:
    """Every file name a FileField of any model holds, with the rows holding it."""
    names: dict[str, list[tuple[str, int, str]]] = {}
    for model, name_field in file_fields():
        rows = model._default_manager.exclude(**{name_field: ""}).exclude(**{name_field: None})
        for pk, name in rows.values_list("pk", name_field).iterator():
            names.setdefault(name, []).append((model._meta.label, pk, name))
    return names


def _older_than(directory: Path, cutoff: datetime) -> list[str]:
    if not directory.is_dir():
        return []
    return [str(path) for path in sorted(directory.rglob("*")) if path.is_file() and _modified(path) < cutoff]


def _modified(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.get_current_timezone())
