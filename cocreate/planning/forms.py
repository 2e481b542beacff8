from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import User
from cocreate.assessments.models import GapFlag
from cocreate.assessments.results import format_score
from cocreate.assessments.text import pick
from cocreate.core.concurrency import EditsAVersion
from cocreate.core.models import Community, Team
from cocreate.partners.models import CAPACITY_DOMAINS, Partner

from .access import gaps_in, responsible_partners, responsible_people
from .models import ActionStatus, GoalStatus, Horizon, Intention

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GapChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, gap) -> str:
        version = gap.administration.version
        return _("%(item)s — %(score)s in %(instrument)s, %(date)s") % {
            "item": pick(gap.item.text),
            "score": format_score(float(gap.score), version.scoring),
            "instrument": pick(version.definition.get("name", {})),
            "date": date_format(timezone.localtime(gap.administration.opened_at).date(), "DATE_FORMAT"),
        }


class GoalForm(EditsAVersion, forms.Form):
    statement = forms.CharField(
        label=_("Goal statement"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What will be different, for whom, and by when. Short enough to say out loud."),
    )
    horizon = forms.TypedChoiceField(
        label=_("Horizon"),
        choices=Horizon.choices,
        coerce=int,
        widget=forms.RadioSelect,
        initial=Horizon.SIX_MONTHS,
    )
    target_on = forms.DateField(
        label=_("Target date"),
        required=False,
        widget=DATE,
        help_text=_("Leave it empty to take the horizon's: about a month, six months or a year from today."),
    )
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices, initial=GoalStatus.ACTIVE)
    why_team = forms.CharField(
        label=_("Why it matters to the team"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    why_community = forms.CharField(
        label=_("Why it matters to the families and community members involved"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    domains = forms.MultipleChoiceField(
        label=_("Capacity domains it strengthens"),
        choices=CAPACITY_DOMAINS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    gaps = GapChoiceField(
        label=_("Assessment items it works on"),
        queryset=GapFlag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Items the team flagged below the target with “Make this a goal”."),
    )

    def __init__(self, *args, community: Community, gap_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        teams = Team.objects.filter(community=community, archived_at__isnull=True).only("pk", "name")
        if teams.exists():
            self.fields["team"].queryset = teams  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
            self.fields["team"].empty_label = _("The whole community")  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        else:
            del self.fields["team"]  # a goal belongs to the community until it has teams
        # Pending gaps, plus those this goal already works on or was opened from.
        self.fields["gaps"].queryset = (  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
            gaps_in(community)
            .filter(Q(resolved_at__isnull=True) | Q(pk__in=list(gap_ids)))
            .select_related("item", "administration__version")
            .only(
                "pk",
                "score",
                "community_id",
                "administration_id",
                "item_id",
                "item__text",
                "administration__opened_at",
                "administration__version__scoring",
                "administration__version__definition",
            )
            .order_by("-flagged_at", "-pk")
        )


class ActionForm(EditsAVersion, forms.Form):
    strategy = forms.CharField(
        label=_("Strategy or activity"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What will be done to move the goal forward."),
    )
    starts_on = forms.DateField(label=_("Start"), required=False, widget=DATE)
    due_on = forms.DateField(label=_("Due"), widget=DATE)
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners responsible"),
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose partners of this community.")},
    )
    users = forms.ModelMultipleChoiceField(
        label=_("Other members responsible"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose people who are members of this community.")},
        help_text=_("People who sign in to this community and are not listed as partners above."),
    )
    resources = forms.CharField(
        label=_("Resources needed"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Time, money, space, skills, child care, interpretation…"),
    )
    measure = forms.CharField(
        label=_("Measures of success"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("How the team will know it worked."),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ActionStatus.choices, initial=ActionStatus.NOT_STARTED
    )

    def __init__(self, *args, community: Community, keep_users=(), **kwargs):
        super().__init__(*args, **kwargs)
        partners = responsible_partners(community)
        self.fields["partners"].queryset = partners.only("pk", "name").order_by("name")  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        # A member who is also a partner here is offered once, as the partner (their sign-in is linked).
        linked = partners.filter(user__isnull=False).values("user_id")
        self.fields["users"].queryset = (  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
            responsible_people(community)
            .filter(~Q(pk__in=linked) | Q(pk__in=list(keep_users)))
            .only("pk", "name", "email")
        )
        self.fields["users"].label_from_instance = lambda user: user.display_name  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]

    def clean(self):
        super().clean()
        data = self.cleaned_data  # what BaseForm.clean returns (its stub allows None)
        starts, due = data.get("starts_on"), data.get("due_on")
        if starts and due and due < starts:
            self.add_error("due_on", _("The due date cannot be before the start date."))
        return data


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("What happened"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    noted_on = forms.DateField(label=_("Date"), widget=DATE)
    status = forms.ChoiceField(
        label=_("Change the status"),
        choices=[("", _("No change"))] + list(ActionStatus.choices),
        required=False,
    )

    def __init__(self, *args, can_change_status: bool, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("noted_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        if not can_change_status:
            del self.fields["status"]

    def clean(self):
        data = super().clean() or {}
        # A new status alone is worth saving (a parent marking her action done from her phone).
        if not (data.get("text") or "").strip() and not data.get("status") and "text" not in self.errors:
            self.add_error("text", _("Write what happened before saving."))
        return data

    def clean_noted_on(self):
        noted_on = self.cleaned_data["noted_on"]
        if noted_on > timezone.localdate():
            raise forms.ValidationError(
                _("A progress note records what already happened: pick today or earlier.")
            )
        return noted_on


class IntentionForm(forms.Form):
    intention = forms.ChoiceField(
        label=_("The intention I hold"), choices=Intention.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("A note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What it will look like for you in this work. Everyone on the team can read it."),
    )
