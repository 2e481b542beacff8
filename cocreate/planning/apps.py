from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "cocreate.planning"
    label = "planning"
    verbose_name = _("Planning and improvement")

    def ready(self) -> None:
        from cocreate.assessments.registry import ItemGoals, item_goals
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
                key="plan",
                order=30,
                template="planning/_community_progress.html",
                placeholder="planning/_community_placeholder.html",
                permission="planning.view",
                context=queries.community_section,
            )
        )
        item_goals.register(ItemGoals("planning", 30, queries.goals_by_item))
        demo_seeders.register(DemoSeeder("planning", 30, "cocreate.planning.demo.seed_planning"))
        demo_seeders.register(DemoSeeder("planning-for-me", 36, "cocreate.planning.demo_for_me.seed_for_me"))
        generator_steps.register(GeneratorSteps("planning", 40, "cocreate.planning.generate.STEPS"))

        from . import texts

        texts.register()
        from .notifications import register_kinds

        register_kinds()
        self._register_for_me()
        self._register_notifications()

    def _register_notifications(self) -> None:
        from cocreate.notifications.registry import NotificationKind, notification_kinds

        from .actions import ACTION_PROGRESS

        notification_kinds.register(
            NotificationKind(
                key=ACTION_PROGRESS,
                order=70,
                label=_("Someone responsible for an action moved it or added progress (team leads)"),
                template="planning/notifications/action_progress",
            )
        )

    def _register_for_me(self) -> None:
        """Planning's part of a person's "for me" home (cocreate.planning.waiting)."""
        from cocreate.core.registry import ChangeSource, WaitingSource, change_sources, waiting_sources

        waiting_sources.register(WaitingSource("actions", 20, "cocreate.planning.waiting.waiting_actions"))
        change_sources.register(ChangeSource("actions", 20, "cocreate.planning.waiting.changed_actions"))
        change_sources.register(ChangeSource("feedback", 60, "cocreate.planning.waiting.answered_feedback"))
