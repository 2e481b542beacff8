import time

from django.core.management.base import BaseCommand, CommandError

from cocreate.core.generate import GeneratedDataExists, Options, generate, sign_in_help


class Command(BaseCommand):
    help = (
        "Generate a benchmark organization with N communities (initiatives, stage history, teams, "
        "practitioners with ~10-community portfolios, team leads, partners). Fast: bulk inserts, one "
        "password hash; no history records except membership joins."
    )

    def add_arguments(self, parser):
        parser.add_argument("--communities", type=int, required=True, help="how many communities (e.g. 1000)")
        parser.add_argument(
            "--org-slug", default="bench", help="slug of the new organization (default: bench)"
        )
        parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same data")
        parser.add_argument(
            "--partners-per-community", type=int, default=20, help="partner records (default 20)"
        )
        parser.add_argument(
            "--level-changes-per-partner", type=int, default=4, help="engagement ladder moves (default 4)"
        )
        parser.add_argument(
            "--replace", action="store_true", help="delete that organization and its people first"
        )

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        try:
            opts = Options(
                communities=options["communities"],
                org_slug=options["org_slug"],
                seed=options["seed"],
                partners_per_community=options["partners_per_community"],
                level_changes_per_partner=options["level_changes_per_partner"],
            )
        except ValueError as e:
            raise CommandError(str(e)) from e
        started = time.monotonic()
        try:
            build = generate(opts, replace=options["replace"], progress=verbosity > 0)
        except GeneratedDataExists as e:
            raise CommandError(str(e)) from e
        elapsed = time.monotonic() - started
        if verbosity > 0:
            made = ", ".join(f"{n:,} {label}" for label, n in sorted(build.counts.items()))
            self.stdout.write(f"Generated {build.org.name} in {elapsed:.1f} s: {made}")
            self.stdout.write(sign_in_help(build))
