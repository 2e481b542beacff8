from contextlib import nullcontext

from django.conf import settings
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from cocreate.core.demo import seed_demo, sign_in_help


class Command(BaseCommand):
    help = "Load the demo network (idempotent: running it again changes nothing)."

    def handle(self, *args, **options):
        # The demo's people are told of its meetings, agreement and proposals like anyone else (their
        # inboxes fill), but the emails are made-up addresses' and go nowhere: with the console backend
        # of `make run` they would otherwise fill the terminal before the server starts.
        quiet = "console" in settings.EMAIL_BACKEND or "smtp" in settings.EMAIL_BACKEND
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
            if quiet
            else nullcontext()
        ):
            org, created = seed_demo()
        self.stdout.write(f"Demo network {'created' if created else 'already loaded'}: {org.name}")
        self.stdout.write(sign_in_help())
