"""The implementation-support plan moves to the `support` app, with its data.

Nothing is recreated: the four tables (versions, activities and their history; the activities' staff
table follows its model) are renamed to the `support_` names, and the models leave planning's state.
`support.0003_support_plan_versions_and_activities_from_planning` takes them into support's state.
"""

from django.db import migrations

MOVED = ("supportplanversion", "historicalsupportplanversion", "supportactivity", "historicalsupportactivity")


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0009_digest_claims_from_last_reminder"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name=name, table=f"support_{name}") for name in MOVED
            ],
            state_operations=[
                migrations.DeleteModel(name="HistoricalSupportActivity"),
                migrations.DeleteModel(name="HistoricalSupportPlanVersion"),
                migrations.DeleteModel(name="SupportActivity"),
                migrations.DeleteModel(name="SupportPlanVersion"),
            ],
        ),
    ]
