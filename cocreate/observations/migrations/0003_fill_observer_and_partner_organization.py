"""Each observer and partner row takes the organization and community of its plan or record."""

from django.db import migrations
from django.db.models import OuterRef, Subquery

# (through model, the model its rows belong to, the column pointing at it)
TABLES = [
    ("ObservationPlanObserver", "ObservationPlan", "observationplan"),
    ("ObservationPlanPartner", "ObservationPlan", "observationplan"),
    ("ObservationRecordObserver", "ObservationRecord", "observationrecord"),
    ("ObservationRecordPartner", "ObservationRecord", "observationrecord"),
]


def fill_organization_and_community(apps, schema_editor):
    for through_name, owner_name, owner_field in TABLES:
        through = apps.get_model("observations", through_name)
        owner = apps.get_model("observations", owner_name).objects.filter(pk=OuterRef(f"{owner_field}_id"))
        through.objects.filter(organization__isnull=True).update(
            organization_id=Subquery(owner.values("organization_id")[:1]),
            community_id=Subquery(owner.values("community_id")[:1]),
        )


class Migration(migrations.Migration):
    dependencies = [("observations", "0002_explicit_observer_and_partner_tables")]

    operations = [migrations.RunPython(fill_organization_and_community, migrations.RunPython.noop)]
