from django.conf import settings

from accounts import rules

# The menu item a page belongs to, by the start of its URL name ("namespace:name"); the first match wins
MENU_SECTIONS = (
    ("monev:verification_queue", "queue"),
    ("monev:bulk_verify", "queue"),
    ("monev:proposals", "proposals"),
    ("monev:decide_proposal", "proposals"),
    ("monev:", "tasks"),
    ("dashboards:annual", "annual"),
    ("dashboards:opd", "opd_dashboard"),
    ("dashboards:public", "public"),
    ("dashboards:", "dashboard"),
    ("pmprb:recommendation", "recommendations"),
    ("pmprb:follow_up", "recommendations"),
    ("pmprb:decide_follow_up", "recommendations"),
    ("pmprb:", "pmprb"),
    ("perbup:open_data", "open_data"),
    ("admin:", "admin"),
)


def menu_section(request) -> str:
    """Which menu item to mark as the current page (aria-current="page")."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    name = match.view_name
    for prefix, section in MENU_SECTIONS:
        if name.startswith(prefix):
            return section
    return ""


def navigation(request) -> dict:
    """What the menu shows and which item is current; anonymous pages cost no query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {"active": menu_section(request), "public": settings.PUBLIC_DASHBOARD}}
    opd = rules.user_opd(user)
    sees_all = rules.sees_all_opds(user)
    section = menu_section(request)
    if section == "opd_dashboard" and sees_all:
        section = "dashboard"  # another OPD's page, reached from the dashboard
    return {
        "nav": {
            "reporter": rules.is_reporter(user),
            "sees_all": sees_all,
            "dashboards": rules.sees_dashboards(user),
            "pmprb": rules.reads_assessments(user),
            "opd": opd,
            "active": section,
        }
    }
