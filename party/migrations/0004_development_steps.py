from django.db import migrations


def load(apps, schema_editor):
    from party.development import development_steps_load

    development_steps_load(apps.get_model("party", "DevelopmentStep"))


class Migration(migrations.Migration):
    dependencies = [("party", "0003_development")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
