from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StepsConfig(AppConfig):
    name = "cocreate.steps"
    label = "steps"
    verbose_name = _("Co-production steps")
