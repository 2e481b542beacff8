from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompensationConfig(AppConfig):
    name = "cocreate.compensation"
    label = "compensation"
    verbose_name = _("Compensation")

    def ready(self) -> None:
        from cocreate.core.registry import (
            DemoSeeder,
            GeneratorSteps,
            WaitingSource,
            demo_seeders,
            generator_steps,
            waiting_sources,
        )

        from . import notices
        from .claims import register_kinds as register_claim_kinds

        # The staff side: what approvers and finance tell a leader, and the demo's policy.
        notices.register_kinds()
        demo_seeders.register(
            DemoSeeder("compensation-policy", 70, "cocreate.compensation.demo_policy.seed_policy")
        )
        # The community leader's side (claims.py, demo_claims.py).
        register_claim_kinds()
        waiting_sources.register(
            WaitingSource("returned_claims", 60, "cocreate.compensation.claims.returned_claims")
        )
        demo_seeders.register(DemoSeeder("claims", 71, "cocreate.compensation.demo_claims.seed_claims"))
        generator_steps.register(GeneratorSteps("compensation", 90, "cocreate.compensation.generate.STEPS"))
