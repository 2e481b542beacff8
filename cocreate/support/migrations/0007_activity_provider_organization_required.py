import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_organization_time_zone"),
        ("support", "0006_fill_activity_provider_organization"),
    ]

    operations = [
        migrations.AlterField(
            model_name="supportactivityprovider",
            name="community",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.community"),
        ),
        migrations.AlterField(
            model_name="supportactivityprovider",
            name="organization",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.organization"),
        ),
    ]
