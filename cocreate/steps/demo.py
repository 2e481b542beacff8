"""Riverside's own view of the eight steps for the demo: a rating, notes and a next step for each,
some written by the parent on the team (María), the rest by the lead. Written through `do_rate_step`;
a community whose steps are rated already is left alone."""

from __future__ import annotations

from cocreate.accounts.models import User
from cocreate.core.demo import DEMO_DOMAIN
from cocreate.core.models import Community

from .actions import do_rate_step
from .models import Rating, StepRating

# step: (rating, notes, next step, who wrote it)
RIVERSIDE = {
    1: (
        Rating.UNDER_WAY,
        "Everyone came to the co-production training in the spring. Leaders now open meetings by asking "
        "parents first, which changed the tone.",
        "A second session for the new members who joined in the autumn.",
        "lead",
    ),
    2: (
        Rating.UNDER_WAY,
        "Parents, the agency and the intermediary are at the table. We still have no researcher, and "
        "the county funder only reads the minutes.",
        "Invite the county's program officer to one meeting a quarter.",
        "parent",
    ),
    3: (
        Rating.STRONG,
        "Our shared agreement is published and everyone signed it. Facilitation and note taking rotate.",
        "Review the agreement together in January.",
        "parent",
    ),
    4: (
        Rating.UNDER_WAY,
        "We did the capacity assessment together and set our goals from the gaps we chose.",
        "Finish the mission statement worksheet with the parent council.",
        "lead",
    ),
    5: (
        Rating.STARTING,
        "Some decisions were still made by staff between meetings.",
        "Use consent for every decision that changes what families are asked to do.",
        "parent",
    ),
    6: (
        Rating.UNDER_WAY,
        "Every action has someone responsible and a date. Parents are paid for their time now.",
        "Check that child care is covered for the evening meetings.",
        "lead",
    ),
    7: (
        Rating.STARTING,
        "We collect feedback, but we are slow to tell people what we did with it.",
        "Report back at the start of every meeting: you said, we did.",
        "lead",
    ),
    8: (
        Rating.NOT_STARTED,
        "Too early for us. We want the first year to work before we think about spreading it.",
        "",
        "lead",
    ),
}


def seed_steps(communities: dict[str, Community]) -> None:
    riverside = communities.get("riverside")
    if riverside is None or StepRating.objects.filter(community=riverside).exists():
        return
    people = {u.email.split("@")[0]: u for u in User.objects.filter(email__endswith="@" + DEMO_DOMAIN)}
    for step, (rating, notes, next_step, who) in RIVERSIDE.items():
        do_rate_step(
            riverside,
            acting_user=people.get(who),
            step=step,
            version=None,
            rating=rating,
            notes=notes,
            next_step=next_step,
        )
