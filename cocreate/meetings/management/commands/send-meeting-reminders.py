from django.core.management.base import BaseCommand

from cocreate.core.models import Organization
from cocreate.meetings.notifications import send_reminders


class Command(BaseCommand):
    help = (
        "Remind the people of every planned meeting that starts tomorrow (each organization's tomorrow), "
        "in their inbox and by email as each chose. Safe to run more than once a day: each person is "
        "reminded once per meeting and start time. Meant for an hourly or daily cron."
    )

    def handle(self, *args, **options):
        made = 0
        for organization in Organization.objects.filter(archived_at__isnull=True).order_by("pk"):
            made += send_reminders(organization)
        if options["verbosity"] > 0:
            self.stdout.write(f"Made {made} meeting reminders.")
