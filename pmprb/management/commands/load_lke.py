from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pmprb.loading import WorksheetError, load_mapping, load_worksheet
from pmprb.models import Question

DEFAULT_DIR = settings.PERBUP_FIXTURES_DIR / "pmprb"
WORKSHEETS = ["lke_permenpan_14_2014.json", "lke_permenpan_26_2020.json", "lke_permenpan_9_2023.json"]


class Command(BaseCommand):
    help = "Muat versi LKE PMPRB (14/2014, 26/2020, 9/2023) dan pemetaan sub-area ke rencana aksi (idempoten)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--worksheet", type=Path, action="append", help="Berkas versi; boleh berulang.")
        parser.add_argument("--mapping", type=Path, default=DEFAULT_DIR / "mapping_permenpan_14_2014.json")

    def handle(self, *args, worksheet: list[Path] | None, mapping: Path, **options) -> None:
        for path in worksheet or [DEFAULT_DIR / name for name in WORKSHEETS]:
            try:
                version, created = load_worksheet(path)
            except WorksheetError as exc:
                raise CommandError(f"Tidak dimuat, tidak ada yang diubah: {exc}") from exc
            questions = Question.objects.filter(subarea__area__component__version=version).count()
            state = "dimuat" if created else "sudah ada"
            ready = "siap dipakai" if version.is_published else "draf"
            self.stdout.write(
                self.style.SUCCESS(
                    f"LKE {version.code} {state} ({questions} pertanyaan, {ready}, {version.years_text})."
                )
            )
        added = load_mapping(mapping)
        self.stdout.write(self.style.SUCCESS(f"{added} pemetaan baru."))
