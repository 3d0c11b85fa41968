from django.db import migrations

OLD = "Seluruh unit organisasi mengimplementasikan penanganan pengaduan masyarakat"
NEW = "Seluruh unit organisasi belum mengimplementasikan penanganan pengaduan masyarakat"


def fix_option_d(apps, schema_editor):
    """7.3.b option D repeated option A in the loaded worksheet (a typo of the workbook's 2015 block); the
    2014 block has the intended text. Fixes every version holding the typo (the loaded one and its copies)."""
    Option = apps.get_model("pmprb", "Option")
    Option.objects.filter(question__code="7.3.b", code="D", text=OLD).update(text=NEW)


class Migration(migrations.Migration):
    dependencies = [("pmprb", "0003_versions_years_tree_evidence_tlhp_report")]

    operations = [migrations.RunPython(fix_option_d, migrations.RunPython.noop)]
