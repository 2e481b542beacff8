from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "cocreate.assessments"
    label = "assessments"
    verbose_name = _("Assessments")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from cocreate.core.registry import (
            CommunitySection,
            DemoSeeder,
            GeneratorSteps,
            community_sections,
            demo_seeders,
            generator_steps,
        )

        from . import results
        from .downloads import register as register_downloads
        from .notifications import register_kinds

        register_kinds()
        post_migrate.connect(load_builtin_after_migrate, sender=self, dispatch_uid="assessments-builtins")
        community_sections.register(
            CommunitySection(
                key="assessments",
                order=20,
                template="assessments/results/_community_panel.html",
                placeholder="assessments/results/_community_placeholder.html",
                permission="assessment.view",
                context=results.community_section,
            )
        )
        demo_seeders.register(DemoSeeder("assessments", 20, "cocreate.assessments.demo.seed_assessments"))
        generator_steps.register(GeneratorSteps("assessments", 20, "cocreate.assessments.generate.STEPS"))
        register_downloads()
        self._register_for_me()

    def _register_for_me(self) -> None:
        """Assessments' part of a person's "for me" home (cocreate.assessments.waiting)."""
        from cocreate.core.registry import ChangeSource, WaitingSource, change_sources, waiting_sources

        waiting_sources.register(WaitingSource("rounds", 10, "cocreate.assessments.waiting.waiting_rounds"))
        change_sources.register(ChangeSource("results", 10, "cocreate.assessments.waiting.results_out"))


def load_builtin_after_migrate(sender, using="default", **kwargs) -> None:
    """Every database has the built-in instruments, at their latest version, after `migrate`."""
    from .instruments import load_builtin

    load_builtin()
