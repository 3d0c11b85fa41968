from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pmprb.loading import WorksheetError, load_mapping, load_worksheet

DEFAULT_DIR = settings.PERBUP_FIXTURES_DIR / "pmprb"


class Command(BaseCommand):
    help = "Muat versi LKE PMPRB dan pemetaan sub-area ke rencana aksi (idempoten)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--worksheet", type=Path, default=DEFAULT_DIR / "lke_permenpan_14_2014.json")
        parser.add_argument("--mapping", type=Path, default=DEFAULT_DIR / "mapping_permenpan_14_2014.json")

    def handle(self, *args, worksheet: Path, mapping: Path, **options) -> None:
        try:
            version, created = load_worksheet(worksheet)
        except WorksheetError as exc:
            raise CommandError(f"Tidak dimuat, tidak ada yang diubah: {exc}") from exc
        added = load_mapping(mapping)
        questions = version.components.get(code="pengungkit").areas.values("subareas__questions").count()
        state = "dimuat" if created else "sudah ada"
        self.stdout.write(
            self.style.SUCCESS(f"LKE {version.code} {state} ({questions} pertanyaan); {added} pemetaan baru.")
        )
