from django.core.management.base import BaseCommand, CommandError

from monev.periods import ensure_periods, find_roadmap


class Command(BaseCommand):
    help = (
        "Buat periode pelaporan semester I dan II untuk setiap tahun road map (idempoten): road map aktif, "
        "atau yang disebut --roadmap."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--roadmap",
            help="id road map, atau NOMOR/TAHUN peraturannya (mis. 15/2019); tanpa ini: road map aktif",
        )

    def handle(self, *args, roadmap: str | None = None, **options) -> None:
        try:
            chosen = find_roadmap(roadmap)
        except ValueError as error:
            raise CommandError(str(error)) from None
        created = ensure_periods(chosen)
        total = chosen.periods.count()
        self.stdout.write(self.style.SUCCESS(f"{chosen}: periode pelaporan {created} dibuat, {total} seluruhnya."))
        if not chosen.is_active:
            self.stdout.write(
                self.style.WARNING(
                    "Road map ini belum aktif: Tugas saya dan dasbor masih membuka road map aktif. Aktifkan di "
                    "Administrasi › Road map › Aktifkan untuk pelaporan (periode terbuka road map lain dikunci)."
                )
            )
