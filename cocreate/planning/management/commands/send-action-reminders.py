from django.core.management.base import BaseCommand

from cocreate.planning.reminders import enqueue_digests


class Command(BaseCommand):
    help = (
        "Enqueue today's action digests: one email per person with overdue or due-soon actions they are "
        "responsible for (unless they turned reminders off). Safe to run more than once a day: each "
        "person gets at most one digest a day. Meant for a daily cron."
    )

    def handle(self, *args, **options):
        count = enqueue_digests()
        if options["verbosity"] > 0:
            self.stdout.write(f"Enqueued action digests for {count} people.")
