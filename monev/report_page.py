"""What the report page of one row shows: the year's target, what the status will be once verified, the
attestation of a verified report, its files and history, and which buttons the user gets (each exactly when
its rule in accounts.rules allows). The view (monev.views.render_report) adds the forms and renders.
"""

from dataclasses import dataclass

from accounts import rules
from actionplan.models import Activity
from core.qr import qr_data_uri
from indicators.achievement import judge_realisations
from indicators.models import Indicator, Target
from monev.choices import Status
from monev.models import Period, Realisation
from roadmap.models import OPD


@dataclass
class ReportPage:
    context: dict  # for monev/report.html, all but the forms
    editable: bool  # the user may edit the report (monev.edit_report): the page shows its form


def page_data(
    user,
    period: Period,
    opd: OPD,
    activity: Activity | None,
    indicator: Indicator | None,
    realisation: Realisation | None,
) -> ReportPage:
    """The page of the OPD's report on one row; `realisation` is None until the first save."""
    # The rules judge a row not reported yet on the report it would become
    subject = realisation or Realisation(period=period, opd=opd, activity=activity, indicator=indicator)
    context = {
        "period": period,
        "opd": opd,
        "activity": activity,
        "indicator": indicator,
        "target": _target(period, indicator, realisation),
        "judgement": _judgement(indicator, realisation),
        "realisation": realisation,
        "own": rules.is_reporter(user) and rules.user_opd(user) == opd,
        "period_open": period.is_open_for(opd),
        "can_submit": rules.can("monev.submit_report", user, subject),
        "can_approve": rules.can("monev.approve_report", user, subject),
        "can_verify": rules.can("monev.verify_report", user, subject),
        "can_return": rules.can("monev.return_report", user, subject),
        "can_return_to_operator": rules.can("monev.return_to_operator", user, subject),
        "next_waiting": next_waiting(user, realisation),
        "can_comment": realisation is not None and rules.can("monev.comment_report", user, subject),
        "events": realisation.events.select_related("actor") if realisation else [],
        "evidence": list(realisation.evidence.active().select_related("uploaded_by")) if realisation else [],
        "removed_evidence": realisation.evidence.filter(removed_at__isnull=False) if realisation else [],
    }
    attestation = realisation.snapshots.current().first() if realisation and realisation.is_verified else None
    if attestation is not None:
        context.update(attestation=attestation, attestation_qr=qr_data_uri(attestation.public_url))
    return ReportPage(context, editable=rules.can("monev.edit_report", user, subject))


def _target(period: Period, indicator: Indicator | None, realisation: Realisation | None) -> Target | None:
    """An indicator's target for the year the report is judged against (its data year's, for an annual one)."""
    if indicator is None:
        return None
    year = realisation.target_year if realisation is not None else period.year
    return indicator.targets.filter(year=year).select_related("level").first()


def _judgement(indicator: Indicator | None, realisation: Realisation | None):
    """What the status will be once verified: the verifier sees the rule's reason before the click. None for a
    kegiatan and for a report without a value or level."""
    if indicator is None or realisation is None or (realisation.value is None and not realisation.level_id):
        return None
    judge_realisations(indicator, [realisation], as_verified=True)
    return realisation.judgement


def next_waiting(user, realisation: Realisation | None) -> Realisation | None:
    """For a verifier, the report that has waited longest after this one ('Berikutnya'); None for anyone else."""
    if not rules.is_verifier(user):
        return None
    waiting = Realisation.objects.for_user(user).filter(status=Status.SUBMITTED).order_by("submitted_at", "pk")
    if realisation is not None:
        waiting = waiting.exclude(pk=realisation.pk)
    return waiting.only("pk").first()
