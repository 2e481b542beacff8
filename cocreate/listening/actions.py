"""Writes for focus groups and listening sessions. Pages, the API, the demo and the tests call these.

The consent rule: notes of a held session open once every invited person is *settled* — marked as
not attending, or marked as attending with their answer to "may we note what you say?" recorded
(yes or no). Nobody is noted before they were asked. A "no" does not stop the notes of everyone
else: the note page then reminds the note-taker to leave out anything that says who that person is
(notes never name people anyway: they record what the group said).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cocreate.accounts.models import User
from cocreate.core.access import PARTNER
from cocreate.core.concurrency import claim_edit, lock
from cocreate.core.errors import WriteError
from cocreate.core.models import Community, Membership
from cocreate.notifications.actions import notify
from cocreate.notifications.registry import NotificationKind, notification_kinds
from cocreate.partners.models import Partner
from cocreate.planning.feedback import do_record_feedback
from cocreate.planning.models import FeedbackItem, FeedbackSource
from cocreate.support import actions as support_actions
from cocreate.support.access import is_org_staff
from cocreate.support.models import Function, SupportType

from .models import (
    READY_MAX,
    READY_MIN,
    ConsentHow,
    FocusGroup,
    GroupStatus,
    GuideQuestion,
    Help,
    Participant,
    QuestionStatus,
    Theme,
)

GROUP_FIELDS = {
    "kind",
    "title",
    "goals",
    "hear_from",
    "held_on",
    "starts_at",
    "duration_minutes",
    "place",
    "modality",
    "language",
    "other_languages",
    "helps",
    "help_notes",
    "facilitator_partner",
    "facilitator_user",
    "co_facilitator",
    "run_by_intermediary",
}

KINDS = [
    NotificationKind(
        "listening_facilitator",
        70,
        gettext_lazy("You are named to facilitate a focus group or listening session"),
        "listening/notifications/facilitator",
    ),
    NotificationKind(
        "listening_guide_open",
        71,
        gettext_lazy("A session's questions are open for your ideas"),
        "listening/notifications/guide_open",
    ),
    NotificationKind(
        "listening_invited",
        72,
        gettext_lazy("You are invited to a focus group or listening session"),
        "listening/notifications/invited",
    ),
]


def register_kinds() -> None:
    for kind in KINDS:
        notification_kinds.register(kind)


# Reads the writes need ---------------------------------------------------------------------------------


def guide_readiness(accepted: int) -> str:
    """ "ready", or a sentence saying why the guide is not (a warning: it never blocks)."""
    if READY_MIN <= accepted <= READY_MAX:
        return ""
    if accepted < READY_MIN:
        return _("The guide has %(n)s accepted questions: five or six leave time for everyone to speak.") % {
            "n": accepted
        }
    return _("The guide has %(n)s accepted questions: more than six rarely fit one session.") % {
        "n": accepted
    }


def facilitator_users(group: FocusGroup) -> list[User]:
    people = [group.facilitator_user, group.co_facilitator]
    if group.facilitator_partner is not None and group.facilitator_partner.user is not None:
        people.append(group.facilitator_partner.user)
    return [p for p in people if p is not None]


def facilitates(group: FocusGroup, user) -> bool:
    """Is this person one of the session's facilitators (a parent facilitator through her partner record)?"""
    if user is None or not user.is_authenticated:
        return False
    if user.pk in (group.facilitator_user_id, group.co_facilitator_id):
        return True
    partner = group.facilitator_partner
    return partner is not None and partner.user_id == user.pk


def unsettled(group: FocusGroup) -> list[Participant]:
    return [p for p in group.participants.select_related("partner") if not p.settled]


def notes_blocked(group: FocusGroup) -> str:
    """Why notes cannot be taken now, or ""."""
    if group.status == GroupStatus.PLANNED:
        return _("Notes are taken once the session is marked as held.")
    waiting = unsettled(group)
    if waiting:
        return _(
            "Before notes, record for each person invited whether they came and, if they did, whether "
            "they agreed to be noted (%(n)s still to do)."
        ) % {"n": len(waiting)}
    return ""


# Groups ------------------------------------------------------------------------------------------------


