from django.core.management.base import BaseCommand

from cocreate.notifications.delivery import BATCH_SIZE, enqueue_digests


class Command(BaseCommand):
    help = (
        "Enqueue today's notification digests: one email per person and organization gathering the "
        "notifications she chose to get once a day, in each organization's own day, a batch of people "
        "at a time. Safe to run more than once a day: each person gets at most one digest a day from "
        "each organization. Meant for an hourly or daily cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="people per batch")

    def handle(self, *args, **options):
        count = enqueue_digests(batch_size=options["batch_size"])
        if options["verbosity"] > 0:
            self.stdout.write(f"Enqueued notification digests for {count} people.")
