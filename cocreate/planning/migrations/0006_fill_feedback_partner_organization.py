"""Each 'who raised it' row takes the organization and community of its feedback item."""

from django.db import migrations
from django.db.models import OuterRef, Subquery

# (through model, the model its rows belong to, the column pointing at it)
TABLES = [
    ("FeedbackItemPartner", "FeedbackItem", "feedbackitem"),
]


def fill_organization_and_community(apps, schema_editor):
    for through_name, owner_name, owner_field in TABLES:
        through = apps.get_model("planning", through_name)
        owner = apps.get_model("planning", owner_name).objects.filter(pk=OuterRef(f"{owner_field}_id"))
        through.objects.filter(organization__isnull=True).update(
            organization_id=Subquery(owner.values("organization_id")[:1]),
            community_id=Subquery(owner.values("community_id")[:1]),
        )


class Migration(migrations.Migration):
    dependencies = [("planning", "0005_explicit_feedback_partner_table")]

    operations = [migrations.RunPython(fill_organization_and_community, migrations.RunPython.noop)]
