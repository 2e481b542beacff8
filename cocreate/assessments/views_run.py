"""Running an administration: open it, invite, answer alone (save and come back), see who has answered,
hold the consensus session item by item, close it.

Answering is by invitation: the answer page is 404 for anyone not invited, staff included. Staff see
who has answered, never what; in anonymous rounds nothing on these pages ties a person to a response.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cocreate.accounts.http import SignedInRequest
from cocreate.core.access import Tenant, access_community
from cocreate.core.errors import show_on_form
from cocreate.core.views import org_view

from . import actions, answering, disclosure, scoring
from .access import access_administration, access_own_invitation, administrations_in
from .forms import AudiencesForm, ConsensusForm, InviteForm, OpenAdministrationForm, answer_data
from .models import (
    Administration,
    AdministrationStatus,
    Consensus,
    InstrumentVersion,
    Invitee,
    Item,
    Kind,
    Response,
    invited_count,
)
from .text import answer_wordings, pick, plain_text

PER_PAGE = 25
FOLLOW_POLL_SECONDS = 5  # how often a partner's phone asks for the agreed values during the session
MIN_GROUP = disclosure.MIN_GROUP  # items fewer people answered show no spread or evidence


def _context(tenant: Tenant, community, **extra):
    return {
        "tenant": tenant,
        "org": tenant.organization,
        "initiative": community.initiative,
        "community": community,
        **extra,
    }


def _administration(tenant: Tenant, slug: str, pk: int, action: str = "assessment.view"):
    community = access_community(tenant, slug, "assessment.view")
    return community, access_administration(tenant, community, pk, action)


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _detail_url(adm: Administration) -> str:
    return reverse("assessments:detail", args=[adm.organization.slug, adm.community.slug, adm.pk])


# The community's rounds ---------------------------------------------------------------------------


@org_view
def administration_list(request: SignedInRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """The community's rounds, newest first, with how many of those asked have answered."""
    community = access_community(tenant, slug, "assessment.view")
    rounds = administrations_in(tenant, community)
    mine = Invitee.objects.filter(administration=OuterRef("pk"), user=request.user, submitted_at__isnull=True)
    qs = (
        rounds.select_related("version")
        .defer("scores")
        .annotate(
            invited=invited_count(),
            waiting_for_me=Exists(mine),
        )
    )
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    # One trend per instrument the community has used, named as in its latest version.
    used = (
        InstrumentVersion.objects.filter(pk__in=rounds.order_by().values("version_id"))
        .select_related("instrument")
        .order_by("number")
    )
    trends = {version.instrument.key: pick(version.name) for version in used}
    return render(
        request,
        "assessments/run/list.html",
        _context(
            tenant,
            community,
            page=page,
            trends=sorted(trends.items(), key=lambda kv: kv[1]),
            can_run=tenant.can("assessment.run", community),
            open_status=AdministrationStatus.OPEN,
        ),
    )


