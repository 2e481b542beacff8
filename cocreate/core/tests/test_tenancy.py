"""Tenancy without gaps: every table of ours that holds an organization's data carries `organization`.

The walk covers every model of our apps, including the tables Django creates for a many-to-many field
without `through=` and simple-history's historical models. A historical model copies every field of
its model, so it carries `organization` exactly when its model does: the rule applies to it unchanged
(and `HistoricalOrganization` is allowed for the same reason as `Organization`). A new model, a new
many-to-many field without an explicit `through` model, or a new history on a model without
`organization` fails here.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models

# Tables that hold no one organization's data, each with its reason. Keep this list short.
GLOBAL_TABLES = {
    "core.Organization": "the tenant itself",
    "core.HistoricalOrganization": "the tenant's own history",
    "accounts.User": "a person's sign-in is theirs, not one organization's; memberships tie it to each",
    "accounts.User_groups": "Django's auth groups: unused, access comes from memberships",
    "notifications.NotificationPreference": (
        "how a person wants to hear about each kind of notification, like her language: hers in every organization"
    ),
    "accounts.User_user_permissions": "Django's auth permissions: unused, access comes from memberships",
    "leaders.SubmissionAttempt": (
        "the public application form's throttle: a salted hash of an address and a time, kept a day, "
        "counted across every organization's calls (abuse does not stop at one tenant)"
    ),
}

# Tables whose `organization` may be empty, and what empty means.
SHARED_WHEN_EMPTY = {
    "assessments.Instrument": "the built-in instrument library, shared by every organization",
    "assessments.InstrumentVersion": "a version of a built-in instrument",
    "assessments.Section": "a section of a built-in instrument",
    "assessments.Item": "an item of a built-in instrument",
    "partners.RoleTemplate": "a built-in role description, shared by every organization",
    "worksheets.WorksheetTemplate": "the built-in worksheet templates, shared by every organization",
    "worksheets.TemplateVersion": "a version of a built-in worksheet template",
}


def our_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_config.name.startswith("cocreate.")
    ]


def field_or_none(model: type[models.Model], name: str):
    try:
        return model._meta.get_field(name)
    except Exception:
        return None


def is_historical(model: type[models.Model]) -> bool:
    return hasattr(model, "instance_type")  # simple-history's models point back at the model they copy


def test_it_walks_every_kind_of_table():
    labels = {m._meta.label for m in our_models()}
    assert "observations.ObservationPlanObserver" in labels  # explicit through models
    assert "accounts.User_groups" in labels  # automatic many-to-many tables
    assert "partners.HistoricalPartner" in labels  # simple-history's


def test_it_finds_organization_on_every_table_of_our_apps():
    missing = [
        model._meta.label
        for model in our_models()
        if model._meta.label not in GLOBAL_TABLES
        and not isinstance(field_or_none(model, "organization"), models.ForeignKey)
    ]
    assert missing == [], (
        "These tables hold an organization's data without an `organization` foreign key. Add one "
        "(for a many-to-many field: an explicit `through` model carrying organization, and community "
        "when the row belongs to one), or, for a truly global table, add it to GLOBAL_TABLES with why."
    )


def test_it_keeps_the_allowlist_true():
    labels = {m._meta.label for m in our_models()}
    stale = sorted(set(GLOBAL_TABLES) - labels)
    assert stale == [], "These allowlisted tables no longer exist; remove them (or scope their successors)."


def test_it_requires_organization_except_on_the_shared_library():
    optional = [
        model._meta.label
        for model in our_models()
        if not is_historical(model)  # history keeps foreign keys nullable by design
        and model._meta.label not in GLOBAL_TABLES
        and model._meta.label not in SHARED_WHEN_EMPTY
        and field_or_none(model, "organization") is not None
        and model._meta.get_field("organization").null
    ]
    assert optional == []


def test_it_gives_many_to_many_rows_the_community_of_what_they_belong_to():
    """A many-to-many row of a community's plan, record or item carries that community too."""
    gaps = []
    for model in our_models():
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            assert through is not None
            label = through._meta.label
            if label in GLOBAL_TABLES:
                continue
            if field_or_none(model, "community") is not None and field_or_none(through, "community") is None:
                gaps.append(label)
    assert gaps == []


def test_it_scopes_the_rows_that_name_observers_and_partners(cast):
    from cocreate.observations.models import ObservationPlanObserver, ObservationRecordObserver
    from cocreate.observations.tests.helpers import make_record, riverside_plan
    from cocreate.partners.tests.helpers import riverside_parent
    from cocreate.planning import feedback
    from cocreate.planning.models import FeedbackItemPartner

    plan = riverside_plan(cast)
    make_record(cast, plan, observers=[cast.lead, cast.partner])
    parent = riverside_parent(cast)
    feedback.do_record_feedback(
        cast.community, acting_user=cast.lead, said="Later, please", partners=[parent]
    )

    for through in (ObservationPlanObserver, ObservationRecordObserver, FeedbackItemPartner):
        scopes = set(through.objects.values_list("organization_id", "community_id"))
        assert scopes == {(cast.org.pk, cast.community.pk)}, through


def test_it_gives_an_organizations_own_instrument_its_organization(cast):
    from cocreate.assessments.instruments import copy_to_organization, load_builtin
    from cocreate.assessments.models import InstrumentVersion, Item

    load_builtin()
    builtin = InstrumentVersion.objects.filter(instrument__organization__isnull=True).first()
    assert builtin is not None
    own = copy_to_organization(builtin, cast.org, cast.admin)

    assert own.organization_id == cast.org.pk
    assert set(Item.objects.filter(version=own).values_list("organization_id", flat=True)) == {cast.org.pk}
    assert set(own.sections.values_list("organization_id", flat=True)) == {cast.org.pk}
    assert Item.objects.filter(version=builtin, organization__isnull=False).count() == 0
