"""Load the GB/T 13745 discipline codes (first level complete, second level for the S&T disciplines)."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parents[1] / "data" / "disciplines.csv"


def load(apps, schema_editor):
    DisciplineCode = apps.get_model("experts", "DisciplineCode")
    rows = list(csv.DictReader(DATA.open(encoding="utf-8")))
    for row in sorted(rows, key=lambda r: len(r["code"])):
        DisciplineCode.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "parent_id": row["parent"] or None}
        )


class Migration(migrations.Migration):
    dependencies = [("experts", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
