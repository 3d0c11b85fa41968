from django.db import migrations

INTERNAL = "shared/seed/000_59032f609bd9468a.txt"
PUBLIC = "Peraturan Bupati Pasuruan Nomor 15 Tahun 2019 (teks lengkap)"


def publish(apps, schema_editor):
    """The open data named a path on our servers as its source; it names the Perbup instead."""
    apps.get_model("roadmap", "Roadmap").objects.filter(source_document=INTERNAL).update(source_document=PUBLIC)


def unpublish(apps, schema_editor):
    apps.get_model("roadmap", "Roadmap").objects.filter(source_document=PUBLIC).update(source_document=INTERNAL)


class Migration(migrations.Migration):
    dependencies = [("roadmap", "0004_roadmap_is_active")]

    operations = [migrations.RunPython(publish, unpublish)]
