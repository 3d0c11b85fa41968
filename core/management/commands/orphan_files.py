from django.core.management.base import BaseCommand, CommandError

from core import orphans


class Command(BaseCommand):
    help = (
        "Laporkan berkas di MEDIA_ROOT tanpa baris data (juga unggahan sementara dan unggahan impor yang "
        "kedaluwarsa) dan baris data yang berkasnya hilang; --delete menghapus berkas yatim itu. Keluar dengan "
        "kode bukan nol bila ada temuan yang tersisa."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--delete", action="store_true", help="Hapus berkas tanpa baris data.")

    def handle(self, *args, delete: bool = False, **options) -> None:
        found = orphans.find()
        for label, names in (
            ("Berkas tanpa baris data", found.files),
            ("Unggahan sementara yang tertinggal", found.temporaries),
            ("Pratinjau impor kedaluwarsa", found.previews),
        ):
            for name in names:
                self.stdout.write(f"{label}: {name}")
        for model, pk, name in found.missing:
            self.stdout.write(f"Berkas hilang: {model} #{pk} → {name} (pulihkan dari cadangan)")
        if delete:
            removed = orphans.delete(found)
            self.stdout.write(self.style.SUCCESS(f"{removed} berkas yatim dihapus."))
        summary = (
            f"Ditemukan: {len(found.files)} berkas tanpa baris, {len(found.temporaries)} unggahan sementara, "
            f"{len(found.previews)} pratinjau kedaluwarsa, {len(found.missing)} baris tanpa berkas."
        )
        if found.missing or (found and not delete):
            raise CommandError(summary, returncode=1)
        self.stdout.write(self.style.SUCCESS(summary))
