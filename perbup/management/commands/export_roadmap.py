import json

from django.core.management.base import BaseCommand, CommandError

from perbup.opendata import build_roadmap_document
from roadmap.models import Roadmap


class Command(BaseCommand):
    help = "Cetak seluruh road map sebagai JSON (data terbuka, UTF-8)."

    def handle(self, *args, **options) -> None:
        roadmap = Roadmap.objects.current()
        if roadmap is None:
            raise CommandError("Belum ada road map. Jalankan dulu: python manage.py load_perbup")
        document = build_roadmap_document(roadmap)
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
