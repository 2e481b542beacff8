"""The eight steps of putting co-production into practice, in our own words: each with a name, its
meaning in one line, and the few things it asks of a team."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Step:
    number: int
    name: str | Promise
    meaning: str | Promise
    asks: tuple[str | Promise, ...]


STEPS: tuple[Step, ...] = (
    Step(
        1,
        _("Think and act as co-producers"),
        _("Everyone understands what co-production is and why it matters, and leaders live it."),
        (
            _("Make time to learn together: training, conversations, reflection and people's own stories."),
            _("Respect, openness and working together are practised every day, first of all by leaders."),
        ),
    ),
    Step(
        2,
        _("Bring the right people in"),
        _("The people who should shape the work are known, invited, and get to know one another."),
        (
            _("Name who belongs: people with lived experience, carers, families, professionals, neighbours."),
            _("Build trust before plans: informal talks, gatherings and workshops come first."),
        ),
    ),
    Step(
        3,
        _("Set up how we work together"),
        _("A team with a mix of voices, clear roles, and ground rules everyone agreed to."),
        (
            _("Form teams where people who use services sit with those who run and support them."),
            _("Everyone knows what they are there to do and how decisions get made."),
            _("Agree together how we talk, listen and treat each other, with care and curiosity."),
        ),
    ),
    Step(
        4,
        _("Plan and design together"),
        _("Needs, goals and solutions come from the whole group, not from a ready-made agenda."),
        (
            _("Look at needs together, so priorities no single view would see come to light."),
            _("Write clear goals everyone helped set and can reach."),
            _("Design answers together in workshops and co-design sessions."),
        ),
    ),
    Step(
        5,
        _("Decide together"),
        _("Decisions are made so nobody is left out, and everyone can see how they were made."),
        (
            _("Agree how decisions are taken; consent or consensus keeps everyone in, even if slower."),
            _("Write decisions down and share them, so trust and accountability grow."),
        ),
    ),
    Step(
        6,
        _("Put plans into action together"),
        _("Everyone has a hand in what happens next, and time, money and support are shared fairly."),
        (
            _("Agree together who does what, by when, and how we will know it is working."),
            _("Share time, money and support so everyone can really take part."),
        ),
    ),
    Step(
        7,
        _("Listen, learn and adjust"),
        _("People can safely say how it is going, we act on it, and we measure and adapt together."),
        (
            _("Offer regular, safe chances to give feedback, and show what was done with it."),
            _("Check progress with measures the group agreed, and make sense of the results together."),
            _("Keep changing what we do as needs and relationships change."),
        ),
    ),
    Step(
        8,
        _("Keep it going and let it grow"),
        _("People stay involved, see the difference they make, and grow; what works spreads with care."),
        (
            _("Show people the difference they made, celebrate progress, and stay in touch."),
            _("Keep offering support and chances to learn, so people can take on more."),
            _("Spread what works to new places, adapting it while keeping its values."),
        ),
    ),
)

BY_NUMBER = {step.number: step for step in STEPS}
