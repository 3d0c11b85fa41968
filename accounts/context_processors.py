from accounts import rules


def navigation(request) -> dict:
    """What the menu shows; anonymous pages cost no query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    return {
        "nav": {
            "reporter": rules.is_reporter(user),
            "sees_all": rules.sees_all_opds(user),
            "dashboards": rules.sees_dashboards(user),
            "pmprb": rules.reads_assessments(user),
            "opd": rules.user_opd(user),
        }
    }
