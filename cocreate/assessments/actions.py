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

from . import answering, disclosure, scoring
from .models import (
    Administration,
    AdministrationStatus,
    Audience,
    Consensus,
    GapFlag,
    InstrumentVersion,
    Invitee,
    Item,
    Kind,
    Reflection,
    Response,
)


class AdministrationClosed(WriteError):
    def __init__(self):
        super().__init__(_("This assessment is closed; its answers and agreed values can no longer change."))


def perspective_of(user, community: Community) -> str:
    """Lived experience when the person's partner record in this community says so."""
    return answering.perspective_of(user.pk, community.pk)


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


def clean_answers(
    adm: Administration,
    answers: Mapping[str, Any],
    *,
    complete: bool,
    dont_know: Iterable[str] = (),
    asked: Iterable[str] | None = None,
) -> tuple[dict[str, int], list[str]]:
    """(answers on the scale, items answered "I don't know") for the items asked (`asked`, else every
    item of the version); require an answer for every item asked when `complete`.

    "I don't know" is the value `answering.DONT_KNOW` in `answers`, or the key in `dont_know`; it is
    accepted only for items that offer it. Answers to items not asked are dropped.
    """
    items = [key for key, _section in adm.version.item_keys] if asked is None else list(asked)
    allowed = set(adm.version.scale_values)
    offers = adm.version.dont_know_keys
    unknown_given = set(dont_know)
    clean: dict[str, int] = {}
    unknown: list[str] = []
    errors: dict[str, str] = {}
    for key in items:
        raw = answers.get(key)
        if raw == answering.DONT_KNOW or (key in unknown_given and raw in (None, "")):
            if key in offers:
                unknown.append(key)
            else:
                errors[key] = _("Choose one of the answers offered.")
            continue
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
    return clean, unknown


def _texts(values: Mapping[str, object], keys: Iterable[str], limit: int = 4000) -> dict[str, str]:
    return {k: str(values[k]).strip()[:limit] for k in keys if str(values.get(k) or "").strip()}


def _collecting(adm: Administration, invitee: Invitee) -> None:
    if adm.status != AdministrationStatus.OPEN or invitee.submitted_at:
        raise WriteError(_("Answers for this assessment are no longer being collected."))


@transaction.atomic
def do_save_draft(
    invitee: Invitee,
    *,
    answers: Mapping,
    evidence: Mapping,
    reflections: Mapping | None,
    dont_know: Iterable[str] = (),
    keys: Iterable[str] | None = None,
    at: int | None = None,
) -> dict:
    """Keep what the person has answered so far; nobody else sees a draft. Returns the draft.

    `keys` are the items this save covers (one section's page); the draft's other answers are kept.
    Without `keys`, every item she is asked is covered. `reflections=None` keeps the saved ones; `at`
    remembers the section she was on, to come back to. Two saves at once (an autosave and a click) are
    serialised on the invitation, so neither loses the other's answers.
    """
    adm = invitee.administration
    _collecting(adm, invitee)
    current = Invitee.objects.select_for_update().only("draft", "submitted_at").get(pk=invitee.pk)
    if current.submitted_at:
        raise WriteError(_("You have already sent your answers for this assessment."))
    covered = list(keys) if keys is not None else [key for key, _section in adm.version.item_keys]
    clean, unknown = clean_answers(adm, answers, complete=False, dont_know=dont_know, asked=covered)
    draft = dict(current.draft or {})
    covered_set = set(covered)
    kept_answers = {k: v for k, v in (draft.get("answers") or {}).items() if k not in covered_set}
    kept_unknown = [k for k in (draft.get("dont_know") or []) if k not in covered_set]
    kept_evidence = {k: v for k, v in (draft.get("evidence") or {}).items() if k not in covered_set}
    draft["answers"] = {**kept_answers, **clean}
    draft["dont_know"] = kept_unknown + unknown
    draft["evidence"] = {**kept_evidence, **_texts(evidence, covered)}
    if reflections is not None:
        draft["reflections"] = _texts(reflections, adm.version.prompt_keys)
    if at is not None:
        draft["at"] = at
    invitee.draft = draft
    invitee.draft_saved_at = timezone.now()
    invitee.save(update_fields=["draft", "draft_saved_at"])
    return draft


@transaction.atomic
def do_submit_response(
    invitee: Invitee,
    *,
    answers: Mapping,
    evidence: Mapping,
    reflections: Mapping,
    dont_know: Iterable[str] = (),
    language: str = "",
    anonymous: bool = False,
) -> Response:
    """Submit a person's answers. In an anonymous round, or when the person asks for it in a named
    one, the response keeps no trace of who gave it (the invitation only records that they answered).

    Her perspective is read from her partner record now, as she answers; she answers (and is scored on)
    the sections the round asks of that perspective. "I don't know" answers are kept apart: counted,
    never scored. All of it is one transaction: either everything is sent or nothing is.
    """
    adm = Administration.objects.select_for_update().get(pk=invitee.administration_id)
    adm.version = invitee.administration.version
    adm.community = invitee.administration.community
    if adm.status != AdministrationStatus.OPEN:
        raise WriteError(_("Answers for this assessment are no longer being collected."))
    perspective = answering.perspective_of(invitee.user_id, adm.community_id)
    steps = answering.steps_for(adm, perspective)
    asked = answering.asked_keys(steps)
    clean, unknown = clean_answers(adm, answers, complete=True, dont_know=dont_know, asked=asked)
    claimed = Invitee.objects.filter(pk=invitee.pk, submitted_at__isnull=True).update(
        submitted_at=timezone.now(), draft={}, draft_saved_at=None, perspective=perspective
    )
    if not claimed:
        raise WriteError(_("You have already sent your answers for this assessment."))
    invitee.perspective = perspective
    prompts = adm.version.prompt_keys
    anonymous = anonymous or adm.anonymous
    every_section = len(steps) == len({section for _key, section in adm.version.item_keys})
    response = Response.objects.create(
        organization_id=adm.organization_id,
        administration=adm,
        respondent_id=None if anonymous else invitee.user_id,
        perspective=perspective,
        language=(language or get_language() or "")[:10],
        answers=clean,
        dont_know=unknown,
        sections=[] if every_section else [step.section.key for step in steps],
        evidence=_texts(evidence, asked),
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


def _add_to_sums(sums: dict[str, list], answers: Mapping[str, int | None]) -> None:
    for key, value in answers.items():
        if value is None:  # never stored so, but a hand-edited row must not break the sums
            continue
        total = sums.setdefault(key, [0, 0])
        total[0] += value
        total[1] += 1


@transaction.atomic
def do_set_audiences(adm: Administration, *, acting_user, audiences: Mapping[str, str]) -> Administration:
    """Choose who this round asks each section: everyone, professionals only, or partners with lived
    experience only. Only before anyone has answered: afterwards the answers were given to the sections
    as they were asked."""
    current = lock(adm)
    if current.is_closed:
        raise AdministrationClosed()
    if current.response_count:
        raise WriteError(
            _("Someone has already answered: who is asked which section can no longer change in this round.")
        )
    sections = list(adm.version.sections.order_by("position"))
    chosen: dict[str, str] = {}
    errors: dict[str, str] = {}
    for section in sections:
        value = audiences.get(section.key) or section.audience
        if value not in Audience.values:
            errors[section.key] = _("Choose who is asked this section.")
        elif value != section.audience:
            chosen[section.key] = value
    if errors:
        raise WriteError(errors)
    adm.audiences = chosen
    adm.save(update_fields=["audiences"])
    return adm


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
