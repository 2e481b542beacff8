from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "cocreate.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        self._register_collect()
        self._register_results()

    def _register_results(self) -> None:
        """Results: the community page's section, the link from a "you said, we did" item back to its
        survey, the demo, the generator."""
        from cocreate.core.registry import (
            CommunitySection,
            DemoSeeder,
            GeneratorSteps,
            community_sections,
            demo_seeders,
            generator_steps,
        )
        from cocreate.planning.registry import SourceFinder, sources

        from . import feedback, sections

        sources.register(SourceFinder("surveys", 50, feedback.surveys_behind))
        community_sections.register(
            CommunitySection(
                key="surveys",
                order=76,
                template="surveys/_community_section.html",
                placeholder="surveys/_community_placeholder.html",
                permission="survey.view",
                context=sections.community_context,
            )
        )
        demo_seeders.register(DemoSeeder("survey-results", 67, "cocreate.surveys.demo.seed_survey_results"))
        generator_steps.register(GeneratorSteps("survey-results", 95, "cocreate.surveys.generate.STEPS"))

    def _register_collect(self) -> None:
        """The builder's part: invitations and reminders, and open surveys on a partner's "for me"."""
        from cocreate.core.registry import WaitingSource, waiting_sources
        from cocreate.notifications.registry import NotificationKind, notification_kinds

        from .sending import SURVEY_INVITED, SURVEY_REMINDER

        notification_kinds.register(
            NotificationKind(
                key=SURVEY_INVITED,
                order=90,
                label=_("A survey was sent to you"),
                template="surveys/notifications/survey_invited",
            )
        )
        notification_kinds.register(
            NotificationKind(
                key=SURVEY_REMINDER,
                order=91,
                label=_("A reminder of a survey you were sent"),
                template="surveys/notifications/survey_reminder",
            )
        )
        waiting_sources.register(WaitingSource("surveys", 40, "cocreate.surveys.waiting.open_surveys"))
