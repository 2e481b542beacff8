from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "cocreate.partners"
    label = "partners"
    verbose_name = _("Partners and engagement")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from cocreate.core.models import Community
        from cocreate.core.registry import (
            CommunitySection,
            DemoSeeder,
            GeneratorSteps,
            PersonLink,
            PortfolioColumn,
            community_sections,
            demo_seeders,
            generator_steps,
            person_links,
            portfolio_columns,
        )

        from . import coverage
        from .actions import add_default_areas_to_new_community, link_member, partner_kinds
        from .downloads import register as register_downloads

        post_save.connect(add_default_areas_to_new_community, sender=Community, dispatch_uid="partners-areas")
        community_sections.register(
            CommunitySection(
                key="partners",
                order=10,
                template="partners/_community_section.html",
                permission="partner.view",
                context=lambda tenant, community: {"gaps": coverage.community_gaps(community)},
            )
        )
        # Whoever gets a role in a community is one partner there (made or linked when she joins).
        person_links.register(PersonLink(key="partners", order=10, joined=link_member, kinds=partner_kinds))
        portfolio_columns.register(
            PortfolioColumn(
                key="partner-gaps",
                order=10,
                label=_("Partner gaps"),
                values=coverage.portfolio_gaps,
                template="partners/_gap_badges.html",
                css="gap-cell",
            )
        )
        # Partners are seeded with the demo's first load only (their records are not idempotent).
        demo_seeders.register(DemoSeeder("partners", 10, "cocreate.partners.demo.seed_demo", again=False))
        generator_steps.register(GeneratorSteps("partners", 10, "cocreate.partners.generate.STEPS"))
        register_downloads()
