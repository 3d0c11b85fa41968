from django.apps import AppConfig


class SnapshotsConfig(AppConfig):
    """Immutable snapshots of final evaluation reports and verified reports, checked by anyone at /verifikasi/."""

    name = "snapshots"
    verbose_name = "Verifikasi dokumen"

    def ready(self) -> None:
        from snapshots import receivers  # noqa: F401  (connects the workflow signals)
