"""Who may see and do what. Every scoped lookup in the views goes through these helpers."""

from django.db.models import Q, QuerySet

from actionplan.models import Activity
from indicators.models import Indicator
from monev.choices import Role
from roadmap.models import OPD


def user_roles(user) -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_pantau_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._pantau_roles = cached
    return cached


def has_role(user, *roles: Role) -> bool:
    return user.is_authenticated and (user.is_superuser or bool(user_roles(user) & {role.value for role in roles}))


def user_opd(user) -> OPD | None:
    """The user's OPD, looked up once per request's user (one query for membership and OPD)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_pantau_opd"):
        user._pantau_opd = OPD.objects.filter(members__user=user).order_by().first()
    return user._pantau_opd


def sees_all_opds(user) -> bool:
    return has_role(user, Role.VERIFIER, Role.EVALUATOR, Role.ADMINISTRATOR)


def is_reporter(user) -> bool:
    """Operator OPD or Kepala OPD attached to an OPD."""
    return user_opd(user) is not None and bool(user_roles(user) & {Role.OPERATOR.value, Role.HEAD.value})


def is_head(user) -> bool:
    return user_opd(user) is not None and Role.HEAD.value in user_roles(user)


def is_verifier(user) -> bool:
    return has_role(user, Role.VERIFIER)


def is_administrator(user) -> bool:
    return has_role(user, Role.ADMINISTRATOR)


def activities_of(opd: OPD) -> QuerySet[Activity]:
    """Rencana aksi rows the OPD is responsible for (the Perbup's and its approved additions)."""
    return Activity.objects.filter(opd_links__opd=opd).distinct()


def indicators_of(opd: OPD) -> QuerySet[Indicator]:
    """Indicators naming the OPD on the row, or, for rows naming none, on their section."""
    return Indicator.objects.filter(
        Q(opd_links__opd=opd) | Q(opd_links__isnull=True, focus_item__opd_links__opd=opd)
    ).distinct()
