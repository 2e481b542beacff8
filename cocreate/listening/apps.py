from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListeningConfig(AppConfig):
    name = "cocreate.listening"
    label = "listening"
    verbose_name = _("Focus groups and listening sessions")
