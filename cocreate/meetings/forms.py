"""Forms for the shared agreement (the toolkit's table) and for recording a decision."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db.models import Q
from django.forms.boundfield import BoundField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import User
from cocreate.core.models import Community
from cocreate.partners.models import PARTNER_TYPE_SHORT, Partner, PartnerType
from cocreate.planning.models import OPEN_ACTION_STATUSES, Action

from .access import decider_choices, participant_choices
from .actions import DecisionDetails, Taking, check_decision, participant_key
from .models import (
    ANSWER_COLUMNS,
    MAX_ANSWER_LENGTH,
    AgreementQuestion,
    AgreementVersion,
    Decision,
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

    def __init__(self, *args, source: AgreementVersion | None = None, **kwargs):
        super().__init__(*args, **kwargs)
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

    def questions(self) -> list[tuple[str, list[BoundField]]]:
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


class DecisionForm(forms.Form):
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
            }
        else:
            kwargs.setdefault("initial", {"decided_on": timezone.localdate(), "visible_to_community": True})
        super().__init__(*args, **kwargs)
        self.community = community
        self.decision = decision
        self.fields["decider"].queryset = decider_choices(community)
        # Open actions, and any linked already (done since, they stay ticked and can be unticked).
        offered = Q(status__in=OPEN_ACTION_STATUSES)
        if decision is not None:
            offered |= Q(pk__in=decision.action_rows.values("action_id"))
        self.fields["plan_actions"].queryset = Action.objects.filter(
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
                    name=partner.name if partner else user.display_name,
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
