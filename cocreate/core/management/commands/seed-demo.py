from django.core.management.base import BaseCommand

from cocreate.core.demo import seed_demo, sign_in_help


class Command(BaseCommand):
    help = "Load the demo network (idempotent: running it again changes nothing)."

    def handle(self, *args, **options):
        org, created = seed_demo()
        self.stdout.write(f"Demo network {'created' if created else 'already loaded'}: {org.name}")
        self.stdout.write(sign_in_help())
