"""Writes for shared agreements and decisions. The pages, the API and the tests all call these."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from cocreate.accounts.models import User
from cocreate.core import translations, versioned
from cocreate.core.concurrency import claim_edit
from cocreate.core.errors import WriteError
from cocreate.core.models import Community
from cocreate.partners.models import Partner
from cocreate.planning.models import Action

from . import notifications
from .models import (
    ANSWER_COLUMNS,
    MAX_ANSWER_LENGTH,
    NO_OBJECTION_METHODS,
    OBJECTING,
    Acknowledgement,
    AgendaItem,
    AgreementAnswer,
    AgreementQuestion,
    AgreementVersion,
    Attendee,
    CalendarFeed,
    Decision,
    DecisionAction,
    Meeting,
    MeetingRole,
    MeetingStatus,
    Method,
    Outcome,
    Participant,
    Position,
    RoleAssignment,
    new_feed_token,
)
from .roles import PastRole, suggest_roles

# Shared agreements -----------------------------------------------------------------------------------


def current_version(community: Community) -> AgreementVersion | None:
    """The latest published version of the community's agreement, or None."""
    return versioned.current(AgreementVersion, community)


def draft_of(community: Community) -> AgreementVersion | None:
    return versioned.draft_of(AgreementVersion, community)


def unanswered(answers: dict[str, dict[str, str]]) -> list[str]:
    """The questions with nothing written in any column, in the toolkit's order (their labels)."""
    return [
        str(q.label)
        for q in AgreementQuestion
        if not any((answers.get(q.value) or {}).get(col, "").strip() for col in ANSWER_COLUMNS)
    ]


@transaction.atomic
def do_save_agreement_draft(
    community: Community,
    *,
    acting_user: User,
    answers: dict[str, dict[str, str]],
    started_from: str | None = None,
) -> AgreementVersion:
    """Write the team's words into the community's draft (made on first save). Published versions stay
    as they were; a draft may be incomplete. `started_from` is the state the editor started from
    (`versioned.token_of`): a stale one is refused (`versioned.StaleDraft`) and nothing is written."""
    errors = {
        f"{question}_{col}": _("Keep this to %(n)d characters.") % {"n": MAX_ANSWER_LENGTH}
        for question, columns in answers.items()
        for col, text in columns.items()
        if len(text or "") > MAX_ANSWER_LENGTH
    }
    unknown = set(answers) - set(AgreementQuestion.values)
    if unknown or errors:
        raise WriteError(errors or {"__all__": _("Unknown question.")})
    draft = versioned.open_draft(
        AgreementVersion, community, acting_user=acting_user, started_from=started_from
    )
    existing = {a.question: a for a in draft.answers.all()}
    last = (
        versioned.current(AgreementVersion, community)
        if len(existing) < len(AgreementQuestion.values)
        else None
    )
    previous = {a.question: a for a in last.answers.all()} if last is not None else {}
    for question in AgreementQuestion.values:
        columns = {col: (answers.get(question) or {}).get(col, "").strip() for col in ANSWER_COLUMNS}
        answer = existing.get(question)
        if answer is None:
            answer = AgreementAnswer.objects.create(
                organization_id=community.organization_id,
                community=community,
                version=draft,
                question=question,
                **columns,
            )
            if question in previous:  # the next version keeps the versions made of the one before
                translations.carry_over(previous[question], answer)
            else:
                translations.record_original(answer)
        elif any(getattr(answer, col) != text for col, text in columns.items()):
            for col, text in columns.items():
                setattr(answer, col, text)
            answer.save()
    return draft


def _check_answered(draft: AgreementVersion) -> None:
    answers = {a.question: {col: getattr(a, col) for col in ANSWER_COLUMNS} for a in draft.answers.all()}
    if missing := unanswered(answers):
        raise WriteError(
            {
                "__all__": ngettext(
                    "Answer every question before publishing. Still empty: %(questions)s",
                    "Answer every question before publishing. Still empty: %(questions)s",
                    len(missing),
                )
                % {"questions": "; ".join(missing)}
            }
        )


