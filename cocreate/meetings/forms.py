"""Forms for the shared agreement (the toolkit's table) and for recording a decision."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Q
from django.forms.boundfield import BoundField
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import User
from cocreate.core.concurrency import EditsAVersion
from cocreate.core.models import Community
from cocreate.partners.models import PARTNER_TYPE_SHORT, Partner, PartnerType
from cocreate.planning.models import OPEN_ACTION_STATUSES, Action

from .access import decider_choices, participant_choices
from .actions import (
    MAX_AGENDA_MINUTES,
    AgendaLine,
    DecisionDetails,
    MeetingDetails,
    Taking,
    check_decision,
    check_meeting,
    participant_key,
)
from .models import (
    ANSWER_COLUMNS,
    MAX_ANSWER_LENGTH,
    AgreementQuestion,
    AgreementVersion,
    Decision,
    Meeting,
    MeetingRole,
    MeetingStatus,
    Method,
    Outcome,
    Position,
)

COLUMN_LABELS = {
    "always": _("We always…"),
    "sometimes": _("We sometimes…"),
    "never": _("We never…"),
}


class AgreementForm(forms.Form):
    """The toolkit's nine questions, each with what the team always, sometimes and never does."""

    # The state of the agreement this edit started from: a save after someone else's is refused.
    started_from = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, source: AgreementVersion | None = None, started_from: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started_from"].initial = started_from
        initial = {}
        if source is not None:
            for answer in source.answers.all():
                for col in ANSWER_COLUMNS:
                    initial[f"{answer.question}_{col}"] = getattr(answer, col)
        for question in AgreementQuestion.values:
            for col in ANSWER_COLUMNS:
                name = f"{question}_{col}"
                self.fields[name] = forms.CharField(
                    label=COLUMN_LABELS[col],
                    required=False,
                    max_length=MAX_ANSWER_LENGTH,
                    initial=initial.get(name, ""),
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def questions(self) -> list[tuple[str | Promise, list[BoundField]]]:
        """[(question, [always, sometimes, never fields])] in the toolkit's order, for the template."""
        return [(q.label, [self[f"{q.value}_{col}"] for col in ANSWER_COLUMNS]) for q in AgreementQuestion]

    def answers(self) -> dict[str, dict[str, str]]:
        return {
            q: {col: self.cleaned_data.get(f"{q}_{col}", "") for col in ANSWER_COLUMNS}
            for q in AgreementQuestion.values
        }


class ActionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Action) -> str:
        strategy = obj.strategy if len(obj.strategy) <= 90 else obj.strategy[:89] + "…"
        return f"{strategy} · {obj.due_on:%Y-%m-%d}"


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        when = timezone.localtime(obj.starts_at)
        return f"{when:%Y-%m-%d} · {obj.title}"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


@dataclass
class CandidateRow:
    """One person who may have taken part, with their fields (the template shows one fieldset each)."""

    key: str
    name: str
    type_label: str
    lived_experience: bool
    position: BoundField
    reason: BoundField
    resolution: BoundField

    @property
    def open(self) -> bool:
        return bool(self.position.value() == Position.OBJECT or self.reason.errors or self.resolution.errors)


