"""The five roles are Django groups; administrators also get the admin permissions on master data."""

from django.contrib.auth.models import Group, Permission

from monev.choices import Role

ADMINISTRATOR_APPS = ["roadmap", "indicators", "actionplan", "monev", "pmprb", "auth"]


def ensure_roles(**kwargs) -> None:
    """Create the role groups (post_migrate; idempotent)."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    administrators = Group.objects.get(name=Role.ADMINISTRATOR.value)
    permissions = Permission.objects.filter(content_type__app_label__in=ADMINISTRATOR_APPS)
    administrators.permissions.add(*permissions)
