from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "cocreate.support"
    label = "support"
    verbose_name = _("Implementation support log")

    def ready(self) -> None:
        from cocreate.core.registry import (
            CommunitySection,
            DemoSeeder,
            GeneratorSteps,
            Section,
            community_sections,
            demo_seeders,
            generator_steps,
        )
        from cocreate.planning.registry import goal_sections

        from .downloads import register as register_downloads
        from .queries.served import goal_support

        community_sections.register(
            CommunitySection(
                key="support", order=40, template="support/_community_link.html", permission="support.view"
            )
        )
        goal_sections.register(
            Section(
                key="support",
                order=40,
                template="support/_goal_support.html",
                context=lambda goal: {"support": goal_support(goal)},  # two queries, flat
            )
        )
        # The log and its surveys come before the plans (the surveys give attendees their sign-ins);
        # which sessions served which goals, after the plans.
        demo_seeders.register(DemoSeeder("support", 25, "cocreate.support.demo.seed_demo"))
        from cocreate.core.registry import ComposedTitle, composed_titles

        from .actions import compose_title

        composed_titles.register(ComposedTitle("support.session", 10, compose_title))
        demo_seeders.register(DemoSeeder("support-goals", 35, "cocreate.support.demo.seed_plan_links"))
        generator_steps.register(GeneratorSteps("support", 30, "cocreate.support.generate.STEPS"))
        register_downloads()
