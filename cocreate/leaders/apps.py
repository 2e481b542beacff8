from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadersConfig(AppConfig):
    name = "cocreate.leaders"
    label = "leaders"
    verbose_name = _("Community leaders")

    def ready(self) -> None:
        from cocreate.core.registry import CommunitySection, DemoSeeder, community_sections, demo_seeders

        # Calls and the public application form (cocreate.leaders.calls).
        from . import calls

        calls.register_kinds()
        calls.register_texts()
        community_sections.register(
            CommunitySection(
                key="leaders",
                order=62,
                template="leaders/calls/_community_link.html",
                permission="leaders.view",
            )
        )
        demo_seeders.register(DemoSeeder("leader-calls", 62, "cocreate.leaders.demo_calls.seed_calls"))
        # Review (after the calls seeder): the demo call's applications at every state.
        demo_seeders.register(DemoSeeder("leaders_review", 63, "cocreate.leaders.demo_review.seed_review"))
