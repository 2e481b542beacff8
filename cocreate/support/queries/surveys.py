"""The interim-outcomes survey of an event: who can be asked, and where the survey stands.

Only counts are read from the assessments app (who was invited, how many answered): never what anyone
answered, and never who answered an anonymous round.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from cocreate.accounts.models import User
from cocreate.assessments import disclosure
from cocreate.assessments.models import Administration, AdministrationStatus
from cocreate.core.access import Tenant
from cocreate.core.models import Membership
from cocreate.partners.models import Partner

from ..models import EventSurvey, PartnerAttendance, SupportEvent, UserAttendance


def survey_recipients(event: SupportEvent) -> QuerySet[User]:
    """The attendees who can answer: members recorded as attending, and attending partners whose record
    is linked to a sign-in; active, and members of the community (or of the whole organization)."""
    partner_users = Partner.objects.filter(
        pk__in=PartnerAttendance.objects.filter(event=event).values("partner_id"),
        user__isnull=False,
        erased_at__isnull=True,
    ).values("user_id")
    member_users = UserAttendance.objects.filter(event=event).values("user_id")
    members = Membership.objects.filter(
        Q(community_id=event.community_id) | Q(community__isnull=True),
        organization_id=event.organization_id,
    ).values("user_id")
    return (
        User.objects.filter(Q(pk__in=partner_users) | Q(pk__in=member_users), is_active=True)
        .filter(pk__in=members)
        .order_by("name", "email")
    )


@dataclass
class SurveyStatus:
    survey: EventSurvey
    adm: Administration
    invited: int
    answered: int
    round_url: str  # the round's own page (staff see who has answered there)
    results_url: str  # "" while there is nothing the viewer may see yet

    @property
    def closed(self) -> bool:
        return self.adm.status == AdministrationStatus.CLOSED

    @property
    def withheld(self) -> bool:
        """No results while the survey collects answers or from fewer than three (`assessments.disclosure`)."""
        return not (disclosure.released(self.adm.status) and disclosure.enough(self.adm.response_count))


def survey_status(tenant: Tenant, event: SupportEvent) -> SurveyStatus | None:
    """The survey sent for `event`, with answered-of-invited counts (two queries), or None."""
    survey = (
        EventSurvey.objects.filter(event=event)
        .select_related("administration", "sent_by")
        .defer("administration__scores")  # every item's score: not needed to count answers
        .first()
    )
    if survey is None:
        return None
    adm = survey.administration
    counts = adm.invitees.aggregate(
        invited=Count("pk"), answered=Count("pk", filter=Q(submitted_at__isnull=False))
    )
    prefix = reverse("core:community", args=[tenant.organization.slug, event.community.slug])
    status = SurveyStatus(
        survey=survey,
        adm=adm,
        invited=counts["invited"],
        answered=counts["answered"],
        round_url=f"{prefix}assessments/{adm.pk}/",
        results_url="",
    )
    if tenant.can("assessment.view", event.community_id) and adm.response_count and not status.withheld:
        status.results_url = f"{prefix}assessments/{adm.pk}/results/"
    return status
