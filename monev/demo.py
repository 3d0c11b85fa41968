"""Demo reports for Semester I 2023, so the dashboards show something; created by `make run` only."""

from decimal import Decimal

from django.contrib.auth import get_user_model

from accounts.demo import DEMO_ACCOUNTS
from actionplan.models import Activity
from indicators.models import Indicator
from monev import workflow
from monev.models import Period, Realisation
from roadmap.models import OPD


def create_demo_reports() -> int:
    """A few reports for Semester I 2023 so the dashboards show something; only on an empty database."""
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
    for indicator in Indicator.objects.for_opd(inspektorat).select_related("scale"):
        wanted = values.get(indicator.name)
        if wanted is None:
            continue
        level_code = wanted.pop("level_code", None)
        level = indicator.scale.levels.get(code=level_code) if level_code else None
        realisation = workflow.save_report(
            user=users["operator.inspektorat"],
            period=period,
            opd=inspektorat,
            indicator=indicator,
            values={
                **wanted,
                "level": level,
                "narrative": "Data dari laporan Inspektorat semester I.",
                "data_year": 2022 if indicator.is_annual else None,  # an annual result of the year before
                "obstacles": "Keterbatasan anggaran diklat." if indicator.name.endswith("Auditor") else "",
            },
            version=None,
        )
        workflow.submit(users["operator.inspektorat"], realisation)
        if indicator.name.startswith("Persentase Penanganan"):
            workflow.return_report(users["verifikator"], realisation, "Lampirkan rekap pengaduan per bulan.")
        else:
            workflow.verify(users["verifikator"], realisation)
        made += 1
    hukum = OPD.objects.get(short_name="Bagian Hukum")
    for progress, activity in zip(
        [100, 60, 30], Activity.objects.for_opd(hukum).order_by("area__number", "order"), strict=False
    ):
        realisation = workflow.save_report(
            user=users["operator.hukum"],
            period=period,
            opd=hukum,
            activity=activity,
            values={"progress": Decimal(progress), "narrative": "Kegiatan berjalan sesuai jadwal."},
            version=None,
        )
        workflow.submit(users["operator.hukum"], realisation)
        if progress == 100:
            workflow.verify(users["verifikator"], realisation)
        made += 1
    return made
