from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cocreate.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from allauth.account import signals as account_signals
        from allauth.mfa.signals import authenticator_removed
        from django.contrib.auth.signals import user_logged_in

        from . import receivers
        from .middleware import recheck_after_authenticator_removed

        authenticator_removed.connect(
            recheck_after_authenticator_removed, dispatch_uid="cocreate-mfa-recheck"
        )
        # An account is its owner's alone: see receivers.py.
        account_signals.user_signed_up.connect(receivers.signed_up, dispatch_uid="cocreate-signed-up")
        account_signals.email_confirmed.connect(receivers.email_confirmed, dispatch_uid="cocreate-proven")
        user_logged_in.connect(receivers.logged_in, dispatch_uid="cocreate-logged-in")
        for signal in (
            account_signals.password_changed,
            account_signals.password_set,
            account_signals.password_reset,
        ):
            signal.connect(receivers.password_changed, dispatch_uid=f"cocreate-tokens-{id(signal)}")
