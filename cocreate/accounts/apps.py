from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cocreate.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_removed

        from .middleware import recheck_after_authenticator_removed

        authenticator_removed.connect(
            recheck_after_authenticator_removed, dispatch_uid="cocreate-mfa-recheck"
        )
