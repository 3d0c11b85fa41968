from datetime import date

from django.core.management.base import BaseCommand

from monev.reminders import due_reminders, send


class Command(BaseCommand):
    help = "Kirim e-mail pengingat kepada OPD yang laporannya belum lengkap (untuk cron harian)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--tanggal", type=date.fromisoformat, help="Anggap hari ini tanggal ini (YYYY-MM-DD).")

    def handle(self, *args, tanggal: date | None = None, **options) -> None:
        reminders = due_reminders(tanggal)
        sent = send(reminders)
        overdue = sum(1 for reminder in reminders if reminder.overdue)
        without_address = sum(1 for reminder in reminders if not reminder.recipients)
        self.stdout.write(
            self.style.SUCCESS(
                f"Pengingat: {sent} e-mail diantrekan ({overdue} terlambat, ditembuskan ke Bagian Organisasi); "
                f"{without_address} OPD tanpa alamat e-mail."
            )
        )
