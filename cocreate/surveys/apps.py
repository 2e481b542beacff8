from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "cocreate.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self) -> None:
        self._register_results()

    def _register_results(self) -> None:
        """Results: the link from a "you said, we did" item back to its survey, the demo, the generator."""
        from cocreate.core.registry import DemoSeeder, GeneratorSteps, demo_seeders, generator_steps
        from cocreate.planning.registry import SourceFinder, sources

        from . import feedback

        sources.register(SourceFinder("surveys", 50, feedback.surveys_behind))
        demo_seeders.register(DemoSeeder("survey-results", 67, "cocreate.surveys.demo.seed_survey_results"))
        generator_steps.register(GeneratorSteps("survey-results", 95, "cocreate.surveys.generate.STEPS"))
