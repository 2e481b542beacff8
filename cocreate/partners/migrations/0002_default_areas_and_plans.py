from django.db import migrations

DOMAINS = [
    ("co-creation", "Co-creation partners and processes"),
    ("leadership", "Leadership and implementation teams"),
    ("workforce", "Workforce development"),
    ("quality", "Quality and outcome monitoring"),
    ("media", "Media and networking"),
]


def add_areas_and_plans(apps, schema_editor):
    Community = apps.get_model("core", "Community")
    EngagementArea = apps.get_model("partners", "EngagementArea")
    EngagementPlan = apps.get_model("partners", "EngagementPlan")
    for community in Community.objects.all().iterator():
        if not EngagementArea.objects.filter(community=community).exists():
            EngagementArea.objects.bulk_create(
                EngagementArea(
                    organization_id=community.organization_id, community=community, key=key, name=name,
                    position=i, is_default=True,
                )
                for i, (key, name) in enumerate(DOMAINS)
            )
        EngagementPlan.objects.get_or_create(community=community, defaults={"organization_id": community.organization_id})


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial"), ("core", "0002_community_name_index")]
    operations = [migrations.RunPython(add_areas_and_plans, migrations.RunPython.noop)]
