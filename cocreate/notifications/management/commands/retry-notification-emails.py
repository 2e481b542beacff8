from django.core.management.base import BaseCommand

from cocreate.notifications.delivery import claim_due_retries
from cocreate.notifications.tasks import send_claimed_notifications


class Command(BaseCommand):
    help = (
        "Send again the notification emails the mail server refused, once their back-off has passed "
        "(5 minutes, 30 minutes, 2 hours, 8 hours; then the person's inbox says the email failed). "
        "Meant for a cron every few minutes; safe to run at the same time as another run."
    )

    def handle(self, *args, **options):
        runs = claim_due_retries()
        for run in runs:
            send_claimed_notifications.enqueue(str(run))
        if options["verbosity"] > 0:
            self.stdout.write(f"Enqueued {len(runs)} batches of notification emails to retry.")
