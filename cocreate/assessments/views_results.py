"""Results of a round, its exports, "make this a goal", and the trend across rounds.

Every view: resolve the tenant and the community, check the administration, read through `results`,
render. Everyone in the community sees results (aggregates only); exports are for staff, funders and
evaluators; flagging a gap is for staff.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cocreate.accounts.http import SignedInRequest
from cocreate.core.access import Tenant, access_community
from cocreate.core.jobs import prepare_document
from cocreate.core.views import org_view
from cocreate.lib.exports import download_response

from . import actions, charts, disclosure, exports
from . import results as reads
from .access import access_administration, usable_versions
from .models import AdministrationStatus, Invitee, Item
from .registry import goals_by_item
from .text import pick


def _results_url(org: str, slug: str, pk: int) -> str:
    return reverse("assessments:results", args=[org, slug, pk])


@org_view
def results(request: SignedInRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community = access_community(tenant, slug)
    adm = access_administration(tenant, community, pk)
    org = tenant.organization
    # People rate alone first: someone still invited to answer sees the results once they have.
    if (
        adm.status == AdministrationStatus.OPEN
        and Invitee.objects.filter(administration=adm, user=request.user, submitted_at__isnull=True).exists()
    ):
        return render(
            request,
            "assessments/results/answer_first.html",
            {
                "org": org,
                "initiative": community.initiative,
                "community": community,
                "adm": adm,
                "name": pick(adm.version.name),
                "answer_url": reverse("assessments:answer", args=[org.slug, community.slug, adm.pk]),
                "list_url": reverse("assessments:list", args=[org.slug, community.slug]),
            },
        )
    is_staff = tenant.can("assessment.run", community)
    r = reads.results_for(adm, with_reflections=is_staff)
    trend_url = reverse("assessments:trend", args=[org.slug, community.slug, adm.instrument_key])
    # The goals working on each item, by item key (one query; planning reads its own tables, registered
    # in assessments.registry).
    goals = goals_by_item(adm, org.slug, community.slug)
    for row in r.items:
        row.goals = goals.get(row.item.key, [])
        if r.is_team and not row.agreed and row.withheld:
            row.mean_of = _("not yet agreed; fewer than %(n)s answers, so not shown") % {
                "n": disclosure.MIN_GROUP
            }
        elif r.is_team and not row.agreed:
            n = row.spread.n
            row.mean_of = ngettext("not yet: mean of %(n)s answer", "not yet: mean of %(n)s answers", n) % {
                "n": n
            }
    can_flag = tenant.can("assessment.flag_gap", community)
    return render(
        request,
        "assessments/results/page.html",
        {
            "org": org,
            "initiative": community.initiative,
            "community": community,
            "adm": adm,
            "r": r,
            "section_chart": charts.section_chart(r),
            "divergence_chart": charts.divergence_chart(r),
            "can_flag": can_flag,
            "is_team": r.is_team,  # read once, not once per item row
            "new_goal_url": reverse("planning:goal_create", args=[org.slug, community.slug]),
            "can_export": tenant.can("assessment.export", community),
            "is_staff": is_staff,
            "detail_url": reverse("assessments:detail", args=[org.slug, community.slug, adm.pk]),
            "list_url": reverse("assessments:list", args=[org.slug, community.slug]),
            "trend_url": trend_url,
            "csv_url": reverse("assessments:results_csv", args=[org.slug, community.slug, adm.pk]),
            "xlsx_url": reverse("assessments:results_xlsx", args=[org.slug, community.slug, adm.pk]),
            "pdf_url": reverse("assessments:report_pdf", args=[org.slug, community.slug, adm.pk]),
            "min_group": disclosure.MIN_GROUP,
        },
    )


def _export(request: HttpRequest, tenant: Tenant, slug: str, pk: int):
    """The results to export, or (None, a redirect back) while nothing of the round may be shown."""
    community = access_community(tenant, slug)
    adm = access_administration(tenant, community, pk, "assessment.export")
    r = reads.results_for(adm)
    if r.scores_withheld:
        messages.info(request, r.withheld_reason)
        return None, redirect(_results_url(tenant.organization.slug, community.slug, adm.pk))
    return r, None


def _download(body: bytes, name: str, content_type: str) -> HttpResponse:
    return download_response(body, name, content_type, no_store=True)


@org_view
def results_csv(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    r, withheld = _export(request, tenant, slug, pk)
    if withheld:
        return withheld
    return _download(exports.build_csv(r), exports.filename(r, "csv"), "text/csv; charset=utf-8")


@org_view
def results_xlsx(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    r, withheld = _export(request, tenant, slug, pk)
    if withheld:
        return withheld
    return _download(
        exports.build_xlsx(r),
        exports.filename(r, "xlsx"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@require_POST
@org_view
def report_pdf(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    """Prepare the PDF report in the task queue (`assessments.downloads`); the person follows it on
    its progress page."""
    r, withheld = _export(request, tenant, slug, pk)
    if withheld:
        return withheld
    paper = "a4" if request.POST.get("paper") == "a4" else "letter"
    return prepare_document(
        request,
        tenant,
        "assessments.report_pdf",
        community=r.adm.community,
        parameters={"administration": r.adm.pk, "paper": paper},
    )


@require_POST
@org_view
def flag_gap(request: HttpRequest, tenant: Tenant, slug: str, pk: int, item: int) -> HttpResponse:
    """ "Make this a goal": keep the item as a pending gap, then write the goal from it (prefilled)."""
    community = access_community(tenant, slug)
    adm = access_administration(tenant, community, pk, "assessment.flag_gap")
    target = Item.objects.filter(version_id=adm.version_id, pk=item).first()
    if target is None:
        raise Http404
    back = _results_url(tenant.organization.slug, community.slug, adm.pk)
    try:
        flag = actions.do_flag_gap(adm, item=target, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)  # the message shows at the top of the page
    if tenant.can("planning.change", community):
        # On to the goal form, filled in from the item; the gap stays pending until the goal is saved.
        new_goal = reverse("planning:goal_create", args=[tenant.organization.slug, community.slug])
        return redirect(f"{new_goal}?gap={flag.pk}")
    messages.success(
        request, _("Kept as a pending gap, listed on the community page until it becomes a goal.")
    )
    return redirect(f"{back}#item-{target.pk}")  # back to the row, which now says "pending gap"


@org_view
def trend(request: HttpRequest, tenant: Tenant, slug: str, key: str) -> HttpResponse:
    community = access_community(tenant, slug, "assessment.view")
    found = reads.trend_for(community, key)
    if found is None:  # never run here: an instrument the organization can use gets an empty trend
        version = usable_versions(tenant).filter(instrument__key=key).first()
        if version is None:
            raise Http404
        found = reads.empty_trend(version)
    return render(
        request,
        "assessments/results/trend.html",
        {
            "org": tenant.organization,
            "initiative": community.initiative,
            "community": community,
            "trend": found,
            "trend_chart": charts.trend_chart(found) if found.enough else None,
            "list_url": reverse("assessments:list", args=[tenant.organization.slug, community.slug]),
        },
    )
