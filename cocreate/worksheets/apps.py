from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WorksheetsConfig(AppConfig):
    name = "cocreate.worksheets"
    label = "worksheets"
    verbose_name = _("Toolkit worksheets")

    def ready(self) -> None:
        post_migrate.connect(load_builtin_after_migrate, sender=self, dispatch_uid="worksheets-builtins")
        self._register_engine()
        self._register_kinds()

    def _register_engine(self) -> None:
        """The engine: its notifications and its section of the community page."""
        from cocreate.core.registry import CommunitySection, community_sections

        from . import engine, sections

        engine.register_kinds()
        community_sections.register(
            CommunitySection(
                key="worksheets",
                order=75,
                template="worksheets/_community_section.html",
                context=sections.community_context,
            )
        )

    def _register_kinds(self) -> None:
        """The kinds' part of the demo network (Riverside's worksheets) and of generated organizations."""
        from cocreate.core.registry import DemoSeeder, GeneratorSteps, demo_seeders, generator_steps

        demo_seeders.register(DemoSeeder("worksheets", 66, "cocreate.worksheets.demo.seed_worksheets"))
        generator_steps.register(GeneratorSteps("worksheets", 86, "cocreate.worksheets.generate.STEPS"))


def load_builtin_after_migrate(sender, using="default", **kwargs) -> None:
    """Every database has the built-in templates (and their new versions) once migrated."""
    from .definitions import load_builtin

    load_builtin()
