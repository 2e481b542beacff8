"""Focus group and listening session pages: the list, planning one, its page, the guide written
together, the participants and their consent, the notes (one question at a time), the themes and
"you said, we did", and the facilitator's printable guide.

Who may do what: everyone on the team who may see sessions (`listening.view`) reads them; partners and
staff propose questions (`listening.contribute`); staff plan, accept, invite and hold
(`listening.manage`); the facilitators — a parent facilitator included, through her partner record —
and staff take the notes. Who was invited and their consent are shown to staff and facilitators only.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cocreate.core.access import Tenant, access_community
from cocreate.core.errors import WriteError, show_on_form
from cocreate.core.views import org_view
from cocreate.partners.models import Partner

from . import actions
from .forms import ConsentForm, GroupForm, NotesForm, ParticipantSearch, QuestionForm, ThemeForm
from .models import FocusGroup, GroupStatus, GuideQuestion, Participant, QuestionStatus, Theme

YES_NO: dict[bool | None, str] = {True: "yes", False: "no"}
SEARCH_LIMIT = 30  # a search, not hundreds of checkboxes: narrow it to find more


def _base(tenant: Tenant, community, **extra):
    org = tenant.organization
    return {
        "tenant": tenant,
        "org": org,
        "initiative": community.initiative,
        "community": community,
        "list_url": reverse("listening:groups", args=[org.slug, community.slug]),
        **extra,
    }


def access_group(tenant: Tenant, community, pk: int) -> FocusGroup:
    """A session of this community (same 404 for missing and another community's)."""
    group = (
        FocusGroup.objects.select_related(
            "facilitator_partner", "facilitator_user", "co_facilitator", "support_event"
        )
        .filter(organization=tenant.organization, community=community, pk=pk)
        .first()
    )
    if group is None:
        raise Http404
    group.community = community
    group.organization = tenant.organization
    return group


def _save(form, write):
    try:
        return write()
    except WriteError as error:
        show_on_form(form, error)
        return None


def _staff(tenant, community) -> bool:
    return tenant.can("listening.manage", community)


def _note_taker(tenant, community, group, user) -> bool:
    return _staff(tenant, community) or actions.facilitates(group, user)


@org_view
def groups(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    community = access_community(tenant, slug, "listening.view")
    rows = list(
        FocusGroup.objects.filter(community=community)
        .annotate(
            accepted=Count("questions", filter=Q(questions__status=QuestionStatus.ACCEPTED), distinct=True),
            invited=Count("participants", distinct=True),
        )
        .only("pk", "title", "kind", "held_on", "starts_at", "status", "community_id")
        .order_by("held_on", "pk")
    )
    upcoming = [g for g in rows if g.status == GroupStatus.PLANNED]
    held = [g for g in reversed(rows) if g.status != GroupStatus.PLANNED]
    return render(
        request,
        "listening/list.html",
        _base(tenant, community, upcoming=upcoming, held=held, can_manage=_staff(tenant, community)),
    )


def _group_fields(form) -> dict:
    data = dict(form.cleaned_data)
    data.pop("version", None)
    return data


@org_view
def group_create(request, tenant: Tenant, slug: str) -> HttpResponse:
    community = access_community(tenant, slug, "listening.manage")
    form = GroupForm(
        request.POST or None,
        community=community,
        initial={"kind": "listening", "language": translation.get_language()[:2], "duration_minutes": 90},
    )
    if request.method == "POST" and form.is_valid():
        group = _save(
            form, lambda: actions.do_plan_group(community, acting_user=request.user, **_group_fields(form))
        )
        if group is not None:
            messages.success(request, _("Session planned. Next: write the questions together."))
            return redirect(group.url())
    return render(
        request, "listening/form.html", _base(tenant, community, form=form, title=_("Plan a session"))
    )


@org_view
def group_edit(request, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community = access_community(tenant, slug, "listening.manage")
    group = access_group(tenant, community, pk)
    initial = {name: getattr(group, name) for name in actions.GROUP_FIELDS}
    form = GroupForm(request.POST or None, community=community, initial=initial, version_of=group)
    if request.method == "POST" and form.is_valid():
        saved = _save(
            form,
            lambda: actions.do_update_group(
                group,
                acting_user=request.user,
                version=form.cleaned_data.get("version"),
                **_group_fields(form),
            ),
        )
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect(group.url())
    return render(
        request,
        "listening/form.html",
        _base(tenant, community, form=form, group=group, title=_("Change the plan")),
    )


def _questions(group: FocusGroup) -> list[GuideQuestion]:
    return list(group.questions.select_related("proposed_by").order_by("position", "pk"))


@org_view
def group_detail(request, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community = access_community(tenant, slug, "listening.view")
    group = access_group(tenant, community, pk)
    questions = _questions(group)
    accepted = [q for q in questions if q.status == QuestionStatus.ACCEPTED]
    staff = _staff(tenant, community)
    facilitator = actions.facilitates(group, request.user)
    participants = (
        list(group.participants.select_related("partner").order_by("partner__name"))
        if staff or facilitator
        else []
    )
    themes = list(group.themes.all())
    return render(
        request,
        "listening/detail.html",
        _base(
            tenant,
            community,
            group=group,
            questions=questions,
            accepted=accepted,
            readiness=actions.guide_readiness(len(accepted)),
            participants=participants,
            participant_count=group.participants.count() if not participants else len(participants),
            themes=themes,
            can_manage=staff,
            can_contribute=tenant.can("listening.contribute", community),
            can_take_notes=staff or facilitator,
            notes_blocked=actions.notes_blocked(group) if group.status != GroupStatus.PLANNED else "",
            today=timezone.localdate(),
        ),
    )


@org_view
def guide(request, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """The guide written together: everyone who contributes proposes; staff accept, drop and order."""
    community = access_community(tenant, slug, "listening.view")
    group = access_group(tenant, community, pk)
    can_contribute = tenant.can("listening.contribute", community) and group.status == GroupStatus.PLANNED
    staff = _staff(tenant, community)
    form = QuestionForm(request.POST or None)
    if request.method == "POST":
        if not can_contribute:
            raise PermissionDenied
        if form.is_valid():
            question = _save(
                form,
                lambda: actions.do_propose_question(
                    group,
                    acting_user=request.user,
                    text=form.cleaned_data["text"],
                    text_es=form.cleaned_data["text_es"],
                ),
            )
            if question is not None:
                messages.success(request, _("Question proposed. The team reads every one."))
                return redirect(group.url("guide"))
    questions = _questions(group)
    for q in questions:
        q.editable = actions.may_edit_question(q, staff=staff) if can_contribute else False  # type: ignore[attr-defined]  # for the template
    accepted = sum(q.status == QuestionStatus.ACCEPTED for q in questions)
    return render(
        request,
        "listening/guide.html",
        _base(
            tenant,
            community,
            group=group,
            questions=questions,
            form=form,
            readiness=actions.guide_readiness(accepted),
            accepted=accepted,
            can_contribute=can_contribute,
            can_manage=staff and group.status == GroupStatus.PLANNED,
        ),
    )


@org_view
def guide_open(request, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community = access_community(tenant, slug, "listening.manage")
    group = access_group(tenant, community, pk)
    if request.method == "POST":
        actions.do_open_guide(group, acting_user=request.user)
        messages.success(request, _("The community's partners are told they can propose questions."))
    return redirect(group.url("guide"))


def _question(group: FocusGroup, qpk: int) -> GuideQuestion:
    question = get_object_or_404(GuideQuestion, group=group, pk=qpk)
    question.group = group
    return question


@org_view
def question_edit(request, tenant: Tenant, slug: str, pk: int, qpk: int) -> HttpResponse:
    community = access_community(tenant, slug, "listening.contribute")
    group = access_group(tenant, community, pk)
    question = _question(group, qpk)
    staff = _staff(tenant, community)
    if not actions.may_edit_question(question, staff=staff):
        raise PermissionDenied
    form = QuestionForm(
        request.POST or None,
        initial={"text": question.text, "text_es": question.text_es},
        version_of=question,
    )
    if request.method == "POST" and form.is_valid():
        saved = _save(
            form,
            lambda: actions.do_update_question(
                question,
                acting_user=request.user,
                version=form.cleaned_data.get("version"),
                staff=staff,
                text=form.cleaned_data["text"],
                text_es=form.cleaned_data["text_es"],
            ),
        )
        if saved is not None:
            messages.success(request, _("Question saved."))
            return redirect(group.url("guide"))
    return render(
        request,
        "listening/question_form.html",
        _base(tenant, community, group=group, question=question, form=form),
    )


@org_view
def question_state(request, tenant: Tenant, slug: str, pk: int, qpk: int) -> HttpResponse:
    """Accept, drop, bring back or move a question (staff, while the session is planned)."""
    community = access_community(tenant, slug, "listening.manage")
    group = access_group(tenant, community, pk)
    question = _question(group, qpk)
    if request.method == "POST" and group.status == GroupStatus.PLANNED:
        what = request.POST.get("do", "")
        if what in ("up", "down"):
            actions.do_move_question(question, acting_user=request.user, up=what == "up")
        elif what in QuestionStatus.values:
            actions.do_set_question_status(question, acting_user=request.user, status=what)
    return redirect(group.url("guide") + f"#q-{question.pk}")


@org_view
def guide_print(request, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """The facilitator's guide, in the session's language (the page around it in the reader's), to
    print or keep on a phone."""
    community = access_community(tenant, slug, "listening.view")
    group = access_group(tenant, community, pk)
    questions = [q for q in _questions(group) if q.status == QuestionStatus.ACCEPTED]
    for q in questions:
        q.shown = q.text_in(group.language)  # type: ignore[attr-defined]  # for the template
    return render(
        request,
        "listening/print.html",
        _base(tenant, community, group=group, questions=questions, lang=group.language),
    )


@org_view
def participants(request, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """Invite partners by searching the community's list (by name, type, lived experience), and record
    who came and their consent."""
    community = access_community(tenant, slug, "listening.view")
    group = access_group(tenant, community, pk)
    staff = _staff(tenant, community)
    if not (staff or actions.facilitates(group, request.user)):
        raise PermissionDenied
    if request.method == "POST":
        if not staff:
            raise PermissionDenied
        ids = [int(v) for v in request.POST.getlist("partner") if v.isdigit()]
        chosen = list(Partner.objects.filter(community=community, pk__in=ids, erased_at__isnull=True))
        try:
            added = actions.do_add_participants(group, acting_user=request.user, partners=chosen)
            messages.success(request, _("%(n)s invited.") % {"n": len(added)})
        except WriteError as error:
            messages.error(request, error.text)
        return redirect(group.url("participants"))
    search = ParticipantSearch(request.GET or None)
    found: list[Partner] = []
    invited = list(group.participants.select_related("partner").order_by("partner__name"))
    if staff and search.is_valid() and any(search.cleaned_data.values()):
        qs = Partner.objects.filter(
            community=community, erased_at__isnull=True, archived_at__isnull=True
        ).exclude(pk__in=[p.partner_id for p in invited])
        if q := search.cleaned_data["q"]:
            qs = qs.filter(name__icontains=q)
        if t := search.cleaned_data["partner_type"]:
            qs = qs.filter(partner_type=t)
        if search.cleaned_data["lived"]:
            qs = qs.filter(lived_experience=True)
        found = list(
            qs.only("pk", "name", "partner_type", "lived_experience").order_by("name")[:SEARCH_LIMIT]
        )
    for p in invited:
        p.form = ConsentForm(  # type: ignore[attr-defined]  # for the template
            prefix=f"p{p.pk}",
            initial={
                "attended": YES_NO.get(p.attended, ""),
                "consent": YES_NO.get(p.consent, ""),
                "how": p.consent_how,
            },
        )
    return render(
        request,
        "listening/participants.html",
        _base(
            tenant,
            community,
            group=group,
            invited=invited,
            search=search,
            found=found,
            limit=SEARCH_LIMIT,
            can_manage=staff,
            searched=search.is_bound,
        ),
    )


@org_view
def participant(request, tenant: Tenant, slug: str, pk: int, ppk: int) -> HttpResponse:
    """Record whether one person came and their consent (staff and facilitators), or remove them."""
    community = access_community(tenant, slug, "listening.view")
    group = access_group(tenant, community, pk)
    staff = _staff(tenant, community)
    if not (staff or actions.facilitates(group, request.user)):
        raise PermissionDenied
    row = get_object_or_404(Participant, group=group, pk=ppk)
    if request.method == "POST":
        if request.POST.get("remove") and staff:
            actions.do_remove_participant(row, acting_user=request.user)
            return redirect(group.url("participants"))
        form = ConsentForm(request.POST, prefix=f"p{row.pk}")
        if form.is_valid():
            try:
                actions.do_record_consent(
                    row,
                    acting_user=request.user,
                    attended=form.cleaned_data["attended"],
                    consent=form.cleaned_data["consent"],
                    how=form.cleaned_data["how"],
                )
                if group.support_event_id and staff:
                    actions.do_refresh_support_event(group, acting_user=request.user)
                messages.success(request, _("Saved."))
            except WriteError as error:
                messages.error(request, error.text)
    return redirect(group.url("participants") + f"#p-{row.pk}")


@org_view
def held(request, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community = access_community(tenant, slug, "listening.manage")
    group = access_group(tenant, community, pk)
    if request.method == "POST":
        try:
            group = actions.do_mark_held(group, acting_user=request.user)
            messages.success(request, _("Marked as held. Record who came and their consent, then the notes."))
        except WriteError as error:
            messages.error(request, error.text)
    return redirect(reverse("listening:group", args=[tenant.organization.slug, community.slug, pk]))


@org_view
def close(request, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community = access_community(tenant, slug, "listening.manage")
    group = access_group(tenant, community, pk)
    if request.method == "POST":
        actions.do_close_group(group, acting_user=request.user)
    return redirect(group.url())


@org_view
def notes_start(request, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community = access_community(tenant, slug, "listening.view")
    group = access_group(tenant, community, pk)
    if not _note_taker(tenant, community, group, request.user):
        raise PermissionDenied
    first = group.questions.filter(status=QuestionStatus.ACCEPTED).order_by("position", "pk").first()
    if first is None:
        return redirect(group.url())
    return redirect(reverse("listening:notes", args=[tenant.organization.slug, community.slug, pk, first.pk]))


@org_view
def notes(request, tenant: Tenant, slug: str, pk: int, qpk: int) -> HttpResponse:
    """One question at a time (it works on a phone): what was said, then on to the next."""
    community = access_community(tenant, slug, "listening.view")
    group = access_group(tenant, community, pk)
    if not _note_taker(tenant, community, group, request.user):
        raise PermissionDenied
    accepted = list(group.questions.filter(status=QuestionStatus.ACCEPTED).order_by("position", "pk"))
    index = next((i for i, q in enumerate(accepted) if q.pk == qpk), None)
    if index is None:
        raise Http404
    question = accepted[index]
    question.group = group
    form = NotesForm(request.POST or None, initial={"notes": question.notes}, version_of=question)
    nxt = accepted[index + 1] if index + 1 < len(accepted) else None
    if request.method == "POST" and form.is_valid():
        saved = _save(
            form,
            lambda: actions.do_record_notes(
                question,
                acting_user=request.user,
                notes=form.cleaned_data["notes"],
                version=form.cleaned_data.get("version"),
            ),
        )
        if saved is not None:
            messages.success(request, _("Notes saved."))
            if nxt is not None:
                return redirect(
                    reverse("listening:notes", args=[tenant.organization.slug, community.slug, pk, nxt.pk])
                )
            return redirect(group.url())
    lang = translation.get_language()[:2]
    declined = group.participants.filter(attended=True, consent=False).count()
    return render(
        request,
        "listening/notes.html",
        _base(
            tenant,
            community,
            group=group,
            question=question,
            shown=question.text_in(lang),
            form=form,
            number=index + 1,
            total=len(accepted),
            previous=accepted[index - 1] if index else None,
            next=nxt,
            blocked=actions.notes_blocked(group),
            declined=declined,
        ),
    )


@org_view
def themes(request, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """What the team heard across the session, each one step from "you said, we did"."""
    community = access_community(tenant, slug, "listening.view")
    group = access_group(tenant, community, pk)
    staff = _staff(tenant, community)
    form = ThemeForm(request.POST or None, group=group)
    if request.method == "POST":
        if not staff:
            raise PermissionDenied
        if form.is_valid():
            theme = _save(
                form, lambda: actions.do_add_theme(group, acting_user=request.user, **form.cleaned_data)
            )
            if theme is not None:
                messages.success(request, _("Theme added."))
                return redirect(group.url("themes"))
    rows = list(group.themes.select_related("question", "feedback").prefetch_related(Prefetch("question")))
    return render(
        request,
        "listening/themes.html",
        _base(
            tenant,
            community,
            group=group,
            themes=rows,
            form=form,
            can_manage=staff and group.status != GroupStatus.PLANNED,
            feedback_base=reverse("planning:feedback", args=[tenant.organization.slug, community.slug]),
        ),
    )


@org_view
def theme_feedback(request, tenant: Tenant, slug: str, pk: int, tpk: int) -> HttpResponse:
    community = access_community(tenant, slug, "listening.manage")
    group = access_group(tenant, community, pk)
    theme = get_object_or_404(Theme, group=group, pk=tpk)
    theme.group = group
    if request.method == "POST":
        actions.do_theme_to_feedback(theme, acting_user=request.user)
        messages.success(request, _("On the “you said, we did” list. Say there what the team does about it."))
    return redirect(group.url("themes"))
