"""Deciding together: a proposal opened for positions, each person asked stating her own, objections
answered in the open, and the outcome recorded when the lead closes it. The writes (`do_*`) and the
reads the pages, the API and the "for me" list share.

A proposal is a `Decision` with status "open": its method, its closing time and the people asked
(`Asked` rows; by default the meeting's attendees, else the community's partners with a sign-in and
its members). Each person asked states her position (a `Participant` row she owns, versioned) and
can change it until the proposal closes; a lead can record a position given aloud in a meeting, and
the row says so. With consent, a person may also block. An objection (or block) gets answers in the
open (`Reply`) and is resolved by the person who raised it (or, for a position recorded on her
behalf, by the lead); a consent or consensus proposal cannot be closed as adopted while one stands.

A secret vote (majority only) keeps no position rows: casting a ballot writes a `HasVoted` row (who,
never how, no time) and adds one to a count in the decision's row, under the decision's row lock and
without a history row (`models.mask_open_tally`); nobody sees the counts until the vote closes.

Every position write locks the decision row first, so positions of one proposal are written one after
another and none is lost, however many people answer at once (`bench/positions.py`).

Query budgets: `open_for(user, community_ids)` is 1 query; `proposal_record(decision, user)` is 4.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cocreate.accounts.models import User
from cocreate.core.access import PERMISSIONS
from cocreate.core.concurrency import claim_edit, lock, stale_edit
from cocreate.core.errors import WriteError
from cocreate.core.models import Community, Membership
from cocreate.core.registry import WaitingItem
from cocreate.partners.models import Partner

from .access import meeting_people
from .models import (
    BALLOT_POSITIONS,
    NO_OBJECTION_METHODS,
    OBJECTING,
    Asked,
    Decision,
    DecisionStatus,
    HasVoted,
    Meeting,
    Method,
    Outcome,
    Participant,
    Position,
    Reply,
    positions_for,
)

MAX_REASON = 2000
MAX_REPLY = 2000

# People ------------------------------------------------------------------------------------------------


def people_to_ask(community: Community, decision: Decision | None = None) -> dict[str, tuple]:
    """Who may be asked, by person key: the community's active partners (with or without a sign-in;
    for those without, a lead records what they say) and its members without a partner record, plus
    anyone asked already. {key: (name, partner or None, user or None)}, ordered by name."""
    people = meeting_people(community)
    # The partners again with their sign-in (who can answer from her phone, who is told): one query.
    with_user = Partner.objects.select_related("user").in_bulk([p.pk for _n, p, _u in people.values() if p])
    people = {key: (name, with_user.get(p.pk, p) if p else None, u) for key, (name, p, u) in people.items()}
    if decision is not None:
        for row in decision.asked.select_related("partner", "user"):
            people.setdefault(row.person_key, (row.name, row.partner, row.user))
    return people


def default_asked(community: Community, meeting: Meeting | None, people: dict[str, tuple]) -> list[str]:
    """Who is asked unless the lead says otherwise: the meeting's attendees when the proposal belongs
    to a meeting; else everyone on the team who can answer from her own phone (partners with a
    sign-in, and members whose role takes part in decisions)."""
    if meeting is not None:
        return [a.person_key for a in meeting.attendees.all() if a.person_key in people]
    takes_part = set(
        Membership.objects.filter(
            organization_id=community.organization_id,
            community=community,
            role__in=PERMISSIONS["meeting.take_part"],
        ).values_list("user_id", flat=True)
    )
    return [
        key
        for key, (_name, partner, user) in people.items()
        if (partner is not None and partner.user_id is not None)
        or (user is not None and user.pk in takes_part)
    ]


def asked_row(decision: Decision, user: User) -> Asked | None:
    """This person's row among those asked (as herself, or as the partner record she signs in as)."""
    if not user.is_authenticated:
        return None
    return (
        Asked.objects.filter(decision=decision)
        .filter(Q(user=user) | Q(partner__user=user))
        .select_related("partner", "user")
        .first()
    )


def _person_filter(row: Asked) -> dict:
    return {"partner": row.partner} if row.partner_id else {"user": row.user}


def is_self(row: Participant | Asked, user: User) -> bool:
    """Whether `row` is this person's own (as herself or as her partner record)."""
    if row.partner_id:
        return row.partner is not None and row.partner.user_id == user.pk
    return row.user_id == user.pk


# Opening and changing a proposal ------------------------------------------------------------------------


