"""Today's digests already sent (`User.reminded_on`) become claims in each of the person's
organizations, so the first run after the upgrade does not send them a second time."""

import uuid

from django.db import migrations


def claims_from_reminded_on(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Membership = apps.get_model("core", "Membership")
    DigestClaim = apps.get_model("planning", "DigestClaim")
    run = uuid.uuid4()
    days = dict(User.objects.filter(reminded_on__isnull=False).values_list("pk", "reminded_on"))
    places = Membership.objects.filter(user_id__in=list(days)).values_list("user_id", "organization_id")
    DigestClaim.objects.bulk_create(
        [
            DigestClaim(organization_id=org_id, user_id=user_id, day=days[user_id], run=run)
            for user_id, org_id in set(places)
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_action_reminders"),
        ("core", "0004_organization_time_zone"),
        ("planning", "0008_daily_digest_claims_per_organization"),
    ]

    operations = [migrations.RunPython(claims_from_reminded_on, migrations.RunPython.noop)]
