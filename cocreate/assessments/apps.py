from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "cocreate.assessments"
    label = "assessments"
    verbose_name = _("Assessments")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(load_builtin_after_migrate, sender=self, dispatch_uid="assessments-builtins")

        from .downloads import register as register_downloads

        register_downloads()


def load_builtin_after_migrate(sender, using="default", **kwargs) -> None:
    """Every database has the built-in instruments, at their latest version, after `migrate`."""
    from .instruments import load_builtin

    load_builtin()
