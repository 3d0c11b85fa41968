from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEMO_PASSWORD = "demo-pantau-rb"
DEMO_ACCOUNTS = [
    # username, full name, is_superuser
    ("admin", "Administrator Demo", True),
]


class Command(BaseCommand):
    help = "Buat akun demo (hanya untuk pengembangan; ditolak bila DEBUG mati kecuali --force)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="Izinkan walau DEBUG mati.")

    def handle(self, *args, force: bool, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError("Akun demo tidak dibuat di produksi (DEBUG mati). Pakai --force bila sengaja.")
        user_model = get_user_model()
        created = 0
        for username, full_name, is_superuser in DEMO_ACCOUNTS:
            first_name, _, last_name = full_name.partition(" ")
            user, was_created = user_model.objects.get_or_create(
                username=username,
                defaults={"first_name": first_name, "last_name": last_name},
            )
            if was_created:
                user.set_password(DEMO_PASSWORD)
                user.is_staff = is_superuser
                user.is_superuser = is_superuser
                user.save()
                created += 1
        self.stdout.write(
            self.style.SUCCESS(
                f"Akun demo: {created} dibuat, {len(DEMO_ACCOUNTS) - created} sudah ada "
                f"(kata sandi demo: {DEMO_PASSWORD})."
            )
        )
