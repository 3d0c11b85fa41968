from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonevConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "monev"
    verbose_name = _("Monitoring dan evaluasi")

    def ready(self) -> None:
        from core import cache
        from monev.models import Evidence, OPDProposal, Period, PeriodReopening, Realisation, ReportEvent

        # A report, its evidence or its history changes only that period's results; every workflow step
        # records a ReportEvent, so a transition written with .update() bumps through it too.
        cache.bump_on_change(Realisation, lambda report: cache.report_scopes(report.period_id))
        cache.bump_on_change(Evidence, lambda evidence: cache.report_scopes(evidence.realisation.period_id))
        cache.bump_on_change(ReportEvent, lambda event: cache.report_scopes(event.realisation.period_id))
        for model in (Period, PeriodReopening, OPDProposal):
            cache.bump_on_change(model, lambda instance: (cache.MASTER,))
