from notifications.models import Notification


def unread(request) -> dict:
    """The navbar's unread count: one query on pages of a logged-in user that show it, none for visitors."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # A callable: the template calls it only where it shows the count (not for exports or JSON).
    return {"unread_notifications": lambda: Notification.objects.for_user(user).unread().count()}
