"""Writes for assessments. Views, the API, commands and tests all go through these."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cocreate.core.concurrency import lock
from cocreate.core.errors import WriteError
from cocreate.core.models import Community

from . import disclosure, scoring
from .models import (
    Administration,
    AdministrationStatus,
    Consensus,
    GapFlag,
    InstrumentVersion,
    Invitee,
    Item,
    Kind,
    Perspective,
    Reflection,
    Response,
)


class AdministrationClosed(WriteError):
    def __init__(self):
        super().__init__(_("This assessment is closed; its answers and agreed values can no longer change."))


def perspective_of(user, community: Community) -> str:
    """Lived experience when the person's partner record in this community says so."""
    from cocreate.partners.models import Partner

    lived = Partner.objects.filter(
        community=community, user=user, lived_experience=True, erased_at__isnull=True
    )
    return Perspective.LIVED if lived.exists() else Perspective.PROFESSIONAL


@transaction.atomic
def do_open_administration(
    community: Community,
    *,
    version: InstrumentVersion,
    acting_user,
    invitees: Iterable = (),
    title: str = "",
    title_parts: dict | None = None,
    stage: str = "",
    due_on=None,
    anonymous: bool = False,
) -> Administration:
    """Open a round of an instrument in a community and invite people to answer it alone. A title the
    product composes comes with its `title_parts`, so each reader sees it in her language."""
    adm = Administration.objects.create(
        organization=community.organization,
        community=community,
        version=version,
        instrument_key=version.instrument.key,
        title=title,
        title_parts=title_parts or {},
        stage=stage or community.stage,
        due_on=due_on,
        anonymous=anonymous,
        opened_by=acting_user,
    )
    do_invite(adm, users=invitees)
    return adm


@transaction.atomic
def do_invite(adm: Administration, *, users: Iterable, acting_user=None) -> list[Invitee]:
    """Add invitees (people already invited are left as they are) and tell them: a notification each,
    whose email (after commit) is the invitation with the link to answer."""
    if adm.is_closed:
        raise AdministrationClosed()
    already = set(adm.invitees.values_list("user_id", flat=True))
    new = [
        Invitee(
            organization_id=adm.organization_id,
            administration=adm,
            user=user,
            perspective=perspective_of(user, adm.community),
        )
        for user in users
        if user.pk not in already
    ]
    Invitee.objects.bulk_create(new)
    if new:
        from . import notifications

        notifications.invited(adm, [i.user for i in new])
    return new


def clean_answers(adm: Administration, answers: Mapping[str, Any], *, complete: bool) -> dict[str, int]:
    """Keep the answers that are on the scale for items of this version; require all when `complete`."""
    items = [key for key, _section in adm.version.item_keys]
    allowed = set(adm.version.scale_values)
    clean: dict[str, int] = {}
    errors: dict[str, str] = {}
    for key in items:
        raw = answers.get(key)
        if raw is None or raw == "":
            if complete:
                errors[key] = _("Choose an answer for this question.")
            continue
        try:
            value = int(raw)
        except (TypeError, ValueError):
            value = None
        if value not in allowed:
            errors[key] = _("Choose one of the answers offered.")
        else:
            clean[key] = value
    if errors:
        raise WriteError(errors)
    return clean


def _texts(values: Mapping[str, object], keys: Iterable[str], limit: int = 4000) -> dict[str, str]:
    return {k: str(values[k]).strip()[:limit] for k in keys if str(values.get(k) or "").strip()}


@transaction.atomic
def do_save_draft(invitee: Invitee, *, answers: Mapping, evidence: Mapping, reflections: Mapping) -> None:
    """Keep what the person has answered so far; nobody else sees a draft."""
    adm = invitee.administration
    if adm.status != AdministrationStatus.OPEN or invitee.submitted_at:
        raise WriteError(_("Answers for this assessment are no longer being collected."))
    item_keys = [key for key, _section in adm.version.item_keys]
    prompts = adm.version.prompt_keys
    invitee.draft = {
        "answers": clean_answers(adm, answers, complete=False),
        "evidence": _texts(evidence, item_keys),
        "reflections": _texts(reflections, prompts),
    }
    invitee.draft_saved_at = timezone.now()
    invitee.save(update_fields=["draft", "draft_saved_at"])


