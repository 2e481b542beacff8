from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadersConfig(AppConfig):
    name = "cocreate.leaders"
    label = "leaders"
    verbose_name = _("Community leaders")

    def ready(self) -> None:
        from cocreate.core.registry import DemoSeeder, GeneratorSteps, demo_seeders, generator_steps

        # Calls and the public application form (cocreate.leaders.calls).
        from . import calls

        calls.register_kinds()
        calls.register_texts()
        demo_seeders.register(DemoSeeder("leader-calls", 62, "cocreate.leaders.demo_calls.seed_calls"))
        # Review (after the calls seeder): the demo call's applications at every state.
        demo_seeders.register(DemoSeeder("leaders_review", 63, "cocreate.leaders.demo_review.seed_review"))
        generator_steps.register(GeneratorSteps("leaders", 85, "cocreate.leaders.generate.STEPS"))
        self._register_support()

    def _register_support(self) -> None:
        """Support over time and peer networks: notifications, the community and partner pages, the demo."""
        from cocreate.core.registry import (
            CommunitySection,
            DemoSeeder,
            Section,
            community_sections,
            demo_seeders,
        )
        from cocreate.partners.registry import partner_sections

        from . import networks, sections, support

        support.register_kinds()
        networks.register_kinds()
        community_sections.register(
            CommunitySection(
                key="leaders",
                order=70,
                template="leaders/support/_community_section.html",
                context=sections.community_context,
            )
        )
        partner_sections.register(
            Section(
                key="leaders",
                order=10,
                template="leaders/support/_partner_section.html",
                context=sections.partner_context,
            )
        )
        demo_seeders.register(DemoSeeder("leaders-support", 64, "cocreate.leaders.demo_support.seed_support"))
