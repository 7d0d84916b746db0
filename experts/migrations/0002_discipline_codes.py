"""Load the GB/T 13745 discipline codes (first level complete, second level for the S&T disciplines)."""

from django.db import migrations


def load(apps, schema_editor):
    from experts.disciplines import discipline_codes_load

    discipline_codes_load(apps.get_model("experts", "DisciplineCode"))


class Migration(migrations.Migration):
    dependencies = [("experts", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
