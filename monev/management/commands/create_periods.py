from django.core.management.base import BaseCommand, CommandError

from monev.periods import ensure_periods
from roadmap.models import Roadmap


class Command(BaseCommand):
    help = "Buat periode pelaporan semester I dan II untuk setiap tahun road map (idempoten)."

    def handle(self, *args, **options) -> None:
        roadmap = Roadmap.objects.current()
        if roadmap is None:
            raise CommandError("Belum ada road map. Jalankan dulu: python manage.py load_perbup")
        created = ensure_periods(roadmap)
        total = roadmap.periods.count()
        self.stdout.write(self.style.SUCCESS(f"Periode pelaporan: {created} dibuat, {total} seluruhnya."))
