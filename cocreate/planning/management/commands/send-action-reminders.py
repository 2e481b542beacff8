from django.core.management.base import BaseCommand

from cocreate.planning.reminders import enqueue_digests


class Command(BaseCommand):
    help = (
        "Enqueue today's action digests: one email per person and organization with overdue or due-soon "
        "actions they are responsible for (unless they turned reminders off), in each organization's own "
        "day, a batch of people at a time (REMINDER_BATCH_SIZE). Safe to run more than once a day, and "
        "to run again after a run that stopped halfway: each person gets at most one digest a day from "
        "each organization. Meant for an hourly or daily cron (hourly reaches every time zone's morning)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, help="people per batch (default: REMINDER_BATCH_SIZE)")

    def handle(self, *args, **options):
        count = enqueue_digests(batch_size=options["batch_size"])
        if options["verbosity"] > 0:
            self.stdout.write(f"Enqueued action digests for {count} people.")
