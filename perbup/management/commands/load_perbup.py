from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from actionplan.models import Activity, Program
from indicators.models import Indicator
from perbup.loader import FixtureError, load_perbup
from roadmap.models import OPD, QuickWin


class Command(BaseCommand):
    help = "Muat isi Perbup Pasuruan 15/2019 dari fixtures/ (idempoten: aman dijalankan berulang)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--fixtures", type=Path, default=settings.PERBUP_FIXTURES_DIR)

    def handle(self, *args, fixtures: Path, **options) -> None:
        try:
            report = load_perbup(fixtures)
        except FixtureError as exc:
            raise CommandError(f"Gagal memuat fixture, tidak ada yang diubah. {exc}") from exc
        if options["verbosity"] > 1:
            self.stdout.write(report.summary())
        self.stdout.write(
            self.style.SUCCESS(
                f"Perbup dimuat: {Indicator.objects.count()} indikator, "
                f"{Activity.objects.perbup().count()} baris rencana aksi, {Program.objects.count()} program, "
                f"{QuickWin.objects.count()} quick win, {OPD.objects.count()} OPD. "
                f"{report.changes} perubahan ({sum(report.created.values())} baru, "
                f"{sum(report.updated.values())} diubah)."
            )
        )