@dataclass
class ProposalDetails:
    """A proposal as the form or the API hands it over. People are person keys ("p12", "u7")."""

    title: str
    method: str
    closes_at: datetime | None
    asked: list[str] = field(default_factory=list)
    proposal: str = ""
    secret_vote: bool = False
    decider: User | None = None
    meeting: Meeting | None = None


def check_proposal(
    community: Community, d: ProposalDetails, people: dict[str, tuple], decision: Decision | None = None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not d.title.strip():
        errors["title"] = _("Say in a line what is proposed.")
    if d.method not in Method.values:
        errors["method"] = _("Choose how the team will decide.")
    if d.closes_at is None:
        errors["closes_at"] = _("Say when the proposal closes for positions.")
    elif d.closes_at <= timezone.now() and (decision is None or d.closes_at != decision.closes_at):
        errors["closes_at"] = _("Choose a closing time in the future.")
    if not d.asked:
        errors["asked"] = _("Ask at least one person for her position.")
    elif any(key not in people for key in d.asked):
        errors["asked"] = _("Only partners and members of this community can be asked.")
    if d.secret_vote and d.method != Method.MAJORITY:
        errors["secret_vote"] = _("Only a majority vote can be secret.")
    if d.method == Method.DELEGATED and d.decider is None:
        errors["decider"] = _("Choose the person who decides after consulting the team.")
    if d.meeting is not None and d.meeting.community_id != community.pk:
        errors["meeting"] = _("Only a meeting of this community can be linked.")
    if d.secret_vote and any(
        people[k][2] is None and people[k][1].user_id is None for k in d.asked if k in people
    ):
        errors["asked"] = _(
            "In a secret vote each person casts her own ballot: ask only people who can sign in."
        )
    return errors


def _write_asked(decision: Decision, keys: list[str], people: dict[str, tuple]) -> list[Asked]:
    """Make the asked rows match `keys`; the rows added (so they can be told)."""
    scope = {"organization_id": decision.organization_id, "community_id": decision.community_id}
    existing = {row.person_key: row for row in decision.asked.all()}
    wanted = list(dict.fromkeys(keys))
    removed = [row for key, row in existing.items() if key not in wanted]
    if removed:
        answered = {p.person_key for p in decision.participants.all()}
        voted = set(decision.voters.values_list("user_id", flat=True))
        kept = [
            row.name
            for row in removed
            if row.person_key in answered or (row.user_id or getattr(row.partner, "user_id", None)) in voted
        ]
        if kept:
            raise WriteError(
                {
                    "asked": _("%(names)s already answered: they stay on the proposal.")
                    % {"names": ", ".join(kept)}
                }
            )
        Asked.objects.filter(pk__in=[row.pk for row in removed]).delete()
    added = []
    for key in wanted:
        if key not in existing:
            _name, partner, user = people[key]
            added.append(
                Asked.objects.create(
                    decision=decision, partner=partner, user=user if partner is None else None, **scope
                )
            )
    return added


def _recipients(rows: list[Asked]) -> list[User]:
    users = []
    for row in rows:
        if row.partner_id:
            if row.partner is not None and row.partner.user is not None:
                users.append(row.partner.user)
        elif row.user is not None:
            users.append(row.user)
    return users


def _tell_asked(decision: Decision, rows: list[Asked]) -> None:
    """Tell the people just asked that a proposal waits for their position (see `notices.py`)."""
    from .notices import proposal_opened

    proposal_opened(decision, _recipients(rows))


@transaction.atomic
def do_open_proposal(
    community: Community, *, acting_user: User | None, details: ProposalDetails, people: dict[str, tuple]
) -> Decision:
    """Open a proposal for positions: its method, its closing time and the people asked, who are told."""
    if errors := check_proposal(community, details, people):
        raise WriteError(errors)
    decision = Decision(
        organization_id=community.organization_id,
        community=community,
        recorded_by=acting_user,
        status=DecisionStatus.OPEN,
        opened_at=timezone.now(),
        closes_at=details.closes_at,
        decided_on=timezone.localdate(),
        outcome="",
        title=details.title.strip(),
        proposal=details.proposal.strip(),
        method=details.method,
        decider=details.decider if details.method == Method.DELEGATED else None,
        secret_vote=details.secret_vote,
        meeting=details.meeting,
        visible_to_community=True,  # the people asked read it, partners included
    )
    if details.secret_vote:
        for position in BALLOT_POSITIONS:
            setattr(decision, f"votes_{position}", 0)
    decision._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    decision.save()
    added = _write_asked(decision, details.asked, people)
    _tell_asked(decision, added)
    return decision


def _require_open(decision: Decision) -> None:
    if not decision.is_open:
        raise WriteError({"__all__": _("This proposal is closed: the decision has been recorded.")})


@transaction.atomic
def do_update_proposal(
    decision: Decision,
    *,
    acting_user: User,
    details: ProposalDetails,
    people: dict[str, tuple],
    version: int | None = None,
) -> Decision:
    """Change an open proposal's wording, closing time or the people asked (those added are told;
    someone who has answered stays). The method and a secret vote stay as opened. A stale `version`
    raises StaleEdit."""
    decision = lock(decision)
    _require_open(decision)
    details.method, details.secret_vote = decision.method, decision.secret_vote
    if errors := check_proposal(decision.community, details, people, decision):
        raise WriteError(errors)
    claim_edit(decision, version)
    decision._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    decision.title, decision.proposal = details.title.strip(), details.proposal.strip()
    decision.closes_at = details.closes_at
    decision.decider = details.decider if decision.method == Method.DELEGATED else None
    decision.updated_at = timezone.now()
    decision.save()
    added = _write_asked(decision, details.asked, people)
    _tell_asked(decision, added)
    return decision


# Positions ---------------------------------------------------------------------------------------------


def check_position(decision: Decision, position: str, reason: str) -> dict[str, str]:
    errors = {}
    if position not in positions_for(decision.method):
        errors["position"] = (
            _("Blocking is for proposals decided by consent.")
            if position == Position.BLOCK
            else _("Choose a position.")
        )
    elif position in OBJECTING and not reason.strip():
        errors["reason"] = _("Say what your concern is, so the team can answer it.")
    if len(reason) > MAX_REASON:
        errors["reason"] = _("Keep this to %(n)d characters.") % {"n": MAX_REASON}
    return errors


def _write_position(
    decision: Decision,
    asked: Asked,
    *,
    acting_user: User,
    position: str,
    reason: str,
    on_behalf: bool,
    version: int | None,
) -> Participant:
    objecting = position in OBJECTING
    reason = reason.strip() if objecting else ""
    row = Participant.objects.filter(decision=decision, **_person_filter(asked)).first()
    if row is None:
        row = Participant(
            organization_id=decision.organization_id,
            community_id=decision.community_id,
            decision=decision,
            partner=asked.partner,
            user=asked.user if asked.partner_id is None else None,
            partner_type=asked.partner.partner_type if asked.partner is not None else "",
        )
    elif row.position == position and row.reason == reason and row.on_behalf == on_behalf:
        return row  # the same position again (a second click): nothing changes
    elif version is not None and version != row.version:
        raise stale_edit(Participant, row.pk, version)
    if row.pk is not None:
        row.version += 1  # the decision's row lock orders the writes of this proposal
    if row.pk is None or row.position != position or row.reason != reason:
        # A new or changed concern is answered afresh.
        row.resolution, row.resolved_by = "", None
    row.position, row.reason = position, reason
    row.recorded_by, row.on_behalf = acting_user, on_behalf
    row.stated_at = timezone.now()
    row._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    row.save()
    return row


@transaction.atomic
def do_state_position(
    decision: Decision,
    *,
    acting_user: User,
    position: str,
    reason: str = "",
    version: int | None = None,
) -> Participant | None:
    """State my own position on an open proposal, or change it (until it closes). In a secret vote
    this casts my ballot, once; nothing returned then, since nothing stored says how I voted. A
    change started from an older `version` of my position raises StaleEdit."""
    decision = lock(decision)
    _require_open(decision)
    if decision.closes_at is not None and decision.closes_at <= timezone.now():
        raise WriteError(
            {
                "__all__": _("This proposal stopped taking positions at its closing time (%(when)s).")
                % {"when": date_format(timezone.localtime(decision.closes_at), "DATETIME_FORMAT")}
            }
        )
    asked = asked_row(decision, acting_user)
    if asked is None:
        raise PermissionDenied(_("Only the people asked can state a position on this proposal."))
    if decision.secret_vote:
        _cast_ballot(decision, acting_user, position)
        return None
    if errors := check_position(decision, position, reason):
        raise WriteError(errors)
    return _write_position(
        decision,
        asked,
        acting_user=acting_user,
        position=position,
        reason=reason,
        on_behalf=False,
        version=version,
    )


def _cast_ballot(decision: Decision, voter: User, position: str) -> None:
    if position not in BALLOT_POSITIONS:
        raise WriteError({"position": _("Choose a position.")})
    if HasVoted.objects.filter(decision=decision, user=voter).exists():
        raise WriteError({"position": _("You have voted already: a secret ballot is cast once.")})
    HasVoted.objects.create(
        organization_id=decision.organization_id,
        community_id=decision.community_id,
        decision=decision,
        user=voter,
    )
    # +1 on one count, in the row locked above; an UPDATE leaves no history row behind.
    Decision.objects.filter(pk=decision.pk).update(**{f"votes_{position}": F(f"votes_{position}") + 1})


@transaction.atomic
def do_record_position(
    decision: Decision,
    *,
    acting_user: User,
    person: str,
    position: str,
    reason: str = "",
    version: int | None = None,
) -> Participant:
    """Record a position someone gave aloud (in a meeting, on the phone): it is shown as recorded on
    her behalf by `acting_user`. Not for a secret vote (each ballot is cast by the voter herself)."""
    decision = lock(decision)
    _require_open(decision)
    if decision.secret_vote:
        raise WriteError({"__all__": _("In a secret vote each person casts her own ballot.")})
    asked = next(
        (row for row in decision.asked.select_related("partner", "user") if row.person_key == person), None
    )
    if asked is None:
        raise WriteError({"person": _("Choose one of the people asked.")})
    if errors := check_position(decision, position, reason):
        raise WriteError(errors)
    on_behalf = not is_self(asked, acting_user)
    return _write_position(
        decision,
        asked,
        acting_user=acting_user,
        position=position,
        reason=reason,
        on_behalf=on_behalf,
        version=version,
    )


# Objections --------------------------------------------------------------------------------------------


@transaction.atomic
def do_reply_to_objection(objection: Participant, *, acting_user: User, text: str) -> Reply:
    """Answer an objection where everyone asked reads it."""
    decision = lock(objection.decision)
    _require_open(decision)
    objection = Participant.objects.get(pk=objection.pk)
    if not objection.is_objection:
        raise WriteError({"text": _("This position is no longer an objection.")})
    text = text.strip()
    if not text:
        raise WriteError({"text": _("Write your answer.")})
    if len(text) > MAX_REPLY:
        raise WriteError({"text": _("Keep this to %(n)d characters.") % {"n": MAX_REPLY}})
    reply = Reply(
        organization_id=decision.organization_id,
        community_id=decision.community_id,
        decision=decision,
        objection=objection,
        author=acting_user,
        text=text,
    )
    reply._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    reply.save()
    return reply


@transaction.atomic
def do_resolve_objection(objection: Participant, *, acting_user: User, resolution: str = "") -> Participant:
    """The person who objected says her concern is met (and, if she likes, how). For a position a lead
    recorded on her behalf, the lead records it. A second time changes nothing."""
    decision = lock(objection.decision)
    _require_open(decision)
    objection = Participant.objects.select_related("partner").get(pk=objection.pk)
    if not objection.is_objection:
        raise WriteError({"__all__": _("This position is no longer an objection.")})
    if not is_self(objection, acting_user) and not objection.on_behalf:
        raise PermissionDenied(_("Only the person who objected can say her objection is resolved."))
    if objection.is_resolved:
        return objection
    if len(resolution) > MAX_REASON:
        raise WriteError({"resolution": _("Keep this to %(n)d characters.") % {"n": MAX_REASON}})
    objection.resolution, objection.resolved_by = resolution.strip(), acting_user
    objection.version += 1
    objection._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    objection.save()
    return objection


# Closing -----------------------------------------------------------------------------------------------


@transaction.atomic
def do_close_proposal(
    decision: Decision, *, acting_user: User | None, outcome: str, rationale: str = ""
) -> Decision:
    """Close the proposal with its outcome and rationale; the people asked are told. With consent or
    consensus it is adopted only when no objection (or block) stands. Closing twice returns the
    decision as first closed."""
    decision = lock(decision)
    if not decision.is_open:
        return decision
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = _("Choose the outcome.")
    elif decision.method in NO_OBJECTION_METHODS and outcome == Outcome.ADOPTED:
        standing = [
            p.name
            for p in decision.participants.select_related("partner", "user")
            if p.is_unresolved_objection
        ]
        if standing:
            errors["outcome"] = ngettext(
                "%(names)s objects and the concern is not resolved yet. Answer it on the proposal's page "
                "until she says it is resolved (or changes her position), or close the proposal as not "
                "adopted or deferred: with consent or consensus, a proposal is adopted only when no "
                "objection stands.",
                "%(names)s object and their concerns are not resolved yet. Answer them on the proposal's "
                "page until each says hers is resolved (or changes her position), or close the proposal as "
                "not adopted or deferred: with consent or consensus, a proposal is adopted only when no "
                "objection stands.",
                len(standing),
            ) % {"names": ", ".join(standing)}
    if len(rationale) > 5000:
        errors["rationale"] = _("Keep this to %(n)d characters.") % {"n": 5000}
    if errors:
        raise WriteError(errors)
    decision._history_user = acting_user  # type: ignore[attr-defined]  # read by simple_history on save
    decision.status = DecisionStatus.CLOSED
    decision.outcome, decision.rationale = outcome, rationale.strip()
    decision.decided_on = timezone.localdate()
    decision.updated_at = timezone.now()
    decision.version += 1
    decision.save()
    from .notices import proposal_closed

    asked = list(decision.asked.select_related("partner__user", "user"))
    proposal_closed(decision, _recipients(asked))
    return decision


# Reads -------------------------------------------------------------------------------------------------


@dataclass
class AskedLine:
    """One person asked, and where she stands (None: not answered yet, or a secret vote)."""

    key: str
    name: str
    participant: Participant | None
    is_me: bool


@dataclass
class ProposalRecord:
    asked: list[AskedLine]
    positions: list[Participant]
    objections: list[Participant]
    mine: Participant | None
    my_asked: Asked | None
    voted: int
    i_voted: bool

    @property
    def answered(self) -> int:
        return self.voted if not self.positions and self.voted else len(self.positions)

    @property
    def standing_objections(self) -> list[Participant]:
        return [p for p in self.objections if p.is_unresolved_objection]


def proposal_record(decision: Decision, user: User) -> ProposalRecord:
    """Everything the proposal's page shows about who was asked and where they stand, in 4 queries
    (asked, positions with their people, the replies, and the secret vote's "has voted" rows)."""
    asked = list(decision.asked.select_related("partner", "user"))  # 1
    positions = list(  # 2 + 3 (replies with their authors)
        decision.participants.select_related(
            "partner", "user", "recorded_by", "resolved_by"
        ).prefetch_related(Prefetch("replies", Reply.objects.select_related("author")))
    )
    by_key = {p.person_key: p for p in positions}
    voters = set(decision.voters.values_list("user_id", flat=True)) if decision.secret_vote else set()  # 4
    lines = []
    my_asked = None
    for row in asked:
        me = is_self(row, user)
        if me:
            my_asked = row
        lines.append(AskedLine(row.person_key, row.name, by_key.get(row.person_key), me))
    lines.sort(key=lambda line: (not line.is_me, line.name.casefold()))
    positions.sort(key=lambda p: p.name.casefold())
    mine = next((line.participant for line in lines if line.is_me), None)
    return ProposalRecord(
        asked=lines,
        positions=positions,
        objections=[p for p in positions if p.is_objection],
        mine=mine,
        my_asked=my_asked,
        voted=len(voters),
        i_voted=user.pk in voters,
    )


def open_proposals(qs: QuerySet[Decision]) -> QuerySet[Decision]:
    return qs.filter(status=DecisionStatus.OPEN).order_by("closes_at", "pk")


def open_for(user: User, community_ids) -> list[Decision]:
    """The open proposals, in these communities, where this person is asked and has not answered yet
    (no position stated, no ballot cast): one query."""
    mine = Q(asked__user=user) | Q(asked__partner__user=user)
    rows = (
        Decision.objects.filter(
            mine,
            status=DecisionStatus.OPEN,
            community_id__in=list(community_ids),
            closes_at__gt=timezone.now(),
        )
        .exclude(participants__user=user)
        .exclude(participants__partner__user=user)
        .exclude(voters__user=user)
        .select_related("community__organization")
        .only(
            "pk", "title", "closes_at", "community__slug", "community__name", "community__organization__slug"
        )
        .distinct()
        .order_by("closes_at", "pk")
    )
    return list(rows)


def waiting_items(user: User, community_ids) -> list[WaitingItem]:
    """The "for me" list's proposals: open ones waiting for this person's position (1 query)."""
    items = []
    for decision in open_for(user, community_ids):
        community = decision.community
        items.append(
            WaitingItem(
                kind=_("Proposal open for your position"),
                title=decision.title,
                source=decision,
                field="title",
                url=reverse(
                    "meetings:decision_detail",
                    args=[community.organization.slug, community.slug, decision.pk],
                ),
                community=community.name,
                due=decision.closes_at,
                note=_("Closes %(when)s")
                % {"when": date_format(timezone.localtime(decision.closes_at), "DATETIME_FORMAT")},
            )
        )
    return items
