from django.core.management.base import BaseCommand
from django.db import transaction

from monev.choices import Status
from monev.models import Realisation, ReportEvent
from snapshots import capture


class Command(BaseCommand):
    help = (
        "Buat salinan terverifikasi (dengan kode QR) untuk laporan yang sudah diverifikasi sebelum fitur ini ada; "
        "dijalankan sekali setelah pemasangan, aman dijalankan lagi."
    )

    def handle(self, *args, **options) -> None:
        missing = Realisation.objects.filter(status=Status.VERIFIED, snapshots__isnull=True)
        missing = missing.select_related("verified_by")
        taken = skipped = 0
        for realisation in missing.iterator(chunk_size=500):
            verifier = realisation.verified_by or _last_verifier(realisation)
            if verifier is None:
                skipped += 1  # nobody recorded as verifier: no snapshot is better than an invented one
                continue
            with transaction.atomic():
                capture.take_realisation(realisation, verifier, taken_at=realisation.verified_at)
            taken += 1
        self.stdout.write(f"Took {taken} snapshots of verified reports; skipped {skipped} without a recorded verifier.")


def _last_verifier(realisation: Realisation):
    event = realisation.events.filter(action=ReportEvent.Action.VERIFIED).select_related("actor").last()
    return event.actor if event is not None else None