@transaction.atomic
def do_publish_agreement(
    community: Community, *, acting_user: User, based_on: int | None = None
) -> AgreementVersion:
    """Publish the draft as the next version. Acknowledgements belong to a version, so from now on the
    page asks everyone to acknowledge again; earlier versions stay readable. With `based_on` (the
    version the person saw), a publish that someone else's beat returns that version: a burst of the
    same publish makes one version."""
    version = versioned.publish(
        AgreementVersion,
        community,
        acting_user=acting_user,
        based_on=based_on,
        check=_check_answered,
        no_draft=_("There is no draft to publish. Edit the agreement first."),
    )
    version.community = community
    notifications.agreement_published(version, acting_user)  # keyed by version: a repeat tells nobody again
    return version


@transaction.atomic
def do_acknowledge_agreement(version: AgreementVersion, *, acting_user: User) -> Acknowledgement:
    """Record "I have read and agree" for the current version (once; a second time changes nothing)."""
    if version.number is None or current_version(version.community) != version:
        raise WriteError(
            {"__all__": _("A newer version of the agreement has been published: read that one.")}
        )
    ack, _created = Acknowledgement.objects.get_or_create(
        version=version,
        user=acting_user,
        defaults={"organization_id": version.organization_id, "community_id": version.community_id},
    )
    return ack


# Decisions -------------------------------------------------------------------------------------------


def participant_key(partner: Partner | None, user: User | None) -> str:
    """How the forms name a participant's fields: "p12" for partner 12, "u7" for user 7."""
    if partner is not None:
        return f"p{partner.pk}"
    assert user is not None  # a participant is a partner or a user
    return f"u{user.pk}"


@dataclass
class Taking:
    """One person's part in an open decision, as the form or the API hands it over."""

    position: str
    partner: Partner | None = None
    user: User | None = None
    reason: str = ""
    resolution: str = ""

    @property
    def key(self) -> str:
        return participant_key(self.partner, self.user)

    @property
    def name(self) -> str:
        if self.partner is not None:
            return self.partner.name
        assert self.user is not None  # a partner or a user takes part
        return self.user.display_name


@dataclass
class DecisionDetails:
    title: str
    method: str
    outcome: str
    decided_on: date | None
    proposal: str = ""
    rationale: str = ""
    decider: User | None = None
    visible_to_community: bool = True
    published: bool = False
    secret_vote: bool = False
    votes: dict[str, int | None] = field(default_factory=dict)
    participants: list[Taking] = field(default_factory=list)
    plan_actions: list[Action] = field(default_factory=list)
    meeting: Meeting | None = None


def unresolved_objection_message(names: list[str]) -> str:
    return ngettext(
        "%(names)s objects and the objection is not resolved. Write how it was resolved, or record "
        "the outcome as not adopted or deferred: with consent or consensus, a proposal is adopted "
        "only when no objection stands.",
        "%(names)s object and their objections are not resolved. Write how each was resolved, or "
        "record the outcome as not adopted or deferred: with consent or consensus, a proposal is "
        "adopted only when no objection stands.",
        len(names),
    ) % {"names": ", ".join(names)}