@transaction.atomic
def do_submit_response(
    invitee: Invitee,
    *,
    answers: Mapping,
    evidence: Mapping,
    reflections: Mapping,
    language: str = "",
    anonymous: bool = False,
) -> Response:
    """Submit a person's answers. In an anonymous round, or when the person asks for it in a named
    one, the response keeps no trace of who gave it (the invitation only records that they answered)."""
    adm = Administration.objects.select_for_update().get(pk=invitee.administration_id)
    adm.version = invitee.administration.version
    adm.community = invitee.administration.community
    if adm.status != AdministrationStatus.OPEN:
        raise WriteError(_("Answers for this assessment are no longer being collected."))
    clean = clean_answers(adm, answers, complete=True)
    claimed = Invitee.objects.filter(pk=invitee.pk, submitted_at__isnull=True).update(
        submitted_at=timezone.now(), draft={}, draft_saved_at=None
    )
    if not claimed:
        raise WriteError(_("You have already sent your answers for this assessment."))
    item_keys = [key for key, _section in adm.version.item_keys]
    prompts = adm.version.prompt_keys
    anonymous = anonymous or adm.anonymous
    response = Response.objects.create(
        organization_id=adm.organization_id,
        administration=adm,
        respondent_id=None if anonymous else invitee.user_id,
        perspective=invitee.perspective,
        language=(language or get_language() or "")[:10],
        answers=clean,
        evidence=_texts(evidence, item_keys),
        reflections=_texts(reflections, prompts),
        submitted_at=None if anonymous else timezone.now(),
    )
    # The round is locked (select_for_update), so the count and scores written here include every
    # response sent before this one; one UPDATE writes both. While answers are collected the cache
    # keeps running sums per item, so a new answer adds to them instead of re-reading every response.
    sums = adm.scores.get("sums")
    if sums is None:  # a round cached before running sums existed: start them from its responses
        sums = {}
        for previous in (
            ()
            if adm.response_count == 0
            else (
                Response.objects.filter(administration_id=adm.pk)
                .exclude(pk=response.pk)
                .values_list("answers", flat=True)
            )
        ):
            _add_to_sums(sums, previous)
    _add_to_sums(sums, clean)
    adm.response_count += 1
    version = adm.version
    # While answers are collected the cache shows nothing built from them (`disclosure`, rule 4).
    adm.scores = disclosure.cached_results(
        status=adm.status,
        items=version.item_keys,
        answers=[],
        agreed={},
        method=version.scoring,
        maximum=max(version.scale_values),
        target=None if version.target is None else float(version.target),
        sums=sums,
        responses=adm.response_count,
    )
    adm.scores["sums"] = sums
    Administration.objects.filter(pk=adm.pk).update(response_count=F("response_count") + 1, scores=adm.scores)
    invitee.administration.response_count, invitee.administration.scores = adm.response_count, adm.scores
    return response


def _add_to_sums(sums: dict[str, list], answers: Mapping[str, int]) -> None:
    for key, value in answers.items():
        total = sums.setdefault(key, [0, 0])
        total[0] += value
        total[1] += 1


def _set_status(adm: Administration, status: str, **fields) -> Administration:
    """Move a round on; the row is locked, and a round already in `status` is left as it is (a second
    click on "Close" or "Start the conversation" is no error)."""
    current = lock(adm)
    if current.status == status:
        adm.status = current.status
        for name in fields:
            setattr(adm, name, getattr(current, name))
        return adm
    if current.is_closed:
        raise AdministrationClosed()
    adm.status = status
    for name, value in fields.items():
        setattr(adm, name, value)
    adm.save(update_fields=["status", *fields])
    return adm


@transaction.atomic
def do_start_consensus(adm: Administration, *, acting_user=None) -> Administration:
    """Stop collecting answers and start the team's item-by-item conversation."""
    if adm.version.kind != Kind.TEAM:
        raise WriteError(_("This instrument is a survey: its answers are summarized, not agreed."))
    if adm.response_count == 0:
        raise WriteError(_("Nobody has answered yet: the conversation starts from individual answers."))
    _set_status(adm, AdministrationStatus.CONSENSUS)
    refresh_scores(adm)  # answers are no longer collected: their figures may now be shown
    return adm


