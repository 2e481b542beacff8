from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadersConfig(AppConfig):
    name = "cocreate.leaders"
    label = "leaders"
    verbose_name = _("Community leaders")

    def ready(self) -> None:
        from cocreate.core.registry import DemoSeeder, demo_seeders

        # Review (after the calls seeder): the demo call's applications at every state.
        demo_seeders.register(DemoSeeder("leaders_review", 63, "cocreate.leaders.demo_review.seed_review"))
