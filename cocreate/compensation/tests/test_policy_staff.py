from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone

from cocreate.compensation import policy as policies
from cocreate.compensation.models import Policy
from cocreate.core.errors import WriteError

from .staff_helpers import claim_for, policy_of


def fields(**over):
    values = dict(
        effective_from=timezone.localdate(),
        currency="USD",
        honorarium_basis="hour",
        honorarium_rate=D("30.00"),
        max_prep_hours=D("2"),
        max_meeting_hours=D("3"),
        max_travel_hours=D("1.5"),
        childcare_daily_cap=D("60.00"),
        childcare_exception_approver=None,
        mileage_rate=D("0.670"),
        actual_costs_allowed=True,
        special_event_approver=None,
        notice_en="Taxable, not withheld.",
        notice_es="Sujeto a impuestos, sin retención.",
        reporting_threshold=D("600.00"),
    )
    values.update(over)
    return values


def test_it_shows_the_policy_in_force_in_the_readers_language(client, cast):
    policy_of(cast, childcare_exception_approver=cast.lead)
    client.force_login(cast.partner)  # Spanish
    r = client.get(f"/o/{cast.org.slug}/pay/policy/")
    assert r.status_code == 200
    assert "$25.00" in r.text and "Lee Lead" in r.text
    assert "informe de este pago a su trabajador social" in r.text
    assert "Escribir una nueva versión" not in r.text


def test_it_writes_a_new_version_from_the_form_prefilled_with_the_current_one(client, cast):
    old = policy_of(cast)
    client.force_login(cast.finance)
    r = client.get(f"/o/{cast.org.slug}/pay/policy/new/")
    assert r.status_code == 200 and 'value="25.00"' in r.text
    data = {k: ("" if v is None else v) for k, v in fields(childcare_exception_approver=cast.lead.pk).items()}
    data["effective_from"] = (timezone.localdate() + timedelta(days=3)).isoformat()
    r = client.post(f"/o/{cast.org.slug}/pay/policy/new/", data)
    assert r.status_code == 302
    new = Policy.objects.get(organization=cast.org, number=old.number + 1)
    assert new.honorarium_rate == D("30.00") and new.childcare_exception_approver == cast.lead
    old.refresh_from_db()
    assert old.honorarium_rate == D("25.00")


@pytest.mark.parametrize(
    "name,value",
    [
        ("honorarium_rate", D("20000")),
        ("honorarium_rate", D("-1")),
        ("mileage_rate", D("11")),
        ("max_meeting_hours", D("25")),
        ("currency", "US"),
        ("notice_es", "  "),
    ],
)
def test_it_refuses_absurd_values_at_the_field(cast, name, value):
    with pytest.raises(WriteError) as error:
        policies.do_create_policy_version(cast.org, acting_user=cast.finance, **fields(**{name: value}))
    assert name in error.value.field_errors
    assert not Policy.objects.filter(organization=cast.org).exists()


def test_it_refuses_a_date_in_the_past_or_before_the_latest_version(cast):
    policy_of(cast, effective_from=timezone.localdate() + timedelta(days=30))
    with pytest.raises(WriteError) as error:
        policies.do_create_policy_version(
            cast.org,
            acting_user=cast.finance,
            **fields(effective_from=timezone.localdate() - timedelta(days=1)),
        )
    assert "effective_from" in error.value.field_errors
    with pytest.raises(WriteError) as error:
        policies.do_create_policy_version(cast.org, acting_user=cast.finance, **fields())
    assert "effective_from" in error.value.field_errors


def test_it_refuses_an_approver_from_outside_the_staff(cast):
    with pytest.raises(WriteError) as error:
        policies.do_create_policy_version(
            cast.org, acting_user=cast.finance, **fields(special_event_approver=cast.other_org_admin)
        )
    assert "special_event_approver" in error.value.field_errors


def test_a_new_version_does_not_change_an_open_claims_amounts(cast):
    old = policy_of(cast)
    claim = claim_for(cast)
    before = (claim.total, claim.lines)
    assert claim.total == D("112.50")  # 1.5 h + 2 h + 1 h at $25.00
    policies.do_create_policy_version(
        cast.org, acting_user=cast.finance, **fields(honorarium_rate=D("40.00"))
    )
    claim.refresh_from_db()
    assert claim.policy_id == old.pk and (claim.total, claim.lines) == before


def test_a_same_day_version_no_claim_uses_is_replaced_and_one_in_use_is_kept(cast):
    first = policies.do_create_policy_version(cast.org, acting_user=cast.finance, **fields())
    second = policies.do_create_policy_version(
        cast.org, acting_user=cast.finance, **fields(honorarium_rate=D("31"))
    )
    assert not Policy.objects.filter(pk=first.pk).exists() and second.honorarium_rate == D("31")
    claim_for(cast, policy=second, days_ago=0)
    with pytest.raises(WriteError):
        policies.do_create_policy_version(
            cast.org, acting_user=cast.finance, **fields(honorarium_rate=D("32"))
        )


def test_the_policy_page_keeps_a_flat_query_count(client, cast, django_assert_num_queries):
    policy_of(cast, childcare_exception_approver=cast.lead)
    client.force_login(cast.practitioner)
    page = f"/o/{cast.org.slug}/pay/policy/"
    client.get(page)
    # session, user, memberships; the versions (+approvers); the version in force
    with django_assert_num_queries(5):
        client.get(page)
    for days in range(1, 6):
        policies.do_create_policy_version(
            cast.org,
            acting_user=cast.finance,
            **fields(
                effective_from=timezone.localdate() + timedelta(days=days), special_event_approver=cast.admin
            ),
        )
    with django_assert_num_queries(5):
        r = client.get(page)
    assert r.text.count("Version ") >= 6
