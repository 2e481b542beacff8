"""Observers and partners of observation plans and records: rows that carry their organization.

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
        ("observations", "0001_plans_records_steps_and_findings"),
        ("partners", "0002_default_areas_and_plans"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ObservationPlanObserver",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("observationplan", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="observations.observationplan")),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={"db_table": "observations_observationplan_observers", "unique_together": {("observationplan", "user")}},
                ),
                migrations.AlterField(
                    model_name="observationplan",
                    name="observers",
                    field=models.ManyToManyField(blank=True, related_name="+", through="observations.ObservationPlanObserver", to=settings.AUTH_USER_MODEL, verbose_name="observers"),
                ),
                migrations.CreateModel(
                    name="ObservationPlanPartner",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("observationplan", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="observations.observationplan")),
                        ("partner", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="partners.partner")),
                    ],
                    options={"db_table": "observations_observationplan_partners", "unique_together": {("observationplan", "partner")}},
                ),
                migrations.AlterField(
                    model_name="observationplan",
                    name="partners",
                    field=models.ManyToManyField(blank=True, related_name="+", through="observations.ObservationPlanPartner", to="partners.partner", verbose_name="partners observing"),
                ),
                migrations.CreateModel(
                    name="ObservationRecordObserver",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("observationrecord", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="observations.observationrecord")),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={"db_table": "observations_observationrecord_observers", "unique_together": {("observationrecord", "user")}},
                ),
                migrations.AlterField(
                    model_name="observationrecord",
                    name="observers",
                    field=models.ManyToManyField(blank=True, related_name="+", through="observations.ObservationRecordObserver", to=settings.AUTH_USER_MODEL, verbose_name="who observed"),
                ),
                migrations.CreateModel(
                    name="ObservationRecordPartner",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("observationrecord", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="observations.observationrecord")),
                        ("partner", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="partners.partner")),
                    ],
                    options={"db_table": "observations_observationrecord_partners", "unique_together": {("observationrecord", "partner")}},
                ),
                migrations.AlterField(
                    model_name="observationrecord",
                    name="partners",
                    field=models.ManyToManyField(blank=True, related_name="+", through="observations.ObservationRecordPartner", to="partners.partner", verbose_name="partners who observed"),
                ),
            ],
        ),
        migrations.AddField(
            model_name="observationplanobserver",
            name="organization",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.organization"),
        ),
        migrations.AddField(
            model_name="observationplanobserver",
            name="community",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.community"),
        ),
        migrations.AddField(
            model_name="observationplanpartner",
            name="organization",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.organization"),
        ),
        migrations.AddField(
            model_name="observationplanpartner",
            name="community",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.community"),
        ),
        migrations.AddField(
            model_name="observationrecordobserver",
            name="organization",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.organization"),
        ),
        migrations.AddField(
            model_name="observationrecordobserver",
            name="community",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.community"),
        ),
        migrations.AddField(
            model_name="observationrecordpartner",
            name="organization",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.organization"),
        ),
        migrations.AddField(
            model_name="observationrecordpartner",
            name="community",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.community"),
        ),
    ]
