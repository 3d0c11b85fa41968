# Membership now lives in accounts with the same table (accounts/0001): drop it from monev's state only.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("monev", "0002_reportevent_newest_first_index"),
        ("accounts", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="Membership")]),
    ]