def check_decision(
    community: Community, d: DecisionDetails, decision: Decision | None = None
) -> dict[str, str]:
    """Why these details cannot be recorded, as {field: message} (empty when they can)."""
    errors: dict[str, str] = {}
    if not d.title.strip():
        errors["title"] = _("Say in a line what was proposed.")
    if d.method not in Method.values:
        errors["method"] = _("Choose how the decision was made.")
    if d.outcome not in Outcome.values:
        errors["outcome"] = _("Choose the outcome.")
    if d.decided_on is None:
        errors["decided_on"] = _("Enter the date of the decision.")
    elif d.decided_on > timezone.localdate():
        errors["decided_on"] = _("Record a decision once it has been taken: this date is in the future.")
    if d.method == Method.DELEGATED and d.decider is None:
        errors["decider"] = _("Choose the person who decided after consulting the team.")
    if d.secret_vote and d.method != Method.MAJORITY:
        errors["secret_vote"] = _("Only a majority vote can be secret.")
    if decision is not None and decision.secret_vote != d.secret_vote:
        errors["secret_vote"] = (
            _("A secret vote stays secret: record a new decision to change how people voted.")
            if decision.secret_vote
            else _("An open decision cannot become a secret vote: people's positions are already recorded.")
        )
    if d.secret_vote:
        if d.participants:
            errors["participants"] = _(
                "In a secret vote only the counts are recorded: leave everyone's position empty."
            )
        counts = [d.votes.get(p) for p in Position.values]
        if any(n is not None and n < 0 for n in counts):
            errors["votes"] = _("Counts cannot be negative.")
        elif not sum(n or 0 for n in counts):
            errors["votes"] = _("Enter how many people voted each way.")
    keys = [t.key for t in d.participants]
    if len(keys) != len(set(keys)):
        errors["participants"] = _("Each person takes part once.")
    for t in d.participants:
        if t.position not in Position.values:
            errors[f"position_{t.key}"] = _("Choose a position.")
        if t.partner is not None and t.partner.community_id != community.pk:
            errors["participants"] = _("Only partners of this community can take part.")
        if t.position == Position.BLOCK and d.method != Method.CONSENT:
            errors[f"position_{t.key}"] = _("Blocking is for proposals decided by consent.")
        if t.position in OBJECTING and not t.reason.strip():
            errors[f"reason_{t.key}"] = _("An objection needs a reason: what is the concern?")
    if d.meeting is not None and d.meeting.community_id != community.pk:
        errors["meeting"] = _("Only a meeting of this community can be linked.")
    elif d.meeting is not None and d.decided_on is not None:
        held_on = timezone.localdate(d.meeting.starts_at)
        if held_on > timezone.localdate():
            errors["meeting"] = _(
                "This meeting is on %(date)s: record the decisions taken in it once it has been held."
            ) % {"date": date_format(held_on, "DATE_FORMAT")}
        elif d.decided_on < held_on:
            errors["decided_on"] = _(
                "The decision was taken in the meeting of %(date)s: it cannot be dated earlier."
            ) % {"date": date_format(held_on, "DATE_FORMAT")}
    if any(a.community_id != community.pk for a in d.plan_actions):
        errors["plan_actions"] = _("Only actions of this community's plan can be linked.")
    if d.method in NO_OBJECTION_METHODS and d.outcome == Outcome.ADOPTED:
        resolved = (
            {p.person_key for p in decision.participants.all() if p.resolved_by_id} if decision else set()
        )
        names = [
            t.name
            for t in d.participants
            if t.position in OBJECTING and not t.resolution.strip() and t.key not in resolved
        ]
        if names:
            errors["outcome"] = unresolved_objection_message(names)
    return errors


def _write_participants(decision: Decision, takings: list[Taking]) -> None:
    existing = {
        participant_key(p.partner, p.user): p for p in decision.participants.select_related("partner")
    }
    wanted = {t.key: t for t in takings}
    row: Participant | None
    for key, row in existing.items():
        if key not in wanted:
            row.delete()
    for key, t in wanted.items():
        objecting = t.position in OBJECTING
        values = {
            "position": t.position,
            "reason": t.reason.strip() if objecting else "",
            "resolution": t.resolution.strip() if objecting else "",
        }
        row = existing.get(key)
        if row is None:
            Participant.objects.create(
                organization_id=decision.organization_id,
                community_id=decision.community_id,
                decision=decision,
                partner=t.partner,
                user=t.user if t.partner is None else None,
                partner_type=t.partner.partner_type if t.partner is not None else "",
                **values,
            )
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            row.save()


def _write_actions(decision: Decision, actions: list[Action]) -> None:
    wanted = {a.pk for a in actions}
    have = set(decision.action_rows.values_list("action_id", flat=True))
    decision.action_rows.exclude(action_id__in=wanted).delete()
    DecisionAction.objects.bulk_create(
        DecisionAction(
            organization_id=decision.organization_id,
            community_id=decision.community_id,
            decision=decision,
            action_id=pk,
        )
        for pk in sorted(wanted - have)
    )


def _apply(decision: Decision, d: DecisionDetails) -> None:
    decision.title = d.title.strip()
    decision.proposal = d.proposal.strip()
    decision.method = d.method
    decision.decider = d.decider if d.method == Method.DELEGATED else None
    assert d.decided_on is not None  # validated before
    decision.decided_on = d.decided_on
    decision.outcome = d.outcome
    decision.rationale = d.rationale.strip()
    decision.visible_to_community = d.visible_to_community
    decision.published = d.published
    decision.secret_vote = d.secret_vote
    decision.meeting = d.meeting
    for position in Position.values:
        setattr(decision, f"votes_{position}", (d.votes.get(position) or 0) if d.secret_vote else None)


