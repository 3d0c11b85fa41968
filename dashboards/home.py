"""The home page ("/"): what each role has to do next, read from monev and PMPRB.

One page per role, chosen by the user's powers (accounts.rules), most specific first: Kepala OPD,
Operator OPD, Administrator, Verifikator, Evaluator. A user without a role sees the road map link.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Min, Q
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts import rules
from accounts.choices import Role
from core import cache
from dashboards import results as dashboard
from monev import tasks
from monev.choices import Status
from monev.forms import ReturnForm
from monev.models import Period, Realisation
from monev.periods import default_period
from pmprb.models import Answer, Assessment, Question, Recommendation
from roadmap.models import Roadmap

RECENT = 10


@dataclass
class Deadline:
    """A period's deadline as the Pemda says it: H-7 before, H+3 after."""

    period: Period
    today: date

    @property
    def days_left(self) -> int:
        return (self.period.deadline - self.today).days

    @property
    def label(self) -> str:
        days = self.days_left
        return "H" if days == 0 else f"H-{days}" if days > 0 else f"H+{-days}"

    @property
    def passed(self) -> bool:
        return self.days_left < 0


@require_safe
@login_required
def home(request):
    user = request.user
    period = _current_period()
    if rules.is_reporter(user):
        context, template = _reporter(user, period), "dashboards/home_opd.html"
    elif rules.is_administrator(user):  # before the verifier: a superuser holds every power
        context, template = _administrator(), "dashboards/home_admin.html"
    elif rules.is_verifier(user):
        context, template = _verifier(user, period), "dashboards/home_verifier.html"
    elif rules.writes_assessments(user) or rules.reads_assessments(user):
        context, template = _evaluator(), "dashboards/home_evaluator.html"
    else:
        context, template = {}, "dashboards/home.html"
    today = timezone.localdate()
    context.update(period=period, deadline=Deadline(period, today) if period else None)
    return render(request, template, context)


def _current_period() -> Period | None:
    roadmap = Roadmap.objects.current()
    return default_period(Period.objects.for_roadmap(roadmap)) if roadmap else None


def _reporter(user, period: Period | None) -> dict:
    """Operator and Kepala OPD: what is owed, returned, and waiting for the head's approval."""
    opd = rules.user_opd(user)
    context = {"opd": opd, "is_head": rules.is_head(user), "return_form": ReturnForm()}
    if period is None:
        return context
    rows = tasks.task_rows(opd, period)
    # Returned and waiting reports of every period still open, not only the current one
    own = Realisation.objects.filter(opd=opd, period__locked_at__isnull=True).with_row_labels()
    waiting = list(own.filter(status=Status.AWAITING_APPROVAL).order_by("submitted_at"))
    context.update(
        summary=tasks.summarise(rows),
        not_filled=[row for row in rows if row.realisation is None][:RECENT],
        returned=list(own.filter(status=Status.RETURNED).order_by("-updated_at")),
        awaiting_approval=waiting,
        approvable={r.pk for r in waiting if rules.can("monev.approve_report", user, r)},
    )
    return context


def _verifier(user, period: Period | None) -> dict:
    """Verifikator: the queue's size and age, and the OPDs late in the current period."""
    waiting = Realisation.objects.for_user(user).filter(status=Status.SUBMITTED)
    queue = waiting.aggregate(n=Count("pk"), oldest=Min("submitted_at"))
    oldest_days = (timezone.localdate() - timezone.localdate(queue["oldest"])).days if queue["oldest"] else None
    context = {"queue_size": queue["n"], "oldest_days": oldest_days, "late": [], "completeness": []}
    if period is not None:
        completeness = _completeness(period)
        days_late = (timezone.localdate() - period.deadline).days
        context.update(
            completeness=[entry for entry in completeness if entry.missing][:RECENT],
            late=[(entry, days_late) for entry in completeness if entry.late],
        )
    return context


def _completeness(period: Period) -> list:
    """Every OPD's completeness in the period: a small read model, kept per data version and day (lateness)."""

    def compute() -> list:
        results = dashboard.period_results(period)
        return dashboard.completeness(period, results.indicator_rows + results.activity_rows)

    scopes = [cache.MASTER, cache.reports_scope(period.pk)]
    return cache.cached("completeness", scopes, compute, period.pk, timezone.localdate())


def _evaluator() -> dict:
    """Evaluator: this year's assessment progress and the follow-ups past their due date."""
    assessment = Assessment.objects.official().select_related("version").first()
    progress = None
    if assessment is not None:
        total = Question.objects.filter(subarea__area__component__version_id=assessment.version_id).count()
        answered = Answer.objects.filter(assessment=assessment).aggregate(
            asesor=Count("pk", filter=Q(asesor_option__isnull=False)),
            final=Count("pk", filter=Q(final_option__isnull=False)),
        )
        progress = {"total": total, **answered, "percent": round(100 * answered["final"] / total) if total else 0}
    overdue = Recommendation.objects.overdue().select_related("opd", "finding__lke_area")
    return {
        "assessment": assessment,
        "progress": progress,
        "overdue": list(overdue[:RECENT]),
        "overdue_count": overdue.count(),
    }


def _administrator() -> dict:
    """Administrator: the periods with their locks and reopenings, and the accounts per role."""
    periods = Period.objects.annotate(
        open_reopenings=Count("reopenings", filter=Q(reopenings__closed_at__isnull=True))
    ).order_by("-year", "-semester")[:6]
    users = get_user_model().objects.filter(is_active=True)
    per_role = dict(users.values_list("groups__name").annotate(n=Count("pk", distinct=True)))
    roles = [(role.label, per_role.get(role.value, 0)) for role in Role]
    from pmprb.models import ReportSettings

    return {
        "periods": list(periods),
        "roles": roles,
        "without_role": per_role.get(None, 0),
        "inactive": get_user_model().objects.filter(is_active=False).count(),
        "kop_missing": ReportSettings.peek().missing_parts(),
    }
