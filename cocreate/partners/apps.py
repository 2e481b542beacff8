from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "cocreate.partners"
    label = "partners"
    verbose_name = _("Partners and engagement")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from cocreate.core.models import Community

        from .actions import add_default_areas_to_new_community
        from .downloads import register as register_downloads

        post_save.connect(add_default_areas_to_new_community, sender=Community, dispatch_uid="partners-areas")
        register_downloads()
