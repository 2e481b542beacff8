"""Today's survey reminders (daily; running it twice the same day sends nothing new)."""

from django.core.management.base import BaseCommand

from cocreate.surveys.builder import close_due_surveys
from cocreate.surveys.sending import send_all_reminders


class Command(BaseCommand):
    help = "Remind those sent an open survey, every N days as each survey says."

    def handle(self, *args, **options) -> None:
        close_due_surveys()
        self.stdout.write(f"{send_all_reminders()} reminder(s) sent.")
