"""The policy's arithmetic, checked against figures worked out by hand."""

from decimal import Decimal as D

from cocreate.compensation.money import Inputs, Rates, work_out

HOURLY = Rates(
    honorarium_basis="hour",
    honorarium_rate=D("25.00"),
    max_prep_hours=D("2"),
    max_meeting_hours=D("3"),
    max_travel_hours=D("1.5"),
    childcare_daily_cap=D("60.00"),
    mileage_rate=D("0.670"),
)


def amounts(lines):
    return {line.kind: line.amount for line in lines}


def test_an_hourly_honorarium_pays_each_part_up_to_its_maximum():
    # 1.5 h prep = 37.50; 4 h meeting capped at 3 h = 75.00; 0.75 h travel = 18.75.
    lines, total = work_out(HOURLY, Inputs(prep_hours=D("1.5"), meeting_hours=D("4"), travel_hours=D("0.75")))
    assert amounts(lines) == {"prep": D("37.50"), "meeting": D("75.00"), "travel_time": D("18.75")}
    assert [line.note for line in lines] == ["", "capped", ""]
    assert total == D("131.25")


def test_child_care_above_the_cap_waits_for_the_exception_then_pays_what_was_approved():
    cost = D("85.00")
    lines, total = work_out(HOURLY, Inputs(childcare_cost=cost, exception_status="pending"))
    assert amounts(lines) == {"childcare": D("60.00"), "childcare_above_cap": D("0")}
    assert lines[1].note == "waiting" and lines[1].claimed == D("25.00")
    assert total == D("60.00")

    lines, total = work_out(
        HOURLY, Inputs(childcare_cost=cost, exception_status="approved", exception_amount=D("85.00"))
    )
    assert amounts(lines) == {"childcare": D("60.00"), "childcare_above_cap": D("25.00")}
    assert total == D("85.00")

    # Approved for less than was spent: pays up to the amount approved.
    lines, total = work_out(
        HOURLY, Inputs(childcare_cost=cost, exception_status="approved", exception_amount=D("70.00"))
    )
    assert amounts(lines)["childcare_above_cap"] == D("10.00") and total == D("70.00")

    lines, total = work_out(HOURLY, Inputs(childcare_cost=cost, exception_status="refused"))
    assert lines[1].note == "not_covered" and total == D("60.00")


def test_mileage_rounds_each_line_half_up_to_the_cent():
    # 23.5 miles × 0.670 = 15.745 → 15.75 (half up, not banker's 15.74).
    lines, total = work_out(HOURLY, Inputs(travel_mode="mileage", miles=D("23.5")))
    assert amounts(lines) == {"mileage": D("15.75")}
    assert total == D("15.75")


def test_actual_costs_pay_each_receipt():
    expenses = (("parking", D("12.00")), ("tolls", D("3.25")))
    lines, total = work_out(HOURLY, Inputs(travel_mode="actual", expenses=expenses, miles=D("40")))
    assert amounts(lines) == {"expense:parking": D("12.00"), "expense:tolls": D("3.25")}
    assert total == D("15.25")


def test_a_day_rate_pays_one_day_for_the_event():
    daily = Rates(**{**HOURLY.__dict__, "honorarium_basis": "day", "honorarium_rate": D("150.00")})
    lines, total = work_out(daily, Inputs(prep_hours=D("2"), meeting_hours=D("6")))
    assert amounts(lines) == {"day": D("150.00")}
    assert total == D("150.00")


def test_the_journey_claim_to_the_cent():
    # Journey 7: 1.5 h prep, 2 h meeting, 1 h travel, 18 miles, child care 85 against a 60 cap, approved.
    lines, total = work_out(
        HOURLY,
        Inputs(
            prep_hours=D("1.5"),
            meeting_hours=D("2"),
            travel_hours=D("1"),
            childcare_cost=D("85.00"),
            travel_mode="mileage",
            miles=D("18"),
            exception_status="approved",
            exception_amount=D("85.00"),
        ),
    )
    # 37.50 + 50.00 + 25.00 + 60.00 + 25.00 + 12.06 = 209.56
    assert amounts(lines) == {
        "prep": D("37.50"),
        "meeting": D("50.00"),
        "travel_time": D("25.00"),
        "childcare": D("60.00"),
        "childcare_above_cap": D("25.00"),
        "mileage": D("12.06"),
    }
    assert total == D("209.56")
