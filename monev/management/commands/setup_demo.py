from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, create_demo_accounts
from monev.demo import create_demo_reports


class Command(BaseCommand):
    help = "Buat akun demo untuk setiap peran (hanya pengembangan; ditolak bila DEBUG mati kecuali --force)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="Izinkan walau DEBUG mati.")

    def handle(self, *args, force: bool, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError("Akun demo tidak dibuat di produksi (DEBUG mati). Pakai --force bila sengaja.")
        created = create_demo_accounts()
        reports = create_demo_reports()
        names = ", ".join(username for username, *_rest in DEMO_ACCOUNTS)
        self.stdout.write(
            self.style.SUCCESS(
                f"Akun demo: {created} dibuat, {len(DEMO_ACCOUNTS) - created} sudah ada ({names}); "
                f"kata sandi: {DEMO_PASSWORD}; {reports} laporan contoh untuk 2023 Semester I."
            )
        )
