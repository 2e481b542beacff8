from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_proposals_positions_and_secret_ballots"),
    ]

    operations = [
        migrations.AddField(
            model_name="attendee",
            name="attended",
            field=models.BooleanField(blank=True, null=True, verbose_name="came"),
        ),
        migrations.AddField(
            model_name="historicalattendee",
            name="attended",
            field=models.BooleanField(blank=True, null=True, verbose_name="came"),
        ),
    ]
