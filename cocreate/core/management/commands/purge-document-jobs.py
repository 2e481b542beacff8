from django.core.management.base import BaseCommand

from cocreate.core.jobs import purge_expired_jobs


class Command(BaseCommand):
    help = (
        "Delete prepared documents (PDF, DOCX) past their expiry. The next request to prepare a document "
        "does this too; run it from cron on a site where nobody downloads for days."
    )

    def handle(self, *args, **options):
        deleted = purge_expired_jobs()
        self.stdout.write(f"Deleted {deleted} expired document job(s).")
