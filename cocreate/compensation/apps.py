from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompensationConfig(AppConfig):
    name = "cocreate.compensation"
    label = "compensation"
    verbose_name = _("Compensation")

    def ready(self) -> None:
        from cocreate.core.registry import DemoSeeder, WaitingSource, demo_seeders, waiting_sources

        from .claims import register_kinds as register_claim_kinds

        # The community leader's side (claims.py, demo_claims.py).
        register_claim_kinds()
        waiting_sources.register(
            WaitingSource("returned_claims", 60, "cocreate.compensation.claims.returned_claims")
        )
        demo_seeders.register(DemoSeeder("claims", 71, "cocreate.compensation.demo_claims.seed_claims"))
