"""The demo parent's "for me" home, meetings' part: Riverside's shared agreement, published by the
lead and not yet acknowledged by María, so her home asks her to read it. Left alone when Riverside has
published an agreement already (a demo seeded before keeps its own)."""

from __future__ import annotations

from cocreate.accounts.models import User
from cocreate.core.demo import DEMO_DOMAIN
from cocreate.core.models import Community

from . import actions
from .models import AgreementQuestion, AgreementVersion

ALWAYS = {
    AgreementQuestion.DISCUSS: "Everyone speaks once before anyone speaks twice.",
    AgreementQuestion.DECIDE: "We decide by consent: a proposal passes when nobody has a serious objection.",
    AgreementQuestion.MEETINGS: "Evening meetings, with child care and a Spanish interpreter.",
    AgreementQuestion.TIME: "We start and end on time; the agenda goes out a week ahead.",
    AgreementQuestion.FOLLOW_THROUGH: "Each task has a name and a date beside it.",
    AgreementQuestion.PREPARE: "Read the agenda before the meeting; ask if something is not clear.",
    AgreementQuestion.COMMUNICATE: "Text messages for reminders, email for documents.",
    AgreementQuestion.INFORMATION: "A short summary in English and Spanish after each meeting.",
    AgreementQuestion.CONFLICT: "We talk about the idea, not the person, and take a break when we need one.",
}


def seed_agreement(communities: dict[str, Community]) -> None:
    riverside = communities.get("riverside")
    lead = User.objects.filter(email=f"lead@{DEMO_DOMAIN}").first()
    if riverside is None or lead is None:
        return
    if AgreementVersion.objects.filter(community=riverside, published_at__isnull=False).exists():
        return
    answers = {str(q): {"always": ALWAYS[q], "sometimes": "", "never": ""} for q in AgreementQuestion}
    actions.do_save_agreement_draft(riverside, acting_user=lead, answers=answers)
    actions.do_publish_agreement(riverside, acting_user=lead)
