from monev import access


def navigation(request) -> dict:
    """What the menu shows: computed lazily so anonymous pages cost no query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    return {
        "nav": {
            "reporter": access.is_reporter(user),
            "sees_all": access.sees_all_opds(user),
            "opd": access.user_opd(user),
        }
    }