@transaction.atomic
def do_record_decision(community: Community, *, acting_user: User, details: DecisionDetails) -> Decision:
    """Record a decision the team took. With a secret vote only the counts are kept: no row names a voter."""
    if errors := check_decision(community, details):
        raise WriteError(errors)
    decision = Decision(
        organization_id=community.organization_id, community=community, recorded_by=acting_user
    )
    _apply(decision, details)
    decision.save()
    translations.record_original(decision)
    if not details.secret_vote:
        _write_participants(decision, details.participants)
    _write_actions(decision, details.plan_actions)
    return decision


@transaction.atomic
def do_update_decision(
    decision: Decision, *, acting_user: User, details: DecisionDetails, version: int | None = None
) -> Decision:
    """Correct a recorded decision (the history keeps what it said before, and who changed it). An
    edit started from an older `version` raises StaleEdit. An open proposal is changed and closed
    through `proposals.py` instead."""
    if decision.is_open:
        raise WriteError({"__all__": _("This proposal is still open: close it to record the outcome.")})
    if errors := check_decision(decision.community, details, decision):
        raise WriteError(errors)
    claim_edit(decision, version)
    decision._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    _apply(decision, details)
    decision.updated_at = timezone.now()
    decision.save()
    if not details.secret_vote:
        _write_participants(decision, details.participants)
    _write_actions(decision, details.plan_actions)
    return decision


# Meetings -------------------------------------------------------------------------------------------

MAX_AGENDA_MINUTES = 600


@dataclass
class AgendaLine:
    title: str
    owner: str = ""  # a person key, or "" for nobody in particular
    duration: int | None = None


@dataclass
class MeetingDetails:
    """A meeting as the form or the API hands it over. People are person keys ("p12", "u7")."""

    title: str
    starts_at: datetime | None
    ends_at: datetime | None
    place: str = ""
    online_link: str = ""
    status: str = MeetingStatus.PLANNED
    attendees: list[str] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)
    agenda: list[AgendaLine] = field(default_factory=list)


def check_meeting(d: MeetingDetails, people: dict[str, tuple]) -> dict[str, str]:
    """Why these details cannot be saved, as {field: message}. `people` are those who may be invited."""
    from .models import http_or_https

    errors: dict[str, str] = {}
    if not d.title.strip():
        errors["title"] = _("Give the meeting a title.")
    if d.starts_at is None:
        errors["starts_at"] = _("Enter when the meeting starts.")
    if d.ends_at is None:
        errors["ends_at"] = _("Enter when the meeting ends.")
    elif d.starts_at is not None and d.ends_at <= d.starts_at:
        errors["ends_at"] = _("The meeting must end after it starts.")
    if d.online_link:
        try:
            http_or_https(d.online_link)
        except ValidationError:
            errors["online_link"] = _("Enter a web address starting with https:// (or http://).")
    if not d.place.strip() and not d.online_link.strip():
        errors["place"] = _("Say where the meeting is, or give the link to join it online.")
    if d.status not in MeetingStatus.values:
        errors["status"] = _("Choose a status.")
    elif d.status == MeetingStatus.HELD and d.starts_at is not None and d.starts_at > timezone.now():
        errors["status"] = _("A meeting can be recorded as held once it has started.")
    if any(key not in people for key in d.attendees):
        errors["attendees"] = _("Only partners and members of this community can be invited.")
    for role, key in d.roles.items():
        if role not in MeetingRole.values:
            errors["roles"] = _("Unknown role.")
        elif key and key not in d.attendees:
            errors[f"role_{role}"] = _("Choose someone who is invited to this meeting.")
    for i, line in enumerate(d.agenda):
        if line.owner and line.owner not in people:
            errors[f"item-{i}-owner"] = _("Only partners and members of this community can lead an item.")
        if line.duration is not None and not 0 < line.duration <= MAX_AGENDA_MINUTES:
            errors[f"item-{i}-duration"] = _("Between 1 and %(n)d minutes.") % {"n": MAX_AGENDA_MINUTES}
    return errors


