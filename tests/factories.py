"""Plain factories for test data: no framework, just functions with sensible defaults."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Membership
from actionplan.models import Activity
from indicators.models import Indicator
from monev import workflow
from monev.models import Period
from roadmap.models import OPD, Roadmap

PASSWORD = "sandi-uji-coba-123"


def perbup_roadmap() -> Roadmap:
    return Roadmap.objects.get(regulation="Peraturan Bupati Pasuruan", number=15, year=2019)


def make_user(username: str, role: Role | None = None, opd: str | None = None, **extra):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.test", **extra
    )
    if role is not None:
        user.groups.add(Group.objects.get(name=role.value))
    if opd is not None:
        Membership.objects.create(user=user, opd=OPD.objects.get(short_name=opd))
    return user


def period(year: int = 2023, semester: int = 2, locked: bool = False) -> Period:
    found = Period.objects.get(roadmap=perbup_roadmap(), year=year, semester=semester)
    if locked and not found.is_locked:
        found.locked_at = timezone.now()
        found.save()
    return found


def activity_of(opd: str) -> Activity:
    """The OPD's first rencana aksi row of the Perbup's roadmap."""
    rows = Activity.objects.filter(opd_links__opd__short_name=opd, area__roadmap=perbup_roadmap())
    return rows.order_by("area__number", "order").first()


def indicator(name: str) -> Indicator:
    return Indicator.objects.get(name=name)


def report(user, period_, activity=None, indicator_=None, submit=False, **values):
    """A report saved (and optionally submitted) through the workflow, as the app would."""
    defaults = {"narrative": "Uraian capaian uji."}
    if activity is not None:
        defaults["progress"] = 50
    defaults.update(values)
    opd = Membership.objects.get(user=user).opd
    realisation = workflow.save_report(
        user=user, period=period_, opd=opd, activity=activity, indicator=indicator_, values=defaults, version=None
    )
    if submit:
        workflow.submit(user, realisation)
    realisation.refresh_from_db()
    return realisation


def lke_2014():
    """The loaded 14/2014 worksheet, for tests that assess a later year on it (a rehearsal on the old model)."""
    from pmprb.models import WorksheetVersion

    return WorksheetVersion.objects.get(code="permenpan-14-2014")
