"""The compensation policy's pages: the version in force with every version's dates (everyone in the
organization, "compensation.policy_view"), and the form that writes the next version (admin and
finance, "compensation.policy_change")."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cocreate.accounts.http import SignedInRequest
from cocreate.core.access import Tenant
from cocreate.core.errors import WriteError, show_on_form
from cocreate.core.views import org_view

from . import policy as policies
from .amounts import current_policy
from .forms_staff import PolicyForm
from .money import ROUNDING_RULE


@org_view
def policy_page(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """The policy in force: rates, maxima, approvers, the rounding rule and the notice in her language."""
    if not tenant.can_anywhere("compensation.policy_view"):
        raise PermissionDenied
    org = tenant.organization
    versions = list(policies.versions(org))
    current = current_policy(org)
    if current is not None:
        current = next((v for v in versions if v.pk == current.pk), current)
    return render(
        request,
        "compensation/staff/policy.html",
        {
            "tenant": tenant,
            "org": org,
            "policy": current,
            "versions": versions,
            "notice": current.notice(get_language() or "en") if current else "",
            "rule": ROUNDING_RULE,
            "can_change": tenant.can("compensation.policy_change"),
            "can_approve": tenant.can_anywhere("claim.approve"),
            "can_export": tenant.can("claim.export"),
            "this_year": timezone.localdate().year,
        },
    )


@org_view
def policy_new(request: SignedInRequest, tenant: Tenant) -> HttpResponse:
    """The next version, prefilled from the one in force."""
    tenant.require("compensation.policy_change")
    org = tenant.organization
    form = PolicyForm(
        request.POST or None, organization=org, initial=policies.initial_from(current_policy(org))
    )
    if request.method == "POST" and form.is_valid():
        try:
            made = policies.do_create_policy_version(org, acting_user=request.user, **form.cleaned_data)
        except WriteError as error:
            show_on_form(form, error)
        else:
            messages.success(
                request,
                _("Version %(n)s saved: it applies to events from %(date)s.")
                % {"n": made.number, "date": made.effective_from.isoformat()},
            )
            return redirect(reverse("compensation:policy", args=[org.slug]))
    return render(
        request,
        "compensation/staff/policy_form.html",
        {"tenant": tenant, "org": org, "form": form},
    )
