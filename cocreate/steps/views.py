"""The co-production steps board: the eight steps with what the product knows, the team's ratings and
what to do next; rating one step; the history of a step's ratings."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreate.accounts.http import SignedInRequest
from cocreate.core.access import Tenant, access_community
from cocreate.core.concurrency import VersionField
from cocreate.core.errors import show_on_form
from cocreate.core.models import Community
from cocreate.core.views import org_view

from . import queries
from .actions import NEW, do_rate_step
from .guide import BY_NUMBER
from .models import RATING_MEANINGS, Rating, StepRating


class RateForm(forms.Form):
    rating = forms.ChoiceField(
        label=gettext_lazy("Where are we on this step?"), choices=Rating.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Why the team chose this rating: what is going well, what is hard."),
    )
    next_step = forms.CharField(
        label=gettext_lazy("What we will do next"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, rating: StepRating | None, **kwargs):
        super().__init__(*args, **kwargs)
        # Always carried: NEW when the step had no rating, so a first rating saved meanwhile is not
        # silently overwritten either.
        self.fields["version"] = VersionField(initial=rating.version if rating else None)
        cast(forms.ChoiceField, self.fields["rating"]).choices = [
            (value, f"{label} — {RATING_MEANINGS[Rating(value)]}") for value, label in Rating.choices
        ]


def _step_or_404(n: int):
    step = BY_NUMBER.get(n)
    if step is None:
        raise Http404
    return step


def _context(tenant: Tenant, community: Community, **extra):
    return {
        "tenant": tenant,
        "org": tenant.organization,
        "initiative": community.initiative,
        "community": community,
        "board_url": reverse("steps:board", args=[tenant.organization.slug, community.slug]),
        **extra,
    }


@org_view
def board(request: SignedInRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """The eight steps, each with what the product knows, the team's rating and what to do next."""
    community = access_community(tenant, slug, "steps.view")
    return render(
        request, "steps/board.html", _context(tenant, community, **queries.board(tenant, community))
    )


@org_view
def rate(request: SignedInRequest, tenant: Tenant, slug: str, n: int) -> HttpResponse:
    """Rate one step: where the team is, its notes and what it will do next (staff and partners)."""
    community = access_community(tenant, slug, "steps.rate")
    step = _step_or_404(n)
    current = StepRating.objects.filter(community=community, step=n).first()
    initial = (
        {"rating": current.rating, "notes": current.notes, "next_step": current.next_step} if current else {}
    )
    form = RateForm(request.POST or None, rating=current, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            do_rate_step(
                community,
                acting_user=request.user,
                step=n,
                version=data["version"] or NEW,
                rating=data["rating"],
                notes=data["notes"],
                next_step=data["next_step"],
            )
        except ValidationError as error:
            show_on_form(form, error)
        else:
            messages.success(request, _("Step %(n)s saved.") % {"n": n})
            return redirect(
                reverse("steps:board", args=[tenant.organization.slug, community.slug]) + f"#step-{n}"
            )
    return render(
        request,
        "steps/rate.html",
        _context(tenant, community, step=step, form=form, rating=current),
    )


@org_view
def history(request: SignedInRequest, tenant: Tenant, slug: str, n: int) -> HttpResponse:
    """Who changed a step's rating, notes or next step, and when."""
    community = access_community(tenant, slug, "steps.view")
    step = _step_or_404(n)
    return render(
        request,
        "steps/history.html",
        _context(
            tenant,
            community,
            step=step,
            entries=queries.history(community, n),
            limit=queries.HISTORY_LIMIT,
            can_rate=tenant.can("steps.rate", community),
        ),
    )
