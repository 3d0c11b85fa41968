"""Demo accounts for every role and two OPDs; created by `make run` only, never in production."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from monev.choices import Role
from monev.models import Membership
from roadmap.models import OPD

DEMO_PASSWORD = "demo-pantau-rb"

# username, full name, role, OPD short name (None: no OPD)
DEMO_ACCOUNTS = [
    ("admin", "Administrator Demo", Role.ADMINISTRATOR, None),
    ("verifikator", "Verifikator Bagian Organisasi", Role.VERIFIER, "Bagian Organisasi"),
    ("evaluator", "Evaluator Inspektorat", Role.EVALUATOR, "Inspektorat"),
    ("operator.hukum", "Operator Bagian Hukum", Role.OPERATOR, "Bagian Hukum"),
    ("kepala.hukum", "Kepala Bagian Hukum", Role.HEAD, "Bagian Hukum"),
    ("operator.bkppd", "Operator BKPPD", Role.OPERATOR, "BKPPD"),
    ("operator.inspektorat", "Operator Inspektorat", Role.OPERATOR, "Inspektorat"),
]


def create_demo_accounts() -> int:
    """Create missing demo users; existing ones are left as they are. Returns how many were made."""
    user_model = get_user_model()
    created = 0
    for username, full_name, role, opd_name in DEMO_ACCOUNTS:
        if user_model.objects.filter(username=username).exists():
            continue
        first_name, _space, last_name = full_name.partition(" ")
        user = user_model.objects.create_user(
            username=username,
            password=DEMO_PASSWORD,
            first_name=first_name,
            last_name=last_name,
            email=f"{username}@demo.pasuruankab.go.id",
            is_staff=role == Role.ADMINISTRATOR,
            is_superuser=role == Role.ADMINISTRATOR,
        )
        user.groups.add(Group.objects.get(name=role.value))
        if opd_name:
            Membership.objects.create(user=user, opd=OPD.objects.get(short_name=opd_name))
        created += 1
    return created


def create_demo_reports() -> int:
    """A few reports for Semester I 2023 so the dashboards show something; only on an empty database."""
    from decimal import Decimal

    from django.contrib.auth import get_user_model

    from monev import access, workflow
    from monev.models import Period, Realisation

    if Realisation.objects.exists():
        return 0
    users = {
        user.username: user for user in get_user_model().objects.filter(username__in=[a[0] for a in DEMO_ACCOUNTS])
    }
    period = Period.objects.get(year=2023, semester=1)
    inspektorat = OPD.objects.get(short_name="Inspektorat")
    values = {
        "Persentase APIP yang memperoleh peningkatan kompetensi": {"value": Decimal("100")},
        "Persentase APIP yang bersertifikat": {"value": Decimal("59")},
        "Persentase pemenuhan Auditor": {"value": Decimal("47")},
        "Tingkat Kapabilitas APIP": {"level_code": "3"},
        "Tingkat Kematangan (Maturity) SPIP": {"value": Decimal("3.4"), "level_code": "3"},
        "Persentase Penanganan kasus pengaduan masyarakat": {"value": Decimal("82")},
    }
    made = 0
    for indicator in access.indicators_of(inspektorat).select_related("scale"):
        wanted = values.get(indicator.name)
        if wanted is None:
            continue
        level_code = wanted.pop("level_code", None)
        level = indicator.scale.levels.get(code=level_code) if level_code else None
        realisation = workflow.save_report(
            user=users["operator.inspektorat"], period=period, opd=inspektorat, indicator=indicator,
            values={**wanted, "level": level, "narrative": "Data dari laporan Inspektorat semester I.",
                    "obstacles": "Keterbatasan anggaran diklat." if indicator.name.endswith("Auditor") else ""},
            version=None,
        )  # fmt: skip
        workflow.submit(users["operator.inspektorat"], realisation)
        if indicator.name.startswith("Persentase Penanganan"):
            workflow.return_report(users["verifikator"], realisation, "Lampirkan rekap pengaduan per bulan.")
        else:
            workflow.verify(users["verifikator"], realisation)
        made += 1
    hukum = OPD.objects.get(short_name="Bagian Hukum")
    for progress, activity in zip(
        [100, 60, 30], access.activities_of(hukum).order_by("area__number", "order"), strict=False
    ):
        realisation = workflow.save_report(
            user=users["operator.hukum"], period=period, opd=hukum, activity=activity,
            values={"progress": Decimal(progress), "narrative": "Kegiatan berjalan sesuai jadwal."}, version=None,
        )  # fmt: skip
        workflow.submit(users["operator.hukum"], realisation)
        if progress == 100:
            workflow.verify(users["verifikator"], realisation)
        made += 1
    return made
