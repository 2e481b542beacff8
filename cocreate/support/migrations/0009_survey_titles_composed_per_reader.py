"""The survey rounds sent about a session get their title's parts, so that each reader sees
"Coaching on …" in her own language and date format (support.actions.compose_title)."""

from django.db import migrations


def give_parts(apps, schema_editor):
    EventSurvey = apps.get_model("support", "EventSurvey")
    Administration = apps.get_model("assessments", "Administration")
    for survey in EventSurvey.objects.select_related("event").iterator():
        parts = {"key": "support.session", "type": survey.event.event_type, "date": survey.event.date.isoformat()}
        Administration.objects.filter(pk=survey.administration_id).update(title_parts=parts)


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0008_edit_versions"),
        ("assessments", "0005_administration_title_parts"),
    ]

    operations = [migrations.RunPython(give_parts, migrations.RunPython.noop)]
