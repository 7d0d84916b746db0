from django.db import migrations


def load(apps, schema_editor):
    from hotline.defaults import categories_ensure

    categories_ensure(apps.get_model("hotline", "RequestCategory"))


class Migration(migrations.Migration):
    dependencies = [("hotline", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
