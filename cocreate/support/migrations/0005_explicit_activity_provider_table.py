"""Who provides a support activity: rows that carry their organization.

The automatic many-to-many table becomes an explicit model over the same table and columns (state
only: no rows move), then gains `organization` and `community`, empty until the next migration fills
them from the activity each row belongs to.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_organization_time_zone"),
        ("support", "0004_support_plan_content_types_from_planning"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SupportActivityProvider",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("supportactivity", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="support.supportactivity")),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={"db_table": "support_supportactivity_providers", "unique_together": {("supportactivity", "user")}},
                ),
                migrations.AlterField(
                    model_name="supportactivity",
                    name="providers",
                    field=models.ManyToManyField(blank=True, related_name="+", through="support.SupportActivityProvider", to=settings.AUTH_USER_MODEL, verbose_name="provided by (staff)"),
                ),
            ],
        ),
        migrations.AddField(
            model_name="supportactivityprovider",
            name="organization",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.organization"),
        ),
        migrations.AddField(
            model_name="supportactivityprovider",
            name="community",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.community"),
        ),
    ]
