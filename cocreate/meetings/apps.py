from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "cocreate.meetings"
    label = "meetings"
    verbose_name = _("Meetings, agreements and decisions")

    def ready(self) -> None:
        from cocreate.core.registry import CommunitySection, DemoSeeder, community_sections, demo_seeders

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
