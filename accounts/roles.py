"""The five roles are Django groups holding permissions; administrators also get the admin rights on master data.

ROLE_PERMISSIONS is what each role may do. The data migration accounts/0002 grants it; ensure_roles
(post_migrate) grants it again, idempotently, so a database migrated before a permission existed
catches up.
"""

from django.contrib.auth.models import Group, Permission

from accounts.choices import Role

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.OPERATOR: [
        "monev.report_realisation",
        "monev.comment_realisation",
        "pmprb.follow_up_recommendation",
    ],
    Role.HEAD: [
        "monev.report_realisation",
        "monev.approve_realisation",
        "monev.comment_realisation",
        "pmprb.follow_up_recommendation",
    ],
    Role.VERIFIER: [
        "monev.verify_realisation",
        "monev.comment_realisation",
        "monev.view_all_opds",
        "monev.view_dashboards",
        "monev.decide_opdproposal",
        "pmprb.view_assessment",
    ],
    Role.EVALUATOR: [
        "monev.view_all_opds",
        "monev.view_dashboards",
        "pmprb.view_assessment",
        "pmprb.fill_assessment",
        "pmprb.decide_follow_up",
    ],
    Role.ADMINISTRATOR: [
        "monev.unlock_period",
        "monev.view_all_opds",
        "monev.view_dashboards",
        "pmprb.view_assessment",
        "pmprb.fill_assessment",
        "pmprb.decide_follow_up",
    ],
}

# axes: the login-attempt tables, so an administrator can see and clear a lockout
ADMINISTRATOR_APPS = [
    "roadmap",
    "indicators",
    "actionplan",
    "accounts",
    "monev",
    "pmprb",
    "auth",
    "axes",
    "notifications",
]


def grant_role_permissions(group_model, permission_model) -> None:
    """Create the role groups and give each its permissions (the data migration keeps a frozen copy)."""
    for role, names in ROLE_PERMISSIONS.items():
        group, _created = group_model.objects.get_or_create(name=role.value)
        for name in names:
            app_label, codename = name.split(".")
            permission = permission_model.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is not None:
                group.permissions.add(permission)


def ensure_roles(**kwargs) -> None:
    """post_migrate: role groups with their permissions, administrators with the admin rights (idempotent)."""
    grant_role_permissions(Group, Permission)
    administrators = Group.objects.get(name=Role.ADMINISTRATOR.value)
    # The admin's add/change/delete/view rights on every model, but no other role's powers
    others = {name.split(".")[1] for names in ROLE_PERMISSIONS.values() for name in names}
    others -= {name.split(".")[1] for name in ROLE_PERMISSIONS[Role.ADMINISTRATOR]}
    admin_rights = Permission.objects.filter(content_type__app_label__in=ADMINISTRATOR_APPS).exclude(
        codename__in=others
    )
    administrators.permissions.add(*admin_rights)
