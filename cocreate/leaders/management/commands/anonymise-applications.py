"""Anonymise the declined and withdrawn applications whose organization's period has run out (daily)."""

from django.core.management.base import BaseCommand

from cocreate.leaders.anonymise import anonymise_due


class Command(BaseCommand):
    help = "Anonymise declined and withdrawn applications after the organization's period."

    def handle(self, *args, **options) -> None:
        count = anonymise_due()
        self.stdout.write(f"{count} application(s) anonymised.")
