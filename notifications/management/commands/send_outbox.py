from django.core.management.base import BaseCommand

from notifications import outbox
from notifications.models import OutboxMessage, OutboxStatus


class Command(BaseCommand):
    help = (
        "Kirim e-mail keluar yang sudah waktunya dan lepaskan yang macet (jaring pengaman di samping db_worker; "
        "untuk cron setiap 5 menit)."
    )

    def handle(self, *args, **options) -> None:
        sent = outbox.flush()
        waiting = OutboxMessage.objects.filter(status=OutboxStatus.PENDING).count()
        failed = OutboxMessage.objects.filter(status=OutboxStatus.FAILED).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"E-mail keluar: {sent} terkirim, {waiting} menunggu percobaan berikutnya, {failed} gagal."
            )
        )