def _check_group(community: Community, fields: dict) -> None:
    errors: dict[str, str] = {}
    if "title" in fields and not (fields.get("title") or "").strip():
        errors["title"] = _("Give the session a title.")
    if "goals" in fields and not (fields.get("goals") or "").strip():
        errors["goals"] = _("Say what you want to learn: it is what the questions will serve.")
    if "held_on" in fields and fields.get("held_on") is None:
        errors["held_on"] = _("Give the date.")
    minutes = fields.get("duration_minutes")
    if "duration_minutes" in fields and (minutes is None or not 10 <= minutes <= 600):
        errors["duration_minutes"] = _("A session lasts between 10 and 600 minutes.")
    if set(fields.get("helps") or []) - set(Help.values):
        errors["helps"] = _("Choose among the options.")
    partner: Partner | None = fields.get("facilitator_partner")
    if partner is not None and (partner.community_id != community.pk or partner.erased_at is not None):
        errors["facilitator_partner"] = _("Choose a partner of this community.")
    for name in ("facilitator_user", "co_facilitator"):
        user = fields.get(name)
        if (
            user is not None
            and not Membership.objects.filter(organization_id=community.organization_id, user=user).exists()
        ):
            errors[name] = _("Choose a member of this organization.")
    if errors:
        raise WriteError(errors)


def _notify_facilitators(group: FocusGroup, before: set[int]) -> None:
    named = [u for u in facilitator_users(group) if u.pk not in before]
    if named:
        notify(
            kind="listening_facilitator",
            recipients=named,
            organization=group.community.organization,
            community=group.community,
            key=f"listening:{group.pk}:facilitator",
            url=group.url(),
            context={"title": group.title, "community": group.community.name, "date": group.held_on},
        )


@transaction.atomic
def do_plan_group(community: Community, *, acting_user, **fields) -> FocusGroup:
    """Plan a focus group or listening session; the facilitators named are told."""
    unknown = set(fields) - GROUP_FIELDS
    if unknown:
        raise TypeError(f"unknown focus group fields: {sorted(unknown)}")
    fields.setdefault("title", "")
    fields.setdefault("goals", "")
    fields.setdefault("held_on", None)
    _check_group(community, fields)
    group = FocusGroup(
        organization_id=community.organization_id,
        community=community,
        created_by=acting_user,
        **{k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()},
    )
    group._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    group.save()
    _notify_facilitators(group, set())
    return group


