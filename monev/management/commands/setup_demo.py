from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, create_demo_accounts
from monev.demo import create_demo_reports
from notifications.service import without_email


class Command(BaseCommand):
    help = "Buat akun demo untuk setiap peran (hanya pengembangan; ditolak bila DEBUG mati kecuali --force)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="Izinkan walau DEBUG mati.")

    def handle(self, *args, force: bool, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError("Akun demo tidak dibuat di produksi (DEBUG mati). Pakai --force bila sengaja.")
        created = create_demo_accounts()
        # The demo reports notify their OPDs like real ones; the e-mails would only fill the terminal
        with without_email():
            reports = create_demo_reports()
        self.stdout.write(
            f"Akun demo: {created} dibuat, {len(DEMO_ACCOUNTS) - created} sudah ada; "
            f"{reports} laporan contoh untuk 2023 Semester I (tanpa e-mail)."
        )
        self.stdout.write(self.style.SUCCESS(self.accounts_table()))

    @staticmethod
    def accounts_table() -> str:
        """The demo accounts, last in the output of `make setup` so the password is not buried."""
        width = max(len(username) for username, *_rest in DEMO_ACCOUNTS)
        lines = [f"Masuk dengan salah satu akun demo ini, kata sandi: {DEMO_PASSWORD}"]
        for username, _full_name, role, opd in DEMO_ACCOUNTS:
            where = f" — {opd}" if opd else ""
            lines.append(f"  {username.ljust(width)}  {role.label}{where}")
        return "\n".join(lines)
