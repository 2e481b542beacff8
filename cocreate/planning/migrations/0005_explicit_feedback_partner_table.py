"""Who raised a feedback item: rows that carry their organization.

The automatic many-to-many tables become explicit models over the same tables and columns (state
only: no rows move), then gain `organization` and `community`, empty until the next migration fills
them from the plan, record or item each row belongs to.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_organization_time_zone"),
        ("partners", "0002_default_areas_and_plans"),
        ("planning", "0004_feedback_from_observations"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="FeedbackItemPartner",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("feedbackitem", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="planning.feedbackitem")),
                        ("partner", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="partners.partner")),
                    ],
                    options={"db_table": "planning_feedbackitem_partners", "unique_together": {("feedbackitem", "partner")}},
                ),
                migrations.AlterField(
                    model_name="feedbackitem",
                    name="partners",
                    field=models.ManyToManyField(blank=True, related_name="feedback_items", through="planning.FeedbackItemPartner", to="partners.partner", verbose_name="who raised it"),
                ),
            ],
        ),
        migrations.AddField(
            model_name="feedbackitempartner",
            name="organization",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.organization"),
        ),
        migrations.AddField(
            model_name="feedbackitempartner",
            name="community",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.community"),
        ),
    ]