@transaction.atomic
def do_record_consensus(
    adm: Administration, *, acting_user, item: Item, value: int, note: str = "", artifacts: str = ""
) -> Consensus:
    """Store the team's agreed value for one item; the individual ratings stay as they were."""
    if adm.is_closed:
        raise AdministrationClosed()
    if adm.status != AdministrationStatus.CONSENSUS:
        raise WriteError(_("Start the consensus session before recording agreed values."))
    if item.version_id != adm.version_id:
        raise WriteError(_("That item is not part of this assessment."))
    if value not in adm.version.scale_values:
        raise WriteError({"value": _("Choose one of the values on the scale.")})
    consensus, _created = Consensus.objects.update_or_create(
        administration=adm,
        item=item,
        defaults={
            "organization_id": adm.organization_id,
            "value": value,
            "note": note.strip(),
            "artifacts": artifacts.strip(),
            "recorded_by": acting_user,
            "recorded_at": timezone.now(),
        },
    )
    refresh_scores(adm)
    return consensus


@transaction.atomic
def do_close(adm: Administration, *, acting_user=None) -> Administration:
    """Lock the round: no more answers or agreed values; everything recorded stays readable."""
    _set_status(adm, AdministrationStatus.CLOSED, closed_at=timezone.now())
    refresh_scores(adm)
    return adm


def compute_results(adm: Administration, responses: list[Response] | None = None) -> scoring.Results:
    """Scores from the stored answers and agreed values, as `disclosure` lets them be shown."""
    version = adm.version
    if responses is None:
        answers = list(Response.objects.filter(administration_id=adm.pk).values_list("answers", flat=True))
    else:
        answers = [r.answers for r in responses]
    # Agreed values exist only from the consensus session on; while answers are collected, skip the query.
    if adm.status == AdministrationStatus.OPEN:
        agreed = {}
    else:
        agreed = dict(Consensus.objects.filter(administration_id=adm.pk).values_list("item__key", "value"))
    return disclosure.results(
        status=adm.status,
        items=version.item_keys,
        answers=answers,
        agreed=agreed,
        method=version.scoring,
        maximum=max(version.scale_values),
        target=None if version.target is None else float(version.target),
    )


def refresh_scores(adm: Administration) -> None:
    """Recompute the cached scores the trend and the community page read (with `disclosure`'s marker)."""
    adm.scores = {**compute_results(adm).as_cache(), "rule": disclosure.RULE}
    Administration.objects.filter(pk=adm.pk).update(scores=adm.scores)


@transaction.atomic
def do_flag_gap(adm: Administration, *, item: Item, acting_user) -> GapFlag:
    """ "Make this a goal": keep a below-target item as a pending gap until a goal takes it over."""
    score = adm.scores.get("items", {}).get(item.key)
    target = adm.version.target
    if item.version_id != adm.version_id:
        raise WriteError(_("That item is not part of this assessment."))
    if score is None or target is None or Decimal(str(score)) >= target:
        raise WriteError(_("Only items below the target can be turned into goals."))
    flag, _created = GapFlag.objects.get_or_create(
        administration=adm,
        item=item,
        defaults={
            "organization_id": adm.organization_id,
            "community_id": adm.community_id,
            "score": Decimal(str(score)),
            "flagged_by": acting_user,
        },
    )
    return flag


@transaction.atomic
def do_write_reflection(
    community: Community, *, acting_user, domain: str, stage: str, question_key: str, answer: str
) -> Reflection:
    """Keep a team's dated answer to a stage-guided question; earlier answers stay in its history."""
    from .instruments import stage_questions

    questions = stage_questions().get(domain, {}).get(stage, [])
    if question_key not in {q["key"] for q in questions}:
        raise WriteError(_("That question is not one of the questions for this domain and stage."))
    if not answer.strip():
        raise WriteError({"answer": _("Write the team's reflection before saving.")})
    return Reflection.objects.create(
        organization=community.organization,
        community=community,
        domain=domain,
        stage=stage,
        question_key=question_key,
        answer=answer.strip(),
        written_by=acting_user,
    )
