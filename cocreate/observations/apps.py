from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObservationsConfig(AppConfig):
    name = "cocreate.observations"
    label = "observations"
    verbose_name = _("Process observations")

    def ready(self) -> None:
        from cocreate.core.registry import CommunitySection, DemoSeeder, community_sections, demo_seeders
        from cocreate.planning.registry import SourceFinder, sources

        from . import queries

        community_sections.register(
            CommunitySection(
                key="observations",
                order=60,
                template="observations/_community_link.html",
                permission="observation.view",
            )
        )
        sources.register(SourceFinder("observations", 60, queries.findings_behind))
        demo_seeders.register(DemoSeeder("observations", 60, "cocreate.observations.demo.seed_observations"))
