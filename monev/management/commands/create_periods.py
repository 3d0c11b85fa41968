from django.core.management.base import BaseCommand, CommandError

from monev.periods import ensure_periods
from roadmap.opendata import current_roadmap


class Command(BaseCommand):
    help = "Buat periode pelaporan semester I dan II untuk setiap tahun road map (idempoten)."

    def handle(self, *args, **options) -> None:
        roadmap = current_roadmap()
        if roadmap is None:
            raise CommandError("Belum ada road map. Jalankan dulu: python manage.py load_perbup")
        created = ensure_periods(roadmap)
        total = roadmap.periods.count()
        self.stdout.write(self.style.SUCCESS(f"Periode pelaporan: {created} dibuat, {total} seluruhnya."))
