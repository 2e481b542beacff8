"""Stage-guided reflections: for each capacity domain, the questions for a stage and the team's answers.

A team answers again as its work moves on; each answer is dated and kept, the latest shown first and
the earlier ones folded away. Stages are not strictly sequential, so any stage's questions can be opened.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cocreate.core.access import Tenant, access_community
from cocreate.core.models import Community, Stage
from cocreate.core.views import org_view
from cocreate.partners.models import CAPACITY_DOMAINS

from . import actions
from . import instruments as library
from .forms_instruments import ReflectionForm
from .models import Reflection


def _anchor(domain: str, key: str) -> str:
    return f"q-{domain}-{key}"


def _domains(
    community: Community, stage: str, *, can_write: bool, failed: ReflectionForm | None
) -> list[dict]:
    """Each capacity domain with its questions for `stage`, the latest answer and the earlier ones."""
    questions = library.stage_questions()
    # Every answer for this community and stage in one query; grouped per question here.
    answers: dict[tuple[str, str], list[Reflection]] = {}
    for reflection in (
        Reflection.objects.filter(community=community, stage=stage)
        .select_related("written_by")
        .order_by("-written_at", "-pk")
    ):
        answers.setdefault((reflection.domain, reflection.question_key), []).append(reflection)
    # The form that was just sent back with an error goes to its own question, with what was typed.
    posted = (failed.data.get("domain"), failed.data.get("question_key")) if failed else None
    domains = []
    for key, label in CAPACITY_DOMAINS:
        rows = []
        for question in questions.get(key, {}).get(stage, []):
            history = answers.get((key, question["key"]), [])
            form = None
            if can_write and posted == (key, question["key"]):
                form = failed
            elif can_write:
                form = ReflectionForm(
                    initial={"domain": key, "stage": stage, "question_key": question["key"]},
                    auto_id=f"id_{key}_{question['key']}_%s",
                )
            rows.append(
                {
                    "key": question["key"],
                    "text": question["text"],
                    "anchor": _anchor(key, question["key"]),
                    "latest": history[0] if history else None,
                    "earlier": history[1:],
                    "form": form,
                }
            )
        domains.append({"key": key, "label": label, "questions": rows})
    return domains


@org_view
def reflections(request: HttpRequest, tenant: Tenant, slug: str) -> HttpResponse:
    """The stage-guided questions per capacity domain, with the team's dated answers; staff and
    partners add new answers (POST to the same address)."""
    community = access_community(tenant, slug, "reflection.view")
    can_write = tenant.can("reflection.change", community)
    source = request.POST if request.method == "POST" else request.GET
    stage = source.get("stage", "")
    if stage not in Stage.values:
        stage = community.stage
    failed = None
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        prefix = f"id_{request.POST.get('domain', '')}_{request.POST.get('question_key', '')}_%s"
        form = ReflectionForm(request.POST, auto_id=prefix)
        if not form.is_valid() and set(form.errors) - {"answer"}:
            messages.error(request, _("That question is not one of the questions for this domain and stage."))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                actions.do_write_reflection(
                    community,
                    acting_user=request.user,
                    domain=data["domain"],
                    stage=stage,
                    question_key=data["question_key"],
                    answer=data["answer"],
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for message in error.message_dict.get("answer", []):
                        form.add_error("answer", message)
                else:
                    messages.error(request, error.messages[0])
            else:
                messages.success(request, _("Reflection saved. Earlier answers stay in its history."))
                url = reverse("assessments:reflections", args=[tenant.organization.slug, community.slug])
                return redirect(f"{url}?stage={stage}#{_anchor(data['domain'], data['question_key'])}")
        failed = form
    labels = dict(Stage.choices)
    return render(
        request,
        "assessments/reflections/page.html",
        {
            "tenant": tenant,
            "org": tenant.organization,
            "initiative": community.initiative,
            "community": community,
            "stage": stage,
            "stage_label": labels[stage],
            "stages": [
                {"value": value, "label": label, "current": value == community.stage, "shown": value == stage}
                for value, label in Stage.choices
            ],
            "domains": _domains(community, stage, can_write=can_write, failed=failed),
            "can_write": can_write,
        },
    )
