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
        demo_seeders.register(
            DemoSeeder("meetings-agreement", 55, "cocreate.meetings.demo_for_me.seed_agreement")
        )

        self._register_for_me()

    def _register_for_me(self) -> None:
        """Meetings' part of a person's "for me" home (cocreate.meetings.for_me)."""
        from cocreate.core.registry import ChangeSource, WaitingSource, change_sources, waiting_sources

        here = "cocreate.meetings.for_me."
        waiting_sources.register(WaitingSource("agreement", 30, here + "agreement_to_acknowledge"))
        waiting_sources.register(WaitingSource("meetings", 50, here + "next_meetings"))
        change_sources.register(ChangeSource("decisions", 30, here + "decisions_recorded"))
        change_sources.register(ChangeSource("meetings", 40, here + "meetings_changed"))
        change_sources.register(ChangeSource("agreement", 50, here + "agreement_published"))
