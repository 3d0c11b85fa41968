from django.core.management.base import BaseCommand, CommandError

from core import history


class Command(BaseCommand):
    help = (
        "Periksa rantai hash setiap tabel riwayat (riwayat laporan, riwayat penilaian PMPRB) dan sebut entri "
        "pertama yang diubah di luar aplikasi; keluar dengan kode bukan nol bila ada."
    )

    def handle(self, *args, **options) -> None:
        broken = []
        for model in history.chained_models():
            report = history.verify(model)
            if report.ok:
                self.stdout.write(
                    f"{report.label}: {report.rows} entri dalam {report.chains} rantai utuh "
                    f"(sidik {report.fingerprint})"
                )
                continue
            first = report.breaks[0]
            broken.append(
                f"{report.label}: {len(report.breaks)} dari {report.rows} entri tidak cocok; yang pertama "
                f"entri #{first.pk} (induk #{first.parent_id}): {first.reason}"
            )
        if broken:
            raise CommandError("Riwayat tidak utuh.\n" + "\n".join(broken))
