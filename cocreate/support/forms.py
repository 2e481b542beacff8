"""The one short form a practitioner fills in on a phone right after a session."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import User
from cocreate.core.concurrency import EditsAVersion
from cocreate.core.models import Community
from cocreate.partners.models import CAPACITY_DOMAINS, PARTNER_TYPE_SHORT, Partner, PartnerType
from cocreate.planning.models import OPEN_GOAL_STATUSES, Action, ActionStatus, Goal

from .access import attendee_user_choices, facilitator_choices
from .actions import date_error, hours_error
from .models import HEADCOUNT_FIELDS, Function, Modality, SupportEvent, SupportType

DEFAULT_HOURS = "1.0"


class PartnerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Partner) -> str:
        return f"{obj.name} · {PARTNER_TYPE_SHORT[PartnerType(obj.partner_type)]}"


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name or obj.email


class PlanChoiceField(forms.ModelMultipleChoiceField):
    """A goal (its statement) or an action (its strategy), shortened to one line on a phone."""

    def label_from_instance(self, obj) -> str:
        text = obj.statement if isinstance(obj, Goal) else obj.strategy
        return text if len(text) <= 120 else text[:119].rstrip() + "…"


def last_used(organization_id: int, user) -> Mapping[str, object]:
    """The type, function and modality this person logged last: the next session is usually alike."""
    row = (
        SupportEvent.objects.filter(organization_id=organization_id, logged_by=user)
        .order_by("-created_at", "-pk")
        .values("event_type", "function", "modality")
        .first()
    )
    return row or {}


class SupportEventForm(EditsAVersion, forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    hours = forms.DecimalField(
        label=_("Hours"),
        widget=forms.NumberInput(attrs={"step": "0.1", "min": "0.1", "max": "24", "inputmode": "decimal"}),
        error_messages={"invalid": _("Enter the hours as a number, for example 1.5.")},
    )
    event_type = forms.ChoiceField(label=_("Type of support"), choices=SupportType.choices)
    function = forms.ChoiceField(label=_("Intermediary function"), choices=Function.choices)
    modality = forms.ChoiceField(label=_("How"), choices=Modality.choices, widget=forms.RadioSelect)
    domains = forms.MultipleChoiceField(
        label=_("Capacity domains addressed"),
        choices=CAPACITY_DOMAINS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    attendee_partners = PartnerChoiceField(
        label=_("Partners who attended"),
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Only partners of this community can be recorded as attending.")},
    )
    attendee_users = PersonChoiceField(
        label=_("Other members who attended"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members of the community without a partner record."),
        error_messages={"invalid_choice": _("Only members of this community can be recorded as attending.")},
    )
    goals = PlanChoiceField(
        label=_("Goals served"),
        queryset=Goal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose among this community's goals.")},
    )
    actions = PlanChoiceField(
        label=_("Actions served"),
        queryset=Action.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose among the actions of this community's goals.")},
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you worked on, in a few lines."),
    )
    next_steps = forms.CharField(
        label=_("Next steps"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    facilitators = PersonChoiceField(
        label=_("Facilitated by"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty and it is you."),
        error_messages={
            "invalid_choice": _("Facilitators are the staff of the organization who serve this community.")
        },
    )

    def __init__(self, *args, community: Community, user, event: SupportEvent | None = None, **kwargs):
        super().__init__(*args, version_of=event, **kwargs)
        self.community = community
        partners = Partner.objects.active().filter(
            organization_id=community.organization_id, community=community
        )
        if event is not None:  # a partner archived since stays ticked, and can be unticked
            partners = Partner.objects.filter(
                Q(pk__in=partners.values("pk")) | Q(pk__in=event.partner_rows.values("partner_id")),
                erased_at__isnull=True,
            )
        self.fields["attendee_partners"].queryset = partners.order_by("name")  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        self.fields["attendee_users"].queryset = attendee_user_choices(community)  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        facilitators = facilitator_choices(community)
        if event is not None:  # someone who has since left stays ticked, and can be unticked
            facilitators = (
                User.objects.filter(Q(pk__in=facilitators.values("pk")) | Q(facilitated_support_events=event))
                .distinct()
                .order_by("name", "email")
            )
        self.fields["facilitators"].queryset = facilitators  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        self._plan_choices(event)
        for ptype, column in HEADCOUNT_FIELDS.items():
            self.fields[column] = forms.IntegerField(
                label=PARTNER_TYPE_SHORT[PartnerType(ptype)],
                required=False,
                min_value=0,
                max_value=9999,
                widget=forms.NumberInput(attrs={"min": "0", "inputmode": "numeric"}),
            )
        if not self.is_bound:
            self.initial = self._initial(event, user)

    def _plan_choices(self, event: SupportEvent | None) -> None:
        """The community's open goals and their actions still going (done ones too: support may have
        helped finish them), plus whatever the event is already linked to."""
        scope = {"organization_id": self.community.organization_id, "community_id": self.community.pk}
        goals = Q(status__in=OPEN_GOAL_STATUSES)
        actions = ~Q(status=ActionStatus.DROPPED)
        if event is not None:
            linked_goals = event.goal_rows.values("goal_id")
            linked_actions = event.action_rows.values("action_id")
            goals |= Q(pk__in=linked_goals) | Q(
                pk__in=Action.objects.filter(pk__in=linked_actions).values("goal_id")
            )
            actions |= Q(pk__in=linked_actions)
        goal_qs = Goal.objects.filter(goals, **scope).only("pk", "statement", "horizon", "target_on")
        self.fields["goals"].queryset = goal_qs  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        self.fields["actions"].queryset = (  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
            Action.objects.filter(actions, goal__in=goal_qs, **scope)
            .only("pk", "goal_id", "strategy", "position", "due_on")
            .order_by("goal", "position", "due_on", "pk")
        )

    @property
    def plan_groups(self) -> list[dict]:
        """The goal and action checkboxes grouped by goal: [{"goal": widget, "actions": [widgets]}]."""
        by_goal: dict[int, list] = {}
        for widget in self["actions"].subwidgets:
            by_goal.setdefault(widget.data["value"].instance.goal_id, []).append(widget)
        return [
            {"goal": widget, "actions": by_goal.get(widget.data["value"].value, [])}
            for widget in self["goals"].subwidgets
        ]

    @property
    def plan_chosen(self) -> int:
        """How many goals and actions are ticked (shown on the closed section's summary)."""
        return sum(1 for name in ("goals", "actions") for w in self[name].subwidgets if w.data["selected"])

    def _initial(self, event: SupportEvent | None, user) -> dict:
        if event is None:
            return {
                "date": timezone.localdate(),
                "hours": DEFAULT_HOURS,
                "event_type": SupportType.COACHING,
                "function": Function.IS,
                "modality": Modality.IN_PERSON,
                **last_used(self.community.organization_id, user),
                "facilitators": [user.pk],
            }
        initial = {
            name: getattr(event, name)
            for name in ("date", "hours", "event_type", "function", "modality", "summary", "next_steps")
        }
        initial["domains"] = [row.domain for row in event.domains.all()]
        initial["attendee_partners"] = [p.pk for p in event.attendee_partners.all()]
        initial["attendee_users"] = [u.pk for u in event.attendee_users.all()]
        initial["facilitators"] = [u.pk for u in event.facilitators.all()]
        initial["goals"] = [row.goal_id for row in event.goal_rows.all()]
        initial["actions"] = [row.action_id for row in event.action_rows.all()]
        initial.update({column: getattr(event, column) for column in HEADCOUNT_FIELDS.values()})
        return initial

    @property
    def headcount_fields(self):
        return [self[column] for column in HEADCOUNT_FIELDS.values()]

    def clean_date(self):
        day = self.cleaned_data["date"]
        if message := date_error(day):
            raise forms.ValidationError(message)
        return day

    def clean_hours(self):
        hours = self.cleaned_data["hours"]
        if message := hours_error(hours):
            raise forms.ValidationError(message)
        return hours

    def details(self) -> dict:
        """What `do_log_support_event` / `do_update_support_event` take."""
        data = self.cleaned_data
        counts = {ptype: data.get(column) for ptype, column in HEADCOUNT_FIELDS.items()}
        return {
            "date": data["date"],
            "hours": data["hours"],
            "event_type": data["event_type"],
            "function": data["function"],
            "modality": data["modality"],
            "domains": data["domains"],
            "attendee_partners": list(data["attendee_partners"]),
            "attendee_users": list(data["attendee_users"]),
            "goals": list(data["goals"]),
            "actions": list(data["actions"]),
            "facilitators": list(data["facilitators"]),
            # All empty: count the partners ticked above. Any filled in: the empty ones are 0.
            "headcounts": None if all(n is None for n in counts.values()) else counts,
            "summary": data["summary"],
            "next_steps": data["next_steps"],
        }
