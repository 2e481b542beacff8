from django.core.management.base import BaseCommand, CommandError

from cocreate.assessments.instruments import InstrumentError, load_builtin


class Command(BaseCommand):
    help = "Load the built-in instruments from cocreate/assessments/instruments/; a changed file becomes a new version."

    def handle(self, *args, **options):
        try:
            loaded = load_builtin()
        except InstrumentError as error:
            raise CommandError(str(error)) from error
        for version in loaded:
            self.stdout.write(f"Loaded {version.instrument.key} version {version.number}")
        if not loaded:
            self.stdout.write("The built-in instruments are up to date.")
