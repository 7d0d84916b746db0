import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("rectification", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="RectificationReminder",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=120, unique=True)),
                ("sent_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                "verbose_name": "rectification reminder",
            },
        ),
        migrations.AlterModelOptions(
            name="rectificationmilestone",
            options={"ordering": ["item", "order", "due_on", "pk"], "verbose_name": "milestone"},
        ),
        migrations.AddField(
            model_name="rectificationmilestone",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AlterField(
            model_name="rectificationevent",
            name="at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AddIndex(
            model_name="rectificationevent",
            index=models.Index(fields=["item", "kind", "at"], name="rectificati_item_id_fad3d5_idx"),
        ),
    ]