def one_per_person(keys: list[str], people: dict[str, tuple]) -> list[str]:
    """`keys` in order, each person once: a sign-in ("u7") whose partner record ("p12") is also chosen
    counts as that partner, so nobody is invited, or counted as attending, twice."""
    chosen_partners_users = {
        people[key][1].user_id for key in keys if key in people and people[key][1] is not None
    }
    return [
        key
        for key in dict.fromkeys(keys)
        if not (key in people and people[key][2] is not None and people[key][2].pk in chosen_partners_users)
    ]


def _person(key: str, people: dict[str, tuple]) -> dict:
    _name, partner, user = people[key]
    return {"partner": partner, "user": user if partner is None else None}


def _write_meeting_people(meeting: Meeting, d: MeetingDetails, people: dict[str, tuple]) -> None:
    scope = {"organization_id": meeting.organization_id, "community_id": meeting.community_id}
    existing = {a.person_key: a for a in meeting.attendees.all()}
    wanted = one_per_person(d.attendees, people)
    for key, attendee in existing.items():
        if key not in wanted:
            attendee.delete()
    # One insert (and one for their history) however many are invited: a meeting for a whole community
    # of 200 partners is saved, and its notifications queued, within the request's second.
    bulk_create_with_history(
        [Attendee(meeting=meeting, **scope, **_person(key, people)) for key in wanted if key not in existing],
        Attendee,
        batch_size=500,
        default_user=getattr(meeting, "_history_user", None),
    )
    holders = {r.role: r for r in meeting.roles.all()}
    for role in MeetingRole.values:
        key, row = d.roles.get(role) or "", holders.get(role)
        if not key:
            if row is not None:
                row.delete()
        elif row is None:
            RoleAssignment.objects.create(meeting=meeting, role=role, **scope, **_person(key, people))
        elif row.person_key != key:
            person = _person(key, people)
            row.partner, row.user = person["partner"], person["user"]
            row.save()
    items = list(meeting.agenda_items.all())
    lines = [line for line in d.agenda if line.title.strip()]
    for i, line in enumerate(lines):
        owner = _person(line.owner, people) if line.owner else {"partner": None, "user": None}
        values = {
            "position": i,
            "title": line.title.strip(),
            "owner_partner": owner["partner"],
            "owner_user": owner["user"],
            "duration": line.duration,
        }
        if i < len(items):
            item = items[i]
            if (item.position, item.title, item.owner_key, item.duration) != (
                i,
                values["title"],
                line.owner,
                line.duration,
            ):
                for k, v in values.items():
                    setattr(item, k, v)
                item.save()
        else:
            translations.record_original(AgendaItem.objects.create(meeting=meeting, **scope, **values))
    for item in items[len(lines) :]:
        item.delete()


def _apply_meeting(meeting: Meeting, d: MeetingDetails) -> None:
    meeting.title = d.title.strip()
    assert d.starts_at is not None and d.ends_at is not None  # validated before
    meeting.starts_at, meeting.ends_at = d.starts_at, d.ends_at
    meeting.place = d.place.strip()
    meeting.online_link = d.online_link.strip()
    meeting.status = d.status


@transaction.atomic
def do_create_meeting(
    community: Community, *, acting_user: User, details: MeetingDetails, people: dict[str, tuple]
) -> Meeting:
    """Plan a meeting: its time and place, who is invited, the roles and the agenda."""
    if errors := check_meeting(details, people):
        raise WriteError(errors)
    meeting = Meeting(organization_id=community.organization_id, community=community, created_by=acting_user)
    meeting._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    _apply_meeting(meeting, details)
    meeting.save()
    translations.record_original(meeting)
    _write_meeting_people(meeting, details, people)
    notifications.meeting_planned(meeting, acting_user)
    return meeting


@transaction.atomic
def do_update_meeting(
    meeting: Meeting,
    *,
    acting_user: User,
    details: MeetingDetails,
    people: dict[str, tuple],
    version: int | None = None,
) -> Meeting:
    """Change a planned meeting; an edit started from an older `version` raises StaleEdit."""
    if errors := check_meeting(details, people):
        raise WriteError(errors)
    claim_edit(meeting, version)
    meeting._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    before = notifications.when_and_where(meeting)
    _apply_meeting(meeting, details)
    meeting.updated_at = timezone.now()
    meeting.save()
    _write_meeting_people(meeting, details, people)
    notifications.meeting_updated(meeting, before, acting_user)
    return meeting


