"""Forms for running an administration: opening it, inviting more people, recording an agreed value.

The answer form is not a Django form: its fields are one per item of a data-defined instrument, named
`a-<item key>` (the rating), `e-<item key>` (evidence) and `r-<prompt key>` (reflections); `answer_data`
reads them back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from typing import NamedTuple

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cocreate.accounts.models import User
from cocreate.core.access import Tenant
from cocreate.core.models import Community, Stage

from .access import usable_versions
from .models import Administration, Audience, InstrumentVersion, Section
from .text import pick


def answer_data(post: Mapping, item_keys: Iterable[str], prompt_keys: Iterable[str]):
    """(answers, evidence, reflections) from an answer form's POST, keyed by item and prompt."""
    item_keys = list(item_keys)
    answers = {key: post.get(f"a-{key}", "") for key in item_keys}
    evidence = {key: post.get(f"e-{key}", "") for key in item_keys}
    reflections = {key: post.get(f"r-{key}", "") for key in prompt_keys}
    return answers, evidence, reflections


class PeopleField(forms.ModelMultipleChoiceField):
    """Checkboxes of people, each labelled with whether they bring lived experience."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *args, lived: AbstractSet[int] = frozenset(), **kwargs):
        self.lived = lived
        super().__init__(*args, **kwargs)

    def label_from_instance(self, user) -> str:
        if user.pk in self.lived:
            return gettext("%(name)s · lived experience") % {"name": user.display_name}
        return user.display_name


class People(NamedTuple):
    users: QuerySet  # to offer, by name
    ids: set[int]  # the same people, known without another query
    local: set[int]  # those whose membership is in the community itself
    lived: set[int]  # those recorded as bringing lived experience


def community_people(tenant: Tenant, community: Community, exclude: Iterable[int] = ()) -> People:
    """The people who can be asked to answer in a community.

    Members of the community and the organization-wide staff who serve it; people whose partner record
    in this community says they bring lived experience are marked, because a paired instrument gives
    them the other wording.
    """
    from cocreate.partners.models import Partner

    memberships = tenant.memberships_in(community).filter(user__is_active=True).exclude(user_id__in=exclude)
    local: set[int] = set()
    everyone: set[int] = set()
    for user_id, community_id in memberships.values_list("user_id", "community_id"):
        everyone.add(user_id)
        if community_id == community.pk:
            local.add(user_id)
    lived = set(
        Partner.objects.filter(
            community=community, user_id__in=everyone, lived_experience=True, erased_at__isnull=True
        ).values_list("user_id", flat=True)
    )
    users = User.objects.filter(pk__in=everyone).order_by("name", "email")
    return People(users, everyone, local, lived)


class OpenAdministrationForm(forms.Form):
    version = forms.ModelChoiceField(
        label=_("Instrument"), queryset=InstrumentVersion.objects.none(), empty_label=None
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("For example “Spring 2026 check-in”. Leave empty to use the instrument's name."),
    )
    stage = forms.ChoiceField(
        label=_("Stage"),
        choices=Stage.choices,
        help_text=_("The implementation stage the team is assessing in; trends compare rounds over time."),
    )
    due_on = forms.DateField(
        label=_("Answers due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous answers"),
        required=False,
        help_text=Administration._meta.get_field("anonymous").help_text,
    )
    invitees = PeopleField(
        label=_("Who is asked to answer"),
        queryset=User.objects.none(),
        help_text=_("Each person gets an email with the link and answers alone first."),
        error_messages={"required": _("Choose at least one person to answer.")},
    )

    def __init__(self, *args, tenant: Tenant, community: Community, **kwargs):
        super().__init__(*args, **kwargs)
        version_field = self.fields["version"]
        version_field.queryset = usable_versions(tenant)  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        version_field.label_from_instance = lambda v: f"{pick(v.name)} (v{v.number})"  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        self.fields["stage"].initial = community.stage
        people = community_people(tenant, community)
        field = self.fields["invitees"]
        field.queryset = people.users  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        field.lived = people.lived  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        # The community's own people are asked by default; organization-wide staff, funders and
        # evaluators are listed to be added on purpose.
        field.initial = sorted(people.local)

    def clean_due_on(self):
        due = self.cleaned_data.get("due_on")
        if due and due < timezone.localdate():
            raise forms.ValidationError(_("The due date is in the past. Choose today or a later day."))
        return due


class InviteForm(forms.Form):
    invitees = PeopleField(
        label=_("Invite more people"),
        queryset=User.objects.none(),
        error_messages={"required": _("Choose at least one person to invite.")},
    )

    def __init__(self, *args, tenant: Tenant, community: Community, already: Iterable[int] = (), **kwargs):
        super().__init__(*args, **kwargs)
        people = community_people(tenant, community, exclude=already)
        self.fields["invitees"].queryset = people.users  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        self.fields["invitees"].lived = people.lived  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
        self.has_people = bool(people.ids)


class ConsensusForm(forms.Form):
    """The team's agreed value for one item: the value is theirs to choose, not the average."""

    value = forms.TypedChoiceField(
        label=_("Agreed value"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the value the team agreed on.")},
    )
    note = forms.CharField(
        label=_("What the team said"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
    )
    artifacts = forms.CharField(
        label=_("Artifacts and evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
        help_text=_("Documents, links or examples that show it."),
    )

    def __init__(self, *args, version: InstrumentVersion, item_pk: int, **kwargs):
        # Each item has its own form on the consensus page: ids must not collide.
        kwargs.setdefault("auto_id", f"c{item_pk}-%s")
        super().__init__(*args, **kwargs)
        self.fields["value"].choices = [  # type: ignore[attr-defined]  # form.fields is typed dict[str, Field]
            (p["value"], f"{p['value']} · {pick(p['label'])}") for p in version.scale
        ]


class AudiencesForm(forms.Form):
    """Who a round asks each section of its instrument: one choice per section, named by its key."""

    def __init__(self, *args, adm: Administration, sections: list[Section], **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections
        for section in sections:
            self.fields[section.key] = forms.ChoiceField(
                label=pick(section.title),
                choices=Audience.choices,
                initial=adm.audience_of(section),
                help_text=(
                    gettext("The instrument asks it of: %(who)s.") % {"who": section.get_audience_display()}
                ),
            )

    def audiences(self) -> dict[str, str]:
        return {section.key: self.cleaned_data[section.key] for section in self.sections}
