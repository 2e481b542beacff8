"""The moved models keep their content types (and so their permissions and admin log entries): the
rows made for them under planning now name support. A database where support already has its own
rows for them (none should) keeps those."""

from django.db import migrations

MOVED = ("supportplanversion", "historicalsupportplanversion", "supportactivity", "historicalsupportactivity")


def rename(apps, schema_editor, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    taken = set(ContentType.objects.filter(app_label=new, model__in=MOVED).values_list("model", flat=True))
    ContentType.objects.filter(app_label=old, model__in=set(MOVED) - taken).update(app_label=new)


def forwards(apps, schema_editor):
    rename(apps, schema_editor, "planning", "support")


def backwards(apps, schema_editor):
    rename(apps, schema_editor, "support", "planning")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("support", "0003_support_plan_versions_and_activities_from_planning"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
