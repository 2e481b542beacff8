from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StepsConfig(AppConfig):
    name = "cocreate.steps"
    label = "steps"
    verbose_name = _("Co-production steps")

    def ready(self) -> None:
        from cocreate.core.registry import (
            CommunitySection,
            DemoSeeder,
            GeneratorSteps,
            community_sections,
            demo_seeders,
            generator_steps,
        )

        from . import queries

        community_sections.register(
            CommunitySection(
                key="steps",
                order=80,
                template="steps/_community_section.html",
                placeholder="steps/_community_placeholder.html",
                permission="steps.view",
                context=queries.community_section,
            )
        )
        # After every other app's part: the demo's ratings speak of what the other seeders made.
        demo_seeders.register(DemoSeeder("steps", 98, "cocreate.steps.demo.seed_steps"))
        generator_steps.register(GeneratorSteps("steps", 900, "cocreate.steps.generate.STEPS"))
