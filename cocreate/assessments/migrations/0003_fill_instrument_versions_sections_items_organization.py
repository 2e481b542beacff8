"""An organization's own instrument: its versions, sections and items take its organization (the
built-in library's stay without one)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill_organization(apps, schema_editor):
    Instrument = apps.get_model("assessments", "Instrument")
    InstrumentVersion = apps.get_model("assessments", "InstrumentVersion")
    of_instrument = Instrument.objects.filter(pk=OuterRef("instrument_id")).values("organization_id")[:1]
    InstrumentVersion.objects.filter(instrument__organization__isnull=False).update(
        organization_id=Subquery(of_instrument)
    )
    of_version = InstrumentVersion.objects.filter(pk=OuterRef("version_id")).values("organization_id")[:1]
    for name in ("Section", "Item"):
        model = apps.get_model("assessments", name)
        model.objects.filter(version__instrument__organization__isnull=False).update(
            organization_id=Subquery(of_version)
        )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_instrument_versions_sections_items_organization")]

    operations = [migrations.RunPython(fill_organization, migrations.RunPython.noop)]