def _hours(minutes: int) -> Decimal:
    hours = (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return min(max(hours, Decimal("0.1")), Decimal("24"))


@transaction.atomic
def do_update_group(group: FocusGroup, *, acting_user, version: int | None = None, **fields) -> FocusGroup:
    """Change the plan. A held session's support event follows its date and length; when the support
    log refuses (a date in the future), nothing is saved and the reason is given."""
    unknown = set(fields) - GROUP_FIELDS
    if unknown:
        raise TypeError(f"unknown focus group fields: {sorted(unknown)}")
    _check_group(group.community, fields)
    before = {u.pk for u in facilitator_users(group)}
    claim_edit(group, version)
    for name, value in fields.items():
        setattr(group, name, value.strip() if isinstance(value, str) else value)
    group.updated_at = timezone.now()
    group._history_user = acting_user  # type: ignore[attr-defined]
    group.save()
    if group.support_event_id is not None:
        try:
            _sync_event(group, acting_user)
        except WriteError as refused:
            raise WriteError(
                {
                    "duration_minutes": _(
                        "The support log's event for this session could not follow this change: %(why)s"
                    )
                    % {"why": refused.text}
                }
            ) from refused
    _notify_facilitators(group, before)
    return group


@transaction.atomic
def do_open_guide(group: FocusGroup, *, acting_user) -> FocusGroup:
    """Open the guide for partners' questions and tell the community's partners (once)."""
    group = lock(group)
    if group.guide_open:
        return group
    group.guide_open = True
    group._history_user = acting_user  # type: ignore[attr-defined]
    group.save(update_fields=["guide_open"])
    partners = User.objects.filter(
        memberships__community_id=group.community_id, memberships__role=PARTNER
    ).distinct()
    notify(
        kind="listening_guide_open",
        recipients=list(partners),
        organization=group.community.organization,
        community=group.community,
        key=f"listening:{group.pk}:guide",
        url=group.url("guide"),
        context={"title": group.title, "community": group.community.name},
    )
    return group


# The guide ---------------------------------------------------------------------------------------------


def _check_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise WriteError({"text": _("Write the question.")})
    return text


@transaction.atomic
def do_propose_question(group: FocusGroup, *, acting_user, text: str, text_es: str = "") -> GuideQuestion:
    """Add a question to the guide, as proposed (partners and staff: the guide is written together)."""
    text = _check_text(text)
    if group.status != GroupStatus.PLANNED:
        raise WriteError(_("The session has taken place: its guide no longer changes."))
    last = group.questions.aggregate(m=Max("position"))["m"] or 0
    question = GuideQuestion(
        organization_id=group.organization_id,
        community_id=group.community_id,
        group=group,
        text=text,
        text_es=(text_es or "").strip(),
        position=last + 1,
        proposed_by=acting_user,
    )
    question._history_user = acting_user  # type: ignore[attr-defined]
    question.save()
    return question


def may_edit_question(question: GuideQuestion, *, staff: bool) -> bool:
    """Staff edit any question of a planned session; partners the ones still proposed (co-design)."""
    if question.group.status != GroupStatus.PLANNED:
        return False
    return staff or question.status == QuestionStatus.PROPOSED


@transaction.atomic
def do_update_question(
    question: GuideQuestion, *, acting_user, version: int | None = None, staff: bool = True, **fields
) -> GuideQuestion:
    """Change a question's wording (and its Spanish wording)."""
    if not may_edit_question(question, staff=staff):
        raise WriteError(_("This question is settled: ask the team to change it."))
    if "text" in fields:
        fields["text"] = _check_text(fields["text"])
    claim_edit(question, version)
    for name in ("text", "text_es"):
        if name in fields:
            setattr(question, name, (fields[name] or "").strip())
    question._history_user = acting_user  # type: ignore[attr-defined]
    question.save()
    return question


@transaction.atomic
def do_set_question_status(question: GuideQuestion, *, acting_user, status: str) -> GuideQuestion:
    """Accept or drop a question (or bring a dropped one back as proposed). Repeats change nothing."""
    if status not in QuestionStatus.values:
        raise WriteError({"status": _("Choose one of the options.")})
    question = lock(question)
    if question.status != status:
        question.status = status
        question._history_user = acting_user  # type: ignore[attr-defined]
        question.save(update_fields=["status"])
    return question


@transaction.atomic
def do_move_question(question: GuideQuestion, *, acting_user, up: bool) -> GuideQuestion:
    """Swap a question with the one before (or after) it in the guide."""
    group = lock(question.group)
    ordered = list(group.questions.order_by("position", "pk"))
    index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
        for position, q in enumerate(ordered, start=1):
            q.position = position
        GuideQuestion.objects.bulk_update(ordered, ["position"])
    return question


# Participants and consent ------------------------------------------------------------------------------


@transaction.atomic
def do_add_participants(group: FocusGroup, *, acting_user, partners) -> list[Participant]:
    """Invite partners of the community; those invited already stay as they were. Those who sign in
    are told the date."""
    partners = list(partners)
    if any(p.community_id != group.community_id or p.erased_at is not None for p in partners):
        raise WriteError({"partners": _("Choose partners of this community.")})
    have = set(group.participants.values_list("partner_id", flat=True))
    new = [
        Participant(
            organization_id=group.organization_id,
            community_id=group.community_id,
            group=group,
            partner=p,
            partner_type=p.partner_type,
            lived_experience=p.lived_experience,
        )
        for p in dict.fromkeys(partners)
        if p.pk not in have
    ]
    Participant.objects.bulk_create(new)
    people = [p.partner.user for p in new if p.partner.user_id]
    if people:
        notify(
            kind="listening_invited",
            recipients=people,
            organization=group.community.organization,
            community=group.community,
            key=f"listening:{group.pk}:invited:{group.held_on.isoformat()}",
            url=group.url(),
            context={
                "title": group.title,
                "community": group.community.name,
                "date": date_format(group.held_on, "DATE_FORMAT"),
                "place": group.place,
            },
        )
    return new


@transaction.atomic
def do_remove_participant(participant: Participant, *, acting_user) -> None:
    participant._history_user = acting_user  # type: ignore[attr-defined]
    participant.delete()


@transaction.atomic
def do_record_consent(
    participant: Participant,
    *,
    acting_user,
    attended: bool | None,
    consent: bool | None = None,
    how: str = "",
) -> Participant:
    """Record whether a person came and, if they did, whether they agreed to be noted and how they said
    so. Someone who did not come has no consent to record."""
    if attended and consent is not None and how not in ConsentHow.values:
        raise WriteError({"how": _("Say how they agreed or declined: aloud, on a form or online.")})
    participant = lock(participant)
    participant.attended = attended
    if attended:
        participant.consent = consent
        participant.consent_how = how if consent is not None else ""
    else:
        participant.consent, participant.consent_how = None, ""
    participant.consent_recorded_by = acting_user
    participant.consent_recorded_at = timezone.now()
    participant._history_user = acting_user  # type: ignore[attr-defined]
    participant.save()
    return participant


# Holding the session -----------------------------------------------------------------------------------


def _event_details(group: FocusGroup, acting_user) -> dict:
    staff = [u for u in (group.facilitator_user, group.co_facilitator) if u is not None]
    staff = [u for u in staff if is_org_staff(group.organization_id, [u.pk])]
    if not staff and acting_user is not None and is_org_staff(group.organization_id, [acting_user.pk]):
        staff = [acting_user]
    partners = [p.partner for p in group.participants.select_related("partner") if p.attended]
    if group.facilitator_partner is not None and group.facilitator_partner not in partners:
        partners.append(group.facilitator_partner)
    return {
        "date": group.held_on,
        "hours": _hours(group.duration_minutes),
        "event_type": SupportType.LISTENING,
        "function": Function.PEC,
        "modality": group.modality,
        "facilitators": staff,
        "attendee_partners": partners,
        "summary": group.title,
    }


def _sync_event(group: FocusGroup, acting_user) -> None:
    event = group.support_event
    assert event is not None
    details = _event_details(group, acting_user)
    details["facilitators"] = details["facilitators"] or list(event.facilitators.all())
    support_actions.do_update_support_event(event, acting_user=acting_user, **details)


@transaction.atomic
def do_mark_held(group: FocusGroup, *, acting_user) -> FocusGroup:
    """The session took place. When the intermediary ran it, its support event is logged (once), so it
    counts in the community's dosage."""
    group = lock(group)
    if group.status != GroupStatus.PLANNED:
        return group
    if group.held_on > timezone.localdate():
        raise WriteError(_("The session's date is still to come: change the date if it was held earlier."))
    group.status = GroupStatus.HELD
    if group.run_by_intermediary and group.support_event_id is None:
        try:
            group.support_event = support_actions.do_log_support_event(
                group.community, acting_user=acting_user, **_event_details(group, acting_user)
            )
        except WriteError as refused:
            raise WriteError(
                _("The session could not be logged as support: %(why)s") % {"why": refused.text}
            ) from refused
    group.updated_at = timezone.now()
    group._history_user = acting_user  # type: ignore[attr-defined]
    group.save(update_fields=["status", "support_event", "updated_at"])
    return group


@transaction.atomic
def do_refresh_support_event(group: FocusGroup, *, acting_user) -> FocusGroup:
    """After attendance is recorded: the support event lists who came."""
    if group.support_event_id is not None:
        _sync_event(group, acting_user)
    return group


@transaction.atomic
def do_close_group(group: FocusGroup, *, acting_user) -> FocusGroup:
    group = lock(group)
    if group.status == GroupStatus.HELD:
        group.status = GroupStatus.CLOSED
        group._history_user = acting_user  # type: ignore[attr-defined]
        group.save(update_fields=["status"])
    return group


@transaction.atomic
def do_record_notes(
    question: GuideQuestion, *, acting_user, notes: str, version: int | None = None
) -> GuideQuestion:
    """What was said in answer to one question. Refused until the consent rule is met; a note-taker
    who started from an older version is refused (StaleEdit) with her text kept."""
    group = question.group
    if question.status != QuestionStatus.ACCEPTED:
        raise WriteError(_("Notes go with the questions of the guide."))
    if why := notes_blocked(group):
        raise WriteError({"notes": why})
    claim_edit(question, version)
    question.notes = (notes or "").strip()
    question.notes_by = acting_user
    question.notes_at = timezone.now()
    question._history_user = acting_user  # type: ignore[attr-defined]
    question.save()
    return question


# Themes and closing the loop ---------------------------------------------------------------------------


@transaction.atomic
def do_add_theme(
    group: FocusGroup, *, acting_user, name: str, summary: str, question: GuideQuestion | None = None
) -> Theme:
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("Name the theme in a few words.")
    if not (summary or "").strip():
        errors["summary"] = _("Say what was heard.")
    if question is not None and question.group_id != group.pk:
        errors["question"] = _("Choose a question of this session.")
    if group.status == GroupStatus.PLANNED:
        errors["__all__"] = _("Themes come after the session is held.")
    if errors:
        raise WriteError(errors)
    theme = Theme(
        organization_id=group.organization_id,
        community_id=group.community_id,
        group=group,
        name=name.strip(),
        summary=summary.strip(),
        question=question,
        created_by=acting_user,
    )
    theme._history_user = acting_user  # type: ignore[attr-defined]
    theme.save()
    return theme


@transaction.atomic
def do_theme_to_feedback(theme: Theme, *, acting_user) -> FeedbackItem:
    """Put a theme on the community's "you said, we did" list, as said anonymously at a listening
    session. Once: a repeat returns the item already made."""
    theme = lock(theme)
    if theme.feedback_id is not None:
        return FeedbackItem.objects.get(pk=theme.feedback_id)
    group = theme.group
    item = do_record_feedback(
        group.community,
        acting_user=acting_user,
        said=f"{theme.name}: {theme.summary}",
        anonymous=True,
        source=FeedbackSource.LISTENING,
        said_on=min(group.held_on, timezone.localdate()),
    )
    theme.feedback = item
    theme._history_user = acting_user  # type: ignore[attr-defined]
    theme.save(update_fields=["feedback"])
    return item


def feedback_url(theme: Theme, org_slug: str, community_slug: str) -> str:
    return reverse("planning:feedback_item", args=[org_slug, community_slug, theme.feedback_id])
