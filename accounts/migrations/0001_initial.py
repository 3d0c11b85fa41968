# Membership moved here from monev with its table: only Django's model state changes, no data moves.
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("roadmap", "0002_opd_requires_head_approval"),
        ("monev", "0002_reportevent_newest_first_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Membership",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("opd", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="members", to="roadmap.opd", verbose_name="OPD")),
                        ("user", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="membership", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "keanggotaan OPD",
                        "verbose_name_plural": "keanggotaan OPD",
                        "ordering": ["opd", "user__username"],
                        "db_table": "monev_membership",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