class DecisionForm(EditsAVersion, forms.Form):
    title = forms.CharField(label=_("Proposal in a line"), max_length=200)
    proposal = forms.CharField(
        label=_("The proposal in full"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    method = forms.ChoiceField(label=_("How we decided"), choices=Method.choices, widget=forms.RadioSelect)
    decider = PersonChoiceField(
        label=_("Decided by"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("For a decision made by one person after consulting the team."),
    )
    secret_vote = forms.BooleanField(
        label=_("Secret vote: keep only the counts, never who voted how"),
        required=False,
        help_text=_("For a majority vote. Cannot be changed once recorded."),
    )
    votes_agree = forms.IntegerField(label=_("Agree"), required=False, min_value=0, max_value=9999)
    votes_stand_aside = forms.IntegerField(
        label=_("Stand aside"), required=False, min_value=0, max_value=9999
    )
    votes_object = forms.IntegerField(label=_("Object"), required=False, min_value=0, max_value=9999)
    decided_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect)
    rationale = forms.CharField(
        label=_("Rationale"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the team decided this way."),
    )
    plan_actions = ActionChoiceField(
        label=_("Actions of the plan this decision set going"),
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Only actions of this community's plan can be linked.")},
    )
    meeting = MeetingChoiceField(
        label=_("Taken in the meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Only a meeting of this community can be linked.")},
    )
    visible_to_community = forms.BooleanField(
        label=_("Visible to everyone in the community"), required=False, initial=True
    )
    published = forms.BooleanField(
        label=_("Ready to publish beyond the community"),
        required=False,
        help_text=_("Marks the decision for public pages when they exist."),
    )

    def __init__(self, *args, community: Community, decision: Decision | None = None, **kwargs):
        if decision is not None:
            kwargs["initial"] = {
                "title": decision.title,
                "proposal": decision.proposal,
                "method": decision.method,
                "decider": decision.decider_id,
                "secret_vote": decision.secret_vote,
                "votes_agree": decision.votes_agree,
                "votes_stand_aside": decision.votes_stand_aside,
                "votes_object": decision.votes_object,
                "decided_on": decision.decided_on,
                "outcome": decision.outcome,
                "rationale": decision.rationale,
                "visible_to_community": decision.visible_to_community,
                "published": decision.published,
                "plan_actions": [row.action_id for row in decision.action_rows.all()],
                "meeting": decision.meeting_id,
            }
        else:
            kwargs.setdefault("initial", {"decided_on": timezone.localdate(), "visible_to_community": True})
        super().__init__(*args, version_of=decision, **kwargs)
        self.community = community
        self.decision = decision
        self.fields["decider"].queryset = decider_choices(community)  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        self.fields["meeting"].queryset = Meeting.objects.filter(  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
            organization_id=community.organization_id, community=community
        ).order_by("-starts_at", "-pk")
        # Open actions, and any linked already (done since, they stay ticked and can be unticked).
        offered = Q(status__in=OPEN_ACTION_STATUSES)
        if decision is not None:
            offered |= Q(pk__in=decision.action_rows.values("action_id"))
        self.fields["plan_actions"].queryset = Action.objects.filter(  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
            offered, organization_id=community.organization_id, community=community
        ).order_by("due_on", "pk")
        if decision is not None:
            self.fields["secret_vote"].disabled = True
        partners, users = participant_choices(community)
        taken = {}
        if decision is not None:
            rows = list(decision.participants.all())
            taken = {f"p{r.partner_id}" if r.partner_id else f"u{r.user_id}": r for r in rows}
            # Someone archived or gone since the decision stays listed with their position.
            partners = Partner.objects.filter(
                Q(pk__in=partners.values("pk")) | Q(pk__in=[r.partner_id for r in rows if r.partner_id]),
                erased_at__isnull=True,
            ).order_by("name")
            users = (
                User.objects.filter(
                    Q(pk__in=users.values("pk")) | Q(pk__in=[r.user_id for r in rows if r.user_id])
                )
                .distinct()
                .order_by("name", "email")
            )
        self._people: list[tuple[str, Partner | None, User | None]] = [
            (participant_key(p, None), p, None) for p in partners
        ] + [(participant_key(None, u), None, u) for u in users]
        if decision is not None and decision.secret_vote:
            self._people = []  # a secret vote has counts only: nobody's position to show or set
        positions = [("", _("Did not take part")), *Position.choices]
        for key, _partner, _user in self._people:
            row = taken.get(key)
            self.fields[f"position_{key}"] = forms.ChoiceField(
                label=_("Position"), choices=positions, required=False, initial=row.position if row else ""
            )
            self.fields[f"reason_{key}"] = forms.CharField(
                label=_("Reason for objecting"),
                required=False,
                max_length=2000,
                initial=row.reason if row else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"resolution_{key}"] = forms.CharField(
                label=_("How the objection was resolved"),
                required=False,
                max_length=2000,
                initial=row.resolution if row else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def candidates(self) -> list[CandidateRow]:
        rows = []
        for key, partner, user in self._people:
            rows.append(
                CandidateRow(
                    key=key,
                    name=partner.name if partner else user.display_name if user else "",
                    type_label=str(PARTNER_TYPE_SHORT[PartnerType(partner.partner_type)]) if partner else "",
                    lived_experience=bool(partner and partner.lived_experience),
                    position=self[f"position_{key}"],
                    reason=self[f"reason_{key}"],
                    resolution=self[f"resolution_{key}"],
                )
            )
        return rows

    def details(self) -> DecisionDetails:
        data = self.cleaned_data
        takings = []
        for key, partner, user in self._people:
            position = data.get(f"position_{key}") or ""
            if position:
                takings.append(
                    Taking(
                        position=position,
                        partner=partner,
                        user=user,
                        reason=data.get(f"reason_{key}", ""),
                        resolution=data.get(f"resolution_{key}", ""),
                    )
                )
        return DecisionDetails(
            title=data.get("title", ""),
            proposal=data.get("proposal", ""),
            method=data.get("method", ""),
            outcome=data.get("outcome", ""),
            decided_on=data.get("decided_on"),
            rationale=data.get("rationale", ""),
            decider=data.get("decider"),
            visible_to_community=bool(data.get("visible_to_community")),
            published=bool(data.get("published")),
            secret_vote=bool(data.get("secret_vote")),
            votes={p: data.get(f"votes_{p}") for p in Position.values},
            participants=takings,
            plan_actions=list(data.get("plan_actions") or []),
            meeting=data.get("meeting"),
        )

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            for name, message in check_decision(self.community, self.details(), self.decision).items():
                self.add_error(_error_field(self, name), message)
        return cleaned


def _error_field(form: forms.Form, name: str) -> str | None:
    if name == "votes":
        return "votes_agree"
    return name if name in form.fields else None


# Meetings -------------------------------------------------------------------------------------------

AGENDA_SPARE_ROWS = 3
DATETIME_WIDGET: dict[str, Any] = {"attrs": {"type": "datetime-local"}, "format": "%Y-%m-%dT%H:%M"}


class MeetingForm(EditsAVersion, forms.Form):
    """A meeting: when and where, who is invited, who holds each role, and the agenda in order.
    `people` are those who may be invited ({key: (name, partner, user)}, see `meeting_people`)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=forms.DateTimeInput(**DATETIME_WIDGET))
    ends_at = forms.DateTimeField(label=_("Ends"), widget=forms.DateTimeInput(**DATETIME_WIDGET))
    place = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=300,
        help_text=_("The address or room. Leave empty for a meeting held only online."),
    )
    online_link = forms.CharField(
        label=_("Link to join online"),
        required=False,
        max_length=500,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    status = forms.ChoiceField(label=_("Status"), choices=MeetingStatus.choices, widget=forms.RadioSelect)
    attendees = forms.MultipleChoiceField(
        label=_("Who is invited"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self,
        *args,
        people: dict[str, tuple],
        meeting: Meeting | None = None,
        rows: int | None = None,
        **kwargs,
    ):
        super().__init__(*args, version_of=meeting, **kwargs)
        self.people = people
        self.meeting = meeting
        if meeting is None:
            del self.fields["status"]
        self.fields["attendees"].choices = [(key, name) for key, (name, _p, _u) in people.items()]  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        options = [("", _("Nobody yet")), *self.fields["attendees"].choices]  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        for role in MeetingRole:
            self.fields[f"role_{role.value}"] = forms.ChoiceField(
                label=role.label, choices=options, required=False
            )
        owners = [("", _("Anyone")), *self.fields["attendees"].choices]  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        if rows is None:
            existing = len(self.initial.get("agenda", []))
            posted = sum(
                1 for name in (self.data or {}) if name.startswith("item-") and name.endswith("-title")
            )
            rows = max(existing, posted) + AGENDA_SPARE_ROWS
        self.rows = rows
        agenda = self.initial.get("agenda", [])
        for i in range(rows):
            line = agenda[i] if i < len(agenda) else None
            self.fields[f"item-{i}-title"] = forms.CharField(
                label=_("Item %(n)d") % {"n": i + 1},
                required=False,
                max_length=300,
                initial=line.title if line else "",
            )
            self.fields[f"item-{i}-owner"] = forms.ChoiceField(
                label=_("Led by"), choices=owners, required=False, initial=line.owner if line else ""
            )
            self.fields[f"item-{i}-duration"] = forms.IntegerField(
                label=_("Minutes"),
                required=False,
                min_value=1,
                max_value=MAX_AGENDA_MINUTES,
                initial=line.duration if line else None,
            )

    def role_fields(self) -> list[BoundField]:
        return [self[f"role_{role}"] for role in MeetingRole.values]

    def agenda_rows(self) -> list[tuple[BoundField, BoundField, BoundField]]:
        return [
            (self[f"item-{i}-title"], self[f"item-{i}-owner"], self[f"item-{i}-duration"])
            for i in range(self.rows)
        ]

    def details(self) -> MeetingDetails:
        data = self.cleaned_data
        return MeetingDetails(
            title=data.get("title", ""),
            starts_at=data.get("starts_at"),
            ends_at=data.get("ends_at"),
            place=data.get("place", ""),
            online_link=data.get("online_link", ""),
            status=data.get("status") or (self.meeting.status if self.meeting else MeetingStatus.PLANNED),
            attendees=list(data.get("attendees") or []),
            roles={role: data.get(f"role_{role}") or "" for role in MeetingRole.values},
            agenda=[
                AgendaLine(
                    title=data.get(f"item-{i}-title") or "",
                    owner=data.get(f"item-{i}-owner") or "",
                    duration=data.get(f"item-{i}-duration"),
                )
                for i in range(self.rows)
                if (data.get(f"item-{i}-title") or "").strip()
            ],
        )

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            for name, message in check_meeting(self.details(), self.people).items():
                self.add_error(name if name in self.fields else None, message)
        return cleaned


def meeting_initial(meeting: Meeting) -> dict:
    """What the edit form starts from."""
    initial = {
        "title": meeting.title,
        "starts_at": timezone.localtime(meeting.starts_at),
        "ends_at": timezone.localtime(meeting.ends_at),
        "place": meeting.place,
        "online_link": meeting.online_link,
        "status": meeting.status,
        "attendees": [a.person_key for a in meeting.attendees.all()],
        "agenda": [
            AgendaLine(item.title, item.owner_key, item.duration) for item in meeting.agenda_items.all()
        ],
    }
    for row in meeting.roles.all():
        initial[f"role_{row.role}"] = row.person_key
    return initial


class PrepForm(EditsAVersion, forms.Form):
    prep_with = forms.CharField(
        label=_("Who met to prepare"),
        required=False,
        max_length=300,
        help_text=_("For example: the facilitator, two parent leaders and the practitioner."),
    )
    prep_on = forms.DateField(
        label=_("When"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    prep_agenda_agreed = forms.BooleanField(
        label=_("The agenda is agreed with community leaders"), required=False
    )
    prep_accessibility = forms.BooleanField(label=_("Access needs are arranged"), required=False)
    prep_childcare = forms.BooleanField(label=_("Childcare is arranged"), required=False)
    prep_interpretation = forms.BooleanField(label=_("Interpretation is arranged"), required=False)
    prep_notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Anything still to arrange: transport, food, materials in other languages…"),
    )


class MinutesForm(EditsAVersion, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=MeetingStatus.choices, widget=forms.RadioSelect)
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What was discussed and agreed, and who does what next."),
    )
    debrief_worked = forms.CharField(
        label=_("What worked"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    debrief_change = forms.CharField(
        label=_("What to change next time"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    debrief_follow_ups = forms.CharField(
        label=_("Follow-ups"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Close the loop: who tells whom what came of the meeting, and by when."),
    )

    def __init__(self, *args, attendees=None, **kwargs):
        """With `attendees` (for staff), a list of those invited to tick who came: community leaders
        are paid for the meetings they came to. Before anyone recorded it, everyone invited is ticked."""
        super().__init__(*args, **kwargs)
        if attendees:
            recorded = any(a.attended is not None for a in attendees)
            self.fields["came"] = forms.MultipleChoiceField(
                label=_("Who came"),
                required=False,
                choices=[(a.person_key, a.name) for a in attendees],
                initial=[a.person_key for a in attendees if a.attended or not recorded],
                widget=forms.CheckboxSelectMultiple,
                help_text=_(
                    "Untick those who did not come. Community leaders claim pay for the meetings they came to."
                ),
            )


# Proposals open for positions ---------------------------------------------------------------------------


class ProposalForm(EditsAVersion, forms.Form):
    """Open a proposal (or change an open one): what, how the team decides, until when, and who is asked.
    `people` are those who may be asked ({key: (name, partner, user)}, see `proposals.people_to_ask`)."""

    title = forms.CharField(label=_("Proposal in a line"), max_length=200)
    proposal = forms.CharField(
        label=_("The proposal in full"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    method = forms.ChoiceField(label=_("How we decide"), choices=Method.choices, widget=forms.RadioSelect)
    decider = PersonChoiceField(
        label=_("Decided by"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("For a decision made by one person after consulting the team."),
    )
    secret_vote = forms.BooleanField(
        label=_("Secret vote: each person casts one ballot, and nobody ever sees who voted how"),
        required=False,
        help_text=_("For a majority vote. Cannot be changed once opened."),
    )
    closes_at = forms.DateTimeField(
        label=_("Closes for positions on"), widget=forms.DateTimeInput(**DATETIME_WIDGET)
    )
    asked = forms.MultipleChoiceField(
        label=_("Who is asked"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("People without a sign-in can give their position aloud: record it for them."),
    )
    meeting = MeetingChoiceField(
        label=_("Belongs to the meeting"),
        queryset=Meeting.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Only a meeting of this community can be linked.")},
    )

    def __init__(self, *args, community: Community, people: dict[str, tuple], decision=None, **kwargs):
        super().__init__(*args, version_of=decision, **kwargs)
        self.community = community
        self.decision = decision
        self.fields["asked"].choices = [(key, name) for key, (name, _p, _u) in people.items()]  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        self.fields["decider"].queryset = decider_choices(community)  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        self.fields["meeting"].queryset = Meeting.objects.filter(  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
            organization_id=community.organization_id, community=community
        ).order_by("-starts_at", "-pk")
        if decision is not None:
            for name in ("method", "secret_vote", "meeting"):
                self.fields[name].disabled = True
                self.fields[name].required = False

    def clean_closes_at(self):
        closes_at = self.cleaned_data["closes_at"]
        unchanged = self.decision is not None and closes_at == self.decision.closes_at
        if closes_at <= timezone.now() and not unchanged:
            raise forms.ValidationError(_("Choose a closing time in the future."))
        return closes_at


class PositionForm(forms.Form):
    """One person's position (her own, or given aloud and recorded by a lead)."""

    position = forms.ChoiceField(label=_("Your position"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("What is your concern?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Needed when you object or block: the team answers it before deciding."),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, method: str, ballot: bool = False, people=None, **kwargs):
        from .models import BALLOT_POSITIONS, positions_for

        super().__init__(*args, **kwargs)
        allowed = [p.value for p in BALLOT_POSITIONS] if ballot else positions_for(method)
        self.fields["position"].choices = [(p, Position(p).label) for p in allowed]  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        if ballot:
            del self.fields["reason"]
        if people is not None:
            self.fields["person"] = forms.ChoiceField(label=_("Who"), choices=[("", "—"), *people])
            self.fields["position"].label = _("Position")
            self.fields["reason"].label = _("Reason for objecting")
            self.order_fields(["person", "position", "reason"])


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Your answer"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("How was it resolved? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CloseProposalForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect)
    rationale = forms.CharField(
        label=_("Rationale"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why the team decided this way."),
    )
