# The five role groups and the permissions that make their powers (accounts.roles.ROLE_PERMISSIONS, frozen here).
from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "Operator OPD": ["monev.report_realisation", "monev.comment_realisation", "pmprb.follow_up_recommendation"],
    "Kepala OPD": [
        "monev.report_realisation",
        "monev.approve_realisation",
        "monev.comment_realisation",
        "pmprb.follow_up_recommendation",
    ],
    "Verifikator": [
        "monev.verify_realisation",
        "monev.comment_realisation",
        "monev.view_all_opds",
        "monev.view_dashboards",
        "monev.decide_opdproposal",
        "pmprb.view_assessment",
    ],
    "Evaluator": ["monev.view_all_opds", "monev.view_dashboards", "pmprb.view_assessment", "pmprb.fill_assessment"],
    "Administrator": [
        "monev.unlock_period",
        "monev.view_all_opds",
        "monev.view_dashboards",
        "pmprb.view_assessment",
        "pmprb.fill_assessment",
    ],
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate); create them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        for name in names:
            app_label, codename = name.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("monev", "0004_role_permissions"),
        ("pmprb", "0002_role_permissions"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
