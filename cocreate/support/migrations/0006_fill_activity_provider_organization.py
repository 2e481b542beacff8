"""Each 'provided by' row takes the organization and community of its support activity."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill_organization_and_community(apps, schema_editor):
    through = apps.get_model("support", "SupportActivityProvider")
    owner = apps.get_model("support", "SupportActivity").objects.filter(pk=OuterRef("supportactivity_id"))
    through.objects.filter(organization__isnull=True).update(
        organization_id=Subquery(owner.values("organization_id")[:1]),
        community_id=Subquery(owner.values("community_id")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [("support", "0005_explicit_activity_provider_table")]

    operations = [migrations.RunPython(fill_organization_and_community, migrations.RunPython.noop)]
