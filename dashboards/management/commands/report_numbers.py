import hashlib
import json

from django.apps import apps
from django.core.management.base import BaseCommand

from dashboards import results as dashboard
from monev.models import Evidence, Period
from pmprb.models import Assessment
from pmprb.scoring import score


class Command(BaseCommand):
    help = "Cetak angka kunci (jumlah baris, Indeks RB, kelengkapan) sebagai JSON, untuk uji pemulihan cadangan."

    def handle(self, *args, **options) -> None:
        numbers = {
            "rows": {
                model._meta.label: model.objects.count()
                for app in ("roadmap", "indicators", "actionplan", "monev", "pmprb", "auth")
                for model in apps.get_app_config(app).get_models()
            },
            "evidence_sha256": hashlib.sha256(
                "".join(Evidence.objects.order_by("sha256").values_list("sha256", flat=True)).encode()
            ).hexdigest(),
            "indeks_rb": {str(a): str(round(score(a).total, 4)) for a in Assessment.objects.order_by("year", "opd")},
            "completeness": {},
        }
        for period in Period.objects.order_by("year", "semester"):
            rows = dashboard.period_results(period).all_rows
            numbers["completeness"][period.short_label] = [
                (c.opd.short_name, c.expected, c.submitted, c.verified) for c in dashboard.completeness(period, rows)
            ]
        self.stdout.write(json.dumps(numbers, ensure_ascii=False, indent=1, sort_keys=True))
