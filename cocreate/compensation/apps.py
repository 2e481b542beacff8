from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompensationConfig(AppConfig):
    name = "cocreate.compensation"
    label = "compensation"
    verbose_name = _("Compensation")

    def ready(self) -> None:
        from cocreate.core.registry import DemoSeeder, demo_seeders

        from . import notices

        # The staff side: what approvers and finance tell a leader, and the demo's policy.
        notices.register_kinds()
        demo_seeders.register(
            DemoSeeder("compensation-policy", 70, "cocreate.compensation.demo_policy.seed_policy")
        )