PREP_FIELDS = (
    "prep_with",
    "prep_on",
    "prep_agenda_agreed",
    "prep_accessibility",
    "prep_childcare",
    "prep_interpretation",
    "prep_notes",
)
DEBRIEF_FIELDS = ("debrief_worked", "debrief_change", "debrief_follow_ups")


@transaction.atomic
def do_save_prep(meeting: Meeting, *, acting_user: User, version: int | None = None, **prep) -> Meeting:
    """Note the prep with community leaders: who met and when, whether the agenda is agreed, and what
    is arranged for access, childcare and interpretation. A stale `version` raises StaleEdit."""
    unknown = set(prep) - set(PREP_FIELDS)
    if unknown:
        raise WriteError({"__all__": _("Unknown field.")})
    claim_edit(meeting, version)
    meeting._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    for name, value in prep.items():
        setattr(meeting, name, value.strip() if isinstance(value, str) else value)
    meeting.updated_at = timezone.now()
    meeting.save()
    return meeting


@transaction.atomic
def do_record_minutes(
    meeting: Meeting,
    *,
    acting_user: User,
    minutes: str,
    status: str,
    version: int | None = None,
    came: list[str] | None = None,
    **debrief,
) -> Meeting:
    """Record what happened (the minutes, whether it was held) and the short debrief after it; with
    `came` (person keys of those invited), who came — the others are recorded as absent. A stale
    `version` raises StaleEdit."""
    errors = {}
    if status not in MeetingStatus.values:
        errors["status"] = _("Choose a status.")
    elif status == MeetingStatus.HELD and meeting.starts_at > timezone.now():
        errors["status"] = _("A meeting can be recorded as held once it has started.")
    if set(debrief) - set(DEBRIEF_FIELDS):
        errors["__all__"] = _("Unknown field.")
    if errors:
        raise WriteError(errors)
    claim_edit(meeting, version)
    meeting._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    meeting.minutes = minutes.strip()
    meeting.status = status
    for name, value in debrief.items():
        setattr(meeting, name, (value or "").strip())
    meeting.updated_at = timezone.now()
    meeting.save()
    if came is not None:
        _record_attendance(meeting, set(came), acting_user)
    return meeting


def _record_attendance(meeting: Meeting, came: set[str], acting_user: User) -> None:
    for attendee in Attendee.objects.filter(meeting=meeting):
        attended = attendee.person_key in came
        if attendee.attended is not attended:
            attendee.attended = attended
            attendee._history_user = acting_user  # type: ignore[attr-defined]
            attendee.save(update_fields=["attended"])


def role_history(community: Community, before: datetime | None = None) -> list[PastRole]:
    """Who held which role in the community's meetings that were not cancelled, before `before`."""
    rows = RoleAssignment.objects.filter(community=community).exclude(meeting__status=MeetingStatus.CANCELLED)
    rows = rows.filter(meeting__starts_at__lt=before or timezone.now())
    return [
        PastRole(f"p{partner}" if partner else f"u{user}", role, when)
        for partner, user, role, when in rows.values_list(
            "partner_id", "user_id", "role", "meeting__starts_at"
        )
    ]


def suggested_roles(
    community: Community,
    attendees: list[str],
    *,
    before: datetime | None = None,
    chosen: dict[str, str] | None = None,
    people: dict[str, tuple] | None = None,
) -> dict[str, str | None]:
    """The fair rotation for a meeting with these attendees (see `roles.suggest_roles`). Given the
    `people` they are drawn from, a partner that is an organization is not asked to hold a role."""
    if people is not None:
        attendees = [
            k for k in attendees if k in people and not getattr(people[k][1], "is_organization", False)
        ]
    return suggest_roles(MeetingRole.values, attendees, role_history(community, before), chosen)


def feed_of(community: Community) -> CalendarFeed:
    """The community's calendar feed (its token is made the first time anyone asks)."""
    feed, _created = CalendarFeed.objects.get_or_create(
        community=community, defaults={"organization_id": community.organization_id}
    )
    return feed


@transaction.atomic
def do_regenerate_feed_token(community: Community, *, acting_user: User) -> CalendarFeed:
    """A new secret feed address: calendars subscribed to the old one stop receiving the meetings."""
    feed = feed_of(community)
    feed.token = new_feed_token()
    feed.changed_at, feed.changed_by = timezone.now(), acting_user
    feed.save()
    return feed
