from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListeningConfig(AppConfig):
    name = "cocreate.listening"
    label = "listening"
    verbose_name = _("Focus groups and listening sessions")

    def ready(self) -> None:
        from cocreate.core.registry import (
            CommunitySection,
            DemoSeeder,
            GeneratorSteps,
            WaitingSource,
            community_sections,
            demo_seeders,
            generator_steps,
            waiting_sources,
        )

        from . import actions, sections

        actions.register_kinds()
        community_sections.register(
            CommunitySection(
                key="listening",
                order=78,
                template="listening/_community_section.html",
                placeholder="listening/_community_placeholder.html",  # loads after the page
                permission="listening.view",
                context=sections.community_context,
            )
        )
        waiting_sources.register(
            WaitingSource("listening", 45, "cocreate.listening.sections.waiting_sessions")
        )
        demo_seeders.register(DemoSeeder("listening", 68, "cocreate.listening.demo.seed_listening"))
        generator_steps.register(GeneratorSteps("listening", 88, "cocreate.listening.generate.STEPS"))
