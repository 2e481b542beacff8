""" "You said, we did" from a survey: a theme, or one written answer, becomes a feedback item of the
community (planning's `do_record_feedback`, source "in a survey", anonymous), linked back to the survey.

The text is the staff member's: the form starts from the theme's summary (or the answer's words) and
lets her change it before saving, since a quote word for word might tell who wrote it. A theme or an
answer becomes one item only: asking again gives the item already made.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cocreate.accounts.models import User
from cocreate.core.errors import WriteError
from cocreate.core.models import Community
from cocreate.planning.feedback import do_record_feedback
from cocreate.planning.models import FeedbackItem, FeedbackSource

from . import results
from .models import Answer, Survey, SurveyFeedback, Theme


def existing_item(*, theme: Theme | None = None, answer: Answer | None = None) -> FeedbackItem | None:
    link = (
        SurveyFeedback.objects.filter(theme=theme)
        if theme is not None
        else SurveyFeedback.objects.filter(answer=answer)
    )
    found = link.select_related("feedback", "community").first()
    if found is None:
        return None
    found.feedback.community = found.community
    return found.feedback


def suggested_text(*, theme: Theme | None = None, answer: Answer | None = None) -> str:
    """What the form starts from: the theme's summary (or its name), or the answer's words."""
    if theme is not None:
        return theme.summary or theme.name
    return answer.text if answer is not None else ""


@transaction.atomic
def do_feedback_from_survey(
    survey: Survey,
    *,
    acting_user: User | None,
    said: str,
    community: Community | None = None,
    theme: Theme | None = None,
    answer: Answer | None = None,
) -> tuple[FeedbackItem, bool]:
    """A "you said, we did" item from a theme or an answer of the survey. Returns (item, made now):
    a theme or an answer already turned into an item gives that item back, unchanged."""
    if (theme is None) == (answer is None):
        raise TypeError("give a theme or an answer")
    source = theme if theme is not None else answer
    assert source is not None
    if source.survey_id != survey.pk:
        raise WriteError(_("Choose a theme or an answer of this survey."))
    # Lock the survey row: two clicks at the same moment make one item.
    Survey.objects.select_for_update().filter(pk=survey.pk).first()
    found = existing_item(theme=theme, answer=answer)
    if found is not None:
        return found, False
    if survey.community_id is not None:
        community = survey.community
    if community is None or community.organization_id != survey.organization_id:
        raise WriteError({"community": _("Choose the community to answer.")})
    item = do_record_feedback(
        community,
        acting_user=acting_user,
        said=said,
        anonymous=True,
        source=FeedbackSource.SURVEY,
        said_on=survey.closed_at.date() if survey.closed_at else timezone.localdate(),
    )
    SurveyFeedback.objects.create(
        organization_id=survey.organization_id,
        community=community,
        survey=survey,
        theme=theme,
        answer=answer,
        feedback=item,
    )
    return item, True


def surveys_behind(tenant, community: Community, **link) -> list:
    """The survey a feedback item came from, for its page (one query; registered as a planning source)."""
    from django.urls import reverse

    from cocreate.planning.registry import Source

    item = link.get("feedback_item")
    if item is None or not tenant.can("survey.view", community):
        return []
    rows = SurveyFeedback.objects.filter(feedback=item).select_related("survey", "survey__community")
    out = []
    for row in rows:
        survey = row.survey
        org = tenant.organization.slug
        if survey.community is not None:
            url = reverse("surveys:results", args=[org, survey.community.slug, survey.pk])
        else:
            url = reverse("surveys:results", args=[org, survey.pk])
        spanish = results.spanish()
        title = survey.title_es if spanish and survey.title_es else survey.title
        when = survey.closed_at.date() if survey.closed_at else row.created_at.date()
        out.append(Source(str(_("From a survey")), title, url, when))
    return out
