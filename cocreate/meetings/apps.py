from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "cocreate.meetings"
    label = "meetings"
    verbose_name = _("Meetings, agreements and decisions")

    def ready(self) -> None:
        from simple_history.signals import pre_create_historical_record

        from cocreate.core.registry import (
            CommunitySection,
            DemoSeeder,
            WaitingSource,
            community_sections,
            demo_seeders,
            waiting_sources,
        )

        from . import notices
        from .models import Decision, mask_open_tally

        community_sections.register(
            CommunitySection(
                key="meetings", order=50, template="meetings/_community_link.html", permission="meeting.view"
            )
        )
        demo_seeders.register(DemoSeeder("meetings", 50, "cocreate.meetings.demo.seed_meetings"))
        # Riverside's texts in Spanish too, once every app has written them.
        demo_seeders.register(
            DemoSeeder("translations", 95, "cocreate.meetings.demo_translations.seed_translations")
        )

        from . import texts

        texts.register()

        from .notifications import register_kinds

        register_kinds()
        demo_seeders.register(DemoSeeder("proposals", 51, "cocreate.meetings.demo.seed_proposals"))
        notices.register_kinds()  # "a proposal is open for your position", "the outcome"
        waiting_sources.register(WaitingSource("proposals", 40, "cocreate.meetings.proposals.waiting_items"))
        # No history row of an open secret vote keeps its counts (see models.mask_open_tally).
        pre_create_historical_record.connect(
            mask_open_tally, sender=Decision.history.model, dispatch_uid="meetings.mask_open_tally"
        )