@org_view
def administration_open(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """Open a round: the instrument, the stage it assesses, who answers, named or anonymous."""
    community = access_community(tenant, slug, "assessment.run")
    form = OpenAdministrationForm(request.POST or None, tenant=tenant, community=community)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        adm = actions.do_open_administration(
            community,
            version=data["version"],
            acting_user=request.user,
            invitees=list(data["invitees"]),
            title=data["title"],
            stage=data["stage"],
            due_on=data["due_on"],
            anonymous=data["anonymous"],
        )
        messages.success(
            request,
            ngettext(
                "Assessment opened. %(n)s person has been emailed the link to answer.",
                "Assessment opened. %(n)s people have been emailed the link to answer.",
                len(data["invitees"]),
            )
            % {"n": len(data["invitees"])},
        )
        return redirect(_detail_url(adm))
    return render(request, "assessments/run/open.html", _context(tenant, community, form=form))


@org_view
def administration_detail(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """Where a round stands. Staff see who has answered (never what); an invitee sees their way in."""
    community, adm = _administration(tenant, slug, pk)
    is_staff = tenant.can("assessment.run", community)
    my_invite = None
    invitees: list[Invitee] = []
    if is_staff:
        invitees = sorted(
            adm.invitees.select_related("user").defer("draft"),
            key=lambda i: (i.user.display_name.lower(), i.pk),
        )
        my_invite = next((i for i in invitees if i.user_id == request.user.pk), None)
        invited, answered = len(invitees), sum(1 for i in invitees if i.submitted_at)
    else:
        my_invite = adm.invitees.defer("draft").filter(user=request.user).first()
        invited, answered = adm.invitees.count(), adm.response_count
    invite_form = None
    if is_staff and not adm.is_closed:
        invite_form = InviteForm(tenant=tenant, community=community, already=[i.user_id for i in invitees])
    return render(
        request,
        "assessments/run/detail.html",
        _context(
            tenant,
            community,
            adm=adm,
            is_staff=is_staff,
            invitees=invitees,
            invited=invited,
            answered=answered,
            missing=invited - answered,
            my_invite=my_invite,
            invite_form=invite_form,
            is_team=adm.version.kind == Kind.TEAM,
            statuses=AdministrationStatus,
        ),
    )


@require_POST
@org_view
def administration_invite(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community, adm = _administration(tenant, slug, pk, "assessment.run")
    if adm.is_closed:
        messages.error(request, _error_text(actions.AdministrationClosed()))
        return redirect(_detail_url(adm))
    already = adm.invitees.values_list("user_id", flat=True)
    form = InviteForm(request.POST, tenant=tenant, community=community, already=already)
    if not form.is_valid():
        messages.error(request, _error_text(ValidationError(form.errors["invitees"])))  # type: ignore[arg-type]  # ErrorList is a list
        return redirect(_detail_url(adm))
    try:
        new = actions.do_invite(adm, users=list(form.cleaned_data["invitees"]), acting_user=request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            ngettext(
                "%(n)s more person has been emailed the link to answer.",
                "%(n)s more people have been emailed the link to answer.",
                len(new),
            )
            % {"n": len(new)},
        )
    return redirect(_detail_url(adm))


# Answering alone ----------------------------------------------------------------------------------
#
# On a phone she answers one section per page ("Section 2 of 5"), every page a real save of her draft
# (and, with JavaScript, a save on every change), comes back where she left off, and sends everything
# from a review page that lists what is still unanswered. The whole form on one page (`?all=1`) is
# kept for those who prefer it on a computer; it posts here without a `step`.


def _scale(adm: Administration) -> list[dict]:
    return [
        {"value": p["value"], "label": pick(p["label"]), "description": pick(p.get("description"))}
        for p in adm.version.scale
    ]


def _item_rows(
    items, perspective: str, values: dict, errors: dict, scale: list[dict], first_number: int = 1
) -> list[dict]:
    """What the item partial needs for each item, filled in with `values` (a draft or a POST)."""
    answers = values.get("answers") or {}
    unknown = set(values.get("dont_know") or ())
    evidence = values.get("evidence") or {}
    rows = []
    for number, item in enumerate(items, start=first_number):
        chosen = answering.DONT_KNOW if item.key in unknown else str(answers.get(item.key, ""))
        rows.append(
            {
                "key": item.key,
                "number": number,
                **answer_wordings(item, perspective),  # text, and the original behind plain words
                "guidance": pick(item.guidance),
                "evidence_prompt": pick(item.evidence_prompt),
                "evidence": evidence.get(item.key, ""),
                "error": errors.get(item.key, ""),
                "options": [dict(point, checked=str(point["value"]) == chosen) for point in scale],
                "offers_dont_know": item.allows_dont_know,
                "dont_know": chosen == answering.DONT_KNOW,
            }
        )
    return rows


def _answer_page(
    adm: Administration,
    steps: list[answering.Step],
    perspective: str,
    values: dict,
    errors: dict | None = None,
) -> dict:
    """Every section she is asked, with its items, for the one-page form."""
    errors = errors or {}
    scale = _scale(adm)
    sections: list[dict] = []
    number = 1
    for step in steps:
        rows = _item_rows(step.items, perspective, values, errors, scale, number)
        number += len(rows)
        sections.append(
            {
                "key": step.section.key,
                "title": pick(step.section.title),
                "description": pick(step.section.description),
                "items": rows,
            }
        )
    reflections = values.get("reflections") or {}
    prompts = [
        {"key": p["key"], "text": pick(p["text"]), "value": reflections.get(p["key"], "")}
        for p in adm.version.definition.get("reflection_prompts", [])
    ]
    return {"sections": sections, "prompts": prompts, "errors": errors}


def _item_errors(error: ValidationError) -> dict[str, str]:
    return {key: " ".join(e) for key, e in error.message_dict.items()}


def _answer_urls(adm: Administration) -> tuple[str, str]:
    base = reverse("assessments:answer", args=[adm.organization.slug, adm.community.slug, adm.pk])
    review = reverse("assessments:answer_review", args=[adm.organization.slug, adm.community.slug, adm.pk])
    return base, review


def _step_number(raw, steps: list) -> int | None:
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= len(steps) else None


@org_view
def administration_answer(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """One person's answers, alone, section by section: saved as she goes. Only for the people invited."""
    invitee = access_own_invitation(tenant, slug, pk)
    adm = invitee.administration
    community = adm.community
    here, review_url = _answer_urls(adm)
    collecting = adm.status == AdministrationStatus.OPEN and not invitee.submitted_at
    if not collecting:
        if request.method == "POST":
            messages.error(request, _("Answers for this assessment are no longer being collected."))
            return redirect(here)
        return render(
            request,
            "assessments/run/answer.html",
            _context(tenant, community, adm=adm, invitee=invitee, collecting=False),
        )
    if request.method == "POST" and "step" not in request.POST and request.POST.get("action") == "submit":
        # Sending: her perspective (and so her sections) is read inside the send itself.
        return _answer_whole_form(request, tenant, invitee, None, "")
    # Her perspective as her partner record says today: it decides her wording and her sections.
    perspective = answering.perspective_of(invitee.user_id, community.pk)
    steps = answering.steps_for(adm, perspective)
    if request.method == "POST" and "step" not in request.POST:
        return _answer_whole_form(request, tenant, invitee, steps, perspective)
    if request.method == "POST":
        return _answer_step_post(request, tenant, invitee, steps, perspective)
    if request.GET.get("all"):
        page = _answer_page(adm, steps, perspective, invitee.draft)
        return render(
            request,
            "assessments/run/answer.html",
            _context(
                tenant, community, adm=adm, invitee=invitee, collecting=True, scale=adm.version.scale, **page
            ),
        )
    number = _step_number(request.GET.get("s"), steps) or answering.resume_step(steps, invitee.draft)
    errors = {}
    if request.GET.get("check"):  # from the review page: show what is missing where she answers it
        draft = invitee.draft or {}
        given = set(draft.get("answers") or {}) | set(draft.get("dont_know") or ())
        errors = {
            key: _("Choose an answer for this question.")
            for key in steps[number - 1].keys
            if key not in given
        }
    return _render_step(request, tenant, invitee, steps, number, perspective, invitee.draft or {}, errors)


def _render_step(
    request, tenant, invitee, steps, number: int, perspective: str, values: dict, errors: dict, status=200
):
    adm = invitee.administration
    step = steps[number - 1]
    first = 1 + sum(len(s.items) for s in steps[: number - 1])
    here, review_url = _answer_urls(adm)
    return render(
        request,
        "assessments/run/answer_step.html",
        _context(
            tenant,
            adm.community,
            adm=adm,
            invitee=invitee,
            step=step,
            steps=steps,
            number=number,
            count=len(steps),
            title=pick(step.section.title),
            description=pick(step.section.description),
            items=_item_rows(step.items, perspective, values, errors, _scale(adm), first),
            errors=errors,
            progress=answering.progress(steps, invitee.draft or {}),
            scale=adm.version.scale,
            here=here,
            review_url=review_url,
        ),
        status=status,
    )


def _answer_step_post(request, tenant, invitee, steps, perspective) -> HttpResponse:
    """Save one section's page into her draft, then go where she asked (back, next, the review)."""
    adm = invitee.administration
    here, review_url = _answer_urls(adm)
    number = _step_number(request.POST.get("step"), steps)
    if number is None:
        return redirect(here)
    step = steps[number - 1]
    answers, evidence, _reflections = answer_data(request.POST, step.keys, [])
    action = request.POST.get("action", "save")
    target = {"back": number - 1, "next": number + 1}.get(action, number)
    try:
        actions.do_save_draft(
            invitee,
            answers=answers,
            evidence=evidence,
            reflections=None,
            keys=step.keys,
            at=min(max(target, 1), len(steps)),
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            messages.error(request, _error_text(error))
            return redirect(here)
        errors = _item_errors(error)
        if request.htmx:
            return render(
                request,
                "assessments/run/answer_step.html#saved",
                {"error": True, "invitee": invitee},
            )
        values = {"answers": answers, "evidence": evidence}
        return _render_step(request, tenant, invitee, steps, number, perspective, values, errors, status=200)
    if request.htmx and action == "autosave":
        progress = answering.progress(steps, invitee.draft)
        return render(
            request, "assessments/run/answer_step.html#saved", {"invitee": invitee, "progress": progress}
        )
    if action == "review" or target > len(steps):
        return redirect(review_url)
    if action == "save":
        messages.success(request, _("Saved — you can come back to finish."))
    return redirect(f"{here}?s={min(max(target, 1), len(steps))}")


def _answer_whole_form(request, tenant, invitee, steps: list | None, perspective: str) -> HttpResponse:
    """The one-page form: save everything, or send it (`steps` None: sending, read in the send)."""
    adm = invitee.administration
    here, _review = _answer_urls(adm)
    if steps is None:
        item_keys = [key for key, _section in adm.version.item_keys]
    else:
        item_keys = answering.asked_keys(steps)
    answers, evidence, reflections = answer_data(request.POST, item_keys, adm.version.prompt_keys)
    action = request.POST.get("action", "save")
    try:
        if action == "submit":
            actions.do_submit_response(
                invitee,
                answers=answers,
                evidence=evidence,
                reflections=reflections,
                anonymous=request.POST.get("anonymous") == "1",
            )
            # No flash message: the page itself thanks them (and a sent answer skips a session write).
        else:
            actions.do_save_draft(
                invitee, answers=answers, evidence=evidence, reflections=reflections, keys=item_keys
            )
            messages.success(request, _("Saved — you can come back to finish."))
        return redirect(here if action == "submit" else f"{here}?all=1")
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            messages.error(request, _error_text(error))
            return redirect(here)
        item_errors = _item_errors(error)
    # Missing answers: keep what was given (in the draft too, in case the page is closed now).
    if steps is None:
        perspective = answering.perspective_of(invitee.user_id, adm.community_id)
        steps = answering.steps_for(adm, perspective)
        item_keys = answering.asked_keys(steps)
    if action == "submit":
        try:
            actions.do_save_draft(
                invitee, answers=answers, evidence=evidence, reflections=reflections, keys=item_keys
            )
        except ValidationError:
            pass
    values = {"answers": answers, "evidence": evidence, "reflections": reflections}
    values["dont_know"] = [k for k, v in answers.items() if v == answering.DONT_KNOW]
    page = _answer_page(adm, steps, perspective, values, item_errors)
    messages.error(
        request,
        ngettext(
            "%(n)s question still needs an answer. What you gave is kept.",
            "%(n)s questions still need an answer. What you gave is kept.",
            len(item_errors),
        )
        % {"n": len(item_errors)},
    )
    return render(
        request,
        "assessments/run/answer.html",
        _context(
            tenant,
            adm.community,
            adm=adm,
            invitee=invitee,
            collecting=True,
            scale=adm.version.scale,
            **page,
        ),
    )


@org_view
def answer_review(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """The last page: what is still unanswered (each a link to where it is answered), her reflections,
    and the button that sends everything at once."""
    invitee = access_own_invitation(tenant, slug, pk)
    adm = invitee.administration
    community = adm.community
    here, review_url = _answer_urls(adm)
    if adm.status != AdministrationStatus.OPEN or invitee.submitted_at:
        if request.method == "POST":
            messages.error(request, _("Answers for this assessment are no longer being collected."))
        return redirect(here)
    perspective = answering.perspective_of(invitee.user_id, community.pk)
    steps = answering.steps_for(adm, perspective)
    tried = False
    if request.method == "POST":
        reflections = {key: request.POST.get(f"r-{key}", "") for key in adm.version.prompt_keys}
        try:
            draft = actions.do_save_draft(invitee, answers={}, evidence={}, reflections=reflections, keys=[])
            if request.POST.get("action") == "submit":
                tried = True
                actions.do_submit_response(
                    invitee,
                    answers=draft.get("answers") or {},
                    dont_know=draft.get("dont_know") or [],
                    evidence=draft.get("evidence") or {},
                    reflections=draft.get("reflections") or {},
                    anonymous=request.POST.get("anonymous") == "1",
                )
                return redirect(here)
            messages.success(request, _("Saved — you can come back to finish."))
            return redirect(review_url)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                messages.error(request, _error_text(error))
                return redirect(here)
            messages.error(
                request,
                ngettext(
                    "%(n)s question still needs an answer. What you gave is kept.",
                    "%(n)s questions still need an answer. What you gave is kept.",
                    len(error.message_dict),
                )
                % {"n": len(error.message_dict)},
            )
    draft = invitee.draft or {}
    progress = answering.progress(steps, draft)
    section_of = {item.key: step.number for step in steps for item in step.items}
    numbers = {key: n for n, key in enumerate(answering.asked_keys(steps), start=1)}
    missing = [
        {
            "number": numbers[item.key],
            "text": answer_wordings(item, perspective)["text"],
            "url": f"{here}?s={section_of[item.key]}&check=1#q-{item.key}",
        }
        for item in progress.missing
    ]
    answered_in = [
        {
            "number": step.number,
            "title": pick(step.section.title),
            "total": len(step.items),
            "missing": sum(1 for item in progress.missing if section_of[item.key] == step.number),
            "url": f"{here}?s={step.number}",
        }
        for step in steps
    ]
    reflections = draft.get("reflections") or {}
    prompts = [
        {"key": p["key"], "text": pick(p["text"]), "value": reflections.get(p["key"], "")}
        for p in adm.version.definition.get("reflection_prompts", [])
    ]
    return render(
        request,
        "assessments/run/answer_review.html",
        _context(
            tenant,
            community,
            adm=adm,
            invitee=invitee,
            progress=progress,
            missing=missing,
            sections=answered_in,
            prompts=prompts,
            dont_know=len(draft.get("dont_know") or ()),
            tried=tried,
            here=here,
            last_step=len(steps),
        ),
        status=200,
    )


# Following the consensus session ------------------------------------------------------------------


@org_view
def consensus_follow(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """For a person who was asked to answer: the values the team has agreed so far, item by item, beside
    her own answers (never anyone else's). With htmx the list refreshes every few seconds."""
    invitee = access_own_invitation(tenant, slug, pk)
    adm = invitee.administration
    community = adm.community
    started = adm.status != AdministrationStatus.OPEN and adm.version.kind == Kind.TEAM
    rows: list[dict] = []
    mine: Response | None = None
    agreed_count = 0
    if started:
        _sections, items = answering.version_items(adm.version)
        agreed = {
            c.item_id: c
            for c in Consensus.objects.filter(administration=adm).only("item_id", "value", "note")
        }
        agreed_count = len(agreed)
        if invitee.submitted_at:
            # Named answers only: an answer sent without her name is tied to nobody, her included.
            mine = (
                Response.objects.filter(administration=adm, respondent_id=invitee.user_id)
                .only("answers", "dont_know", "sections")
                .first()
            )
        labels = {p["value"]: pick(p["label"]) for p in adm.version.scale}
        answers = mine.answers if mine else {}
        unknown = set(mine.dont_know) if mine else set()
        asked = set(mine.sections) if mine else set()
        section_key = ""
        for number, item in enumerate(items, start=1):
            consensus = agreed.get(item.pk)
            own = answers.get(item.key)
            rows.append(
                {
                    "number": number,
                    "key": item.key,
                    "section": pick(item.section.title) if item.section.key != section_key else "",
                    "text": answer_wordings(item, invitee.perspective)["text"],
                    "agreed": consensus.value if consensus else None,
                    "agreed_label": labels.get(consensus.value, "") if consensus else "",
                    "note": consensus.note if consensus else "",
                    "mine": own,
                    "mine_label": labels.get(own, "") if own is not None else "",
                    "dont_know": item.key in unknown,
                    "not_asked": bool(mine) and bool(asked) and item.section.key not in asked,
                }
            )
            section_key = item.section.key
    context = _context(
        tenant,
        community,
        adm=adm,
        invitee=invitee,
        started=started,
        rows=rows,
        mine=mine,
        agreed=agreed_count,
        total=len(rows),
        live=adm.status == AdministrationStatus.CONSENSUS,
        poll_seconds=FOLLOW_POLL_SECONDS,
    )
    if request.htmx and request.GET.get("poll"):
        return render(request, "assessments/run/follow.html#rows", context)
    return render(request, "assessments/run/follow.html", context)


# Who is asked which sections ----------------------------------------------------------------------


@org_view
def administration_audiences(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """Choose, before anyone answers, which sections the round asks of whom."""
    community, adm = _administration(tenant, slug, pk, "assessment.run")
    sections = list(adm.version.sections.order_by("position"))
    locked = adm.is_closed or adm.response_count > 0
    form = AudiencesForm(request.POST or None, adm=adm, sections=sections)
    if request.method == "POST":
        if locked:
            messages.error(
                request,
                _(
                    "Someone has already answered: who is asked which section can no longer change in this round."
                ),
            )
            return redirect(_detail_url(adm))
        if form.is_valid():
            try:
                actions.do_set_audiences(adm, acting_user=request.user, audiences=form.audiences())
            except ValidationError as error:
                show_on_form(form, error)
            else:
                messages.success(request, _("Saved: each person sees only the sections meant for them."))
                return redirect(_detail_url(adm))
    return render(
        request,
        "assessments/run/audiences.html",
        _context(tenant, community, adm=adm, form=form, locked=locked),
    )


# Start the conversation, close ----------------------------------------------------------------------


@require_POST
@org_view
def administration_status(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community, adm = _administration(tenant, slug, pk, "assessment.run")
    action = request.POST.get("action")
    try:
        if action == "consensus":
            actions.do_start_consensus(adm, acting_user=request.user)
            messages.success(
                request,
                _("The consensus session has started: go through the items, widest disagreement first."),
            )
            return redirect(
                reverse("assessments:consensus", args=[tenant.organization.slug, community.slug, pk])
            )
        if action == "close":
            actions.do_close(adm, acting_user=request.user)
            messages.success(request, _("The assessment is closed. Its answers and agreed values are kept."))
        else:
            messages.error(request, _("Choose what to do with the assessment."))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect(_detail_url(adm))


# The consensus session ----------------------------------------------------------------------------


def _consensus_rows(
    adm: Administration, items: list[Item], responses, agreed: dict, forms: dict | None = None
):
    """One row per item: its wording, the spread of individual ratings, the evidence people wrote, the
    agreed value and a form to record it. Ordered by disagreement, widest first, when the spread is shown.
    """
    forms = forms or {}
    scale_values = adm.version.scale_values
    labels = {p["value"]: pick(p["label"]) for p in adm.version.scale}
    # What `disclosure` lets through: an item's spread and evidence only from three people or more.
    shown = disclosure.for_round(
        status=adm.status, item_keys=[item.key for item in items], rows=[(r.answers, "") for r in responses]
    )
    nobody = scoring.spread([], scale_values)
    spreads = {
        item.key: scoring.spread(disclosure.values_of([r.answers for r in responses], item.key), scale_values)
        if shown.item(item.key)
        else nobody
        for item in items
    }
    by_key = {item.key: item for item in items}
    order = scoring.disagreement_order(spreads) if shown.any_item else list(by_key)
    rows = []
    for key in order:
        item = by_key[key]
        spread = spreads[key]
        show_spread = shown.item(key)
        consensus = agreed.get(item.pk)
        form = forms.get(item.pk) or ConsensusForm(
            version=adm.version,
            item_pk=item.pk,
            initial=(
                {"value": consensus.value, "note": consensus.note, "artifacts": consensus.artifacts}
                if consensus
                else {}
            ),
        )
        top = max(spread.counts.values(), default=0)
        rows.append(
            {
                "item": item,
                "text": pick(item.text),
                "plain": plain_text(item),
                "section": pick(item.section.title),
                "guidance": pick(item.guidance),
                "show_spread": show_spread,
                "spread": spread,
                "bars": [(v, labels[v], spread.counts[v], top) for v in scale_values],
                # Sorted, so that nothing lines up one person's notes across items.
                "evidence": sorted(t for r in responses if (t := (r.evidence or {}).get(key)))
                if show_spread and shown.texts
                else [],
                "consensus": consensus,
                "agreed_label": labels.get(consensus.value, "") if consensus else "",
                "form": form,
            }
        )
    return rows


def _consensus_data(adm: Administration):
    items = list(adm.version.items.select_related("section").order_by("section__position", "position"))
    responses = list(Response.objects.filter(administration=adm).only("answers", "evidence"))
    agreed = {c.item_id: c for c in adm.consensus.all()}
    return items, responses, agreed


@org_view
def consensus(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """The team's conversation, item by item, starting where individual ratings differ most."""
    community, adm = _administration(tenant, slug, pk, "assessment.run")
    rows: list[dict] = []
    responses: list = []
    agreed: dict = {}
    if adm.version.kind == Kind.TEAM and adm.status != AdministrationStatus.OPEN:
        items, responses, agreed = _consensus_data(adm)
        rows = _consensus_rows(adm, items, responses, agreed)
    return render(
        request,
        "assessments/run/consensus.html",
        _context(
            tenant,
            community,
            adm=adm,
            rows=rows,
            responses=len(responses),
            agreed=len(agreed),
            total=len(rows),
            is_team=adm.version.kind == Kind.TEAM,
            recording=adm.status == AdministrationStatus.CONSENSUS,
            min_group=MIN_GROUP,
            statuses=AdministrationStatus,
        ),
    )


@require_POST
@org_view
def consensus_item(request: SignedInRequest, tenant: Tenant, slug: str, pk: int, item: int) -> HttpResponse:
    """Record (or change) the agreed value of one item; with htmx only that item is redrawn."""
    community, adm = _administration(tenant, slug, pk, "assessment.run")
    item_obj = get_object_or_404(Item.objects.select_related("section"), pk=item, version=adm.version)
    submitted = ConsensusForm(request.POST, version=adm.version, item_pk=item_obj.pk)
    form: ConsensusForm | None = submitted  # None once saved
    page = reverse("assessments:consensus", args=[tenant.organization.slug, community.slug, adm.pk])
    error = ""
    if submitted.is_valid():
        try:
            actions.do_record_consensus(
                adm, acting_user=request.user, item=item_obj, **submitted.cleaned_data
            )
        except ValidationError as e:
            error = _error_text(e)
        else:
            form = None
    if not request.htmx:
        if error:
            messages.error(request, error)
        elif form is not None:
            messages.error(request, _error_text(ValidationError(list(form.errors.values()))))
        else:
            messages.success(request, _("Agreed value recorded."))
        return redirect(f"{page}#item-{item_obj.pk}")
    items, responses, agreed = _consensus_data(adm)
    rows = _consensus_rows(
        adm,
        [i for i in items if i.pk == item_obj.pk],
        responses,
        agreed,
        {item_obj.pk: form} if form else None,
    )
    context = _context(
        tenant,
        community,
        adm=adm,
        row=rows[0],
        error=error,
        saved=not error and form is None,
        responses=len(responses),
        agreed=len(agreed),
        total=len(items),
        recording=adm.status == AdministrationStatus.CONSENSUS,
        min_group=MIN_GROUP,
    )
    return render(request, "assessments/run/consensus.html#recorded", context)


# My invitations -----------------------------------------------------------------------------------


@org_view
def my_assessments(request: SignedInRequest, tenant: Tenant) -> HttpResponse:
    """The rounds this person was asked to answer, in every community of the organization; open ones first."""
    qs = (
        Invitee.objects.filter(
            user=request.user,
            organization=tenant.organization,
            administration__community__in=tenant.communities(),
        )
        .select_related("administration__community", "administration__version")
        .defer("draft", "administration__scores")
        .annotate(
            waiting=Case(
                When(
                    submitted_at__isnull=True, administration__status=AdministrationStatus.OPEN, then=Value(0)
                ),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("waiting", F("administration__due_on").asc(nulls_last=True), "-administration__opened_at")
    )
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "assessments/run/mine.html",
        {
            "tenant": tenant,
            "org": tenant.organization,
            "page": page,
            "open_status": AdministrationStatus.OPEN,
        },
    )
