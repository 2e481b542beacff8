"""Close the open surveys whose close date has passed (daily; each visit to a survey does it too)."""

from django.core.management.base import BaseCommand

from cocreate.surveys.builder import close_due_surveys


class Command(BaseCommand):
    help = "Close the open surveys whose close date has passed."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"{close_due_surveys()} survey(s) closed.")
