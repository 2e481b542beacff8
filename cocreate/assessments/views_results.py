"""Results of a round, its exports, "make this a goal", and the trend across rounds.

Every view: resolve the tenant and the community, check the administration, read through `results`,
render. Everyone in the community sees results (aggregates only); exports are for staff, funders and
evaluators; flagging a gap is for staff.
"""

from __future__ import annotations

from html import escape as esc

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cocreate.core.access import Tenant, access_community
from cocreate.core.views import org_view
from cocreate.planning.queries import goals_by_item

from . import actions, charts, exports, scoring
from . import results as reads
from .access import access_administration, usable_versions
from .models import AdministrationStatus, Invitee, Item
from .text import pick


def _item_rows_html(r, *, can_flag: bool, flag_base: str, new_goal_url: str, csrf_token: str) -> None:
    """Pre-render the items table's rows (`row.html`): forty rows of a dozen template nodes each were
    most of the page's time. Labels are translated once per page; every value goes through `esc`."""
    l_score, l_agreed, l_goal = esc(_("Score")), esc(_("Agreed")), esc(_("Goal"))
    below_mark = f' <span class="below-mark">{esc(_("below the target"))}</span>'
    pending_tag = f'<span class="tag">{esc(_("pending gap"))}</span>'
    make_it, taken_up = esc(_("Make it a goal")), esc(_("taken up as a goal"))
    flag_form = (
        '<form method="post" action="{action}" class="inline">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{esc(csrf_token)}">'
        f'<button type="submit" class="secondary outline flag-button">{esc(_("Make this a goal"))}</button></form>'
    )
    lived_label, said_label = esc(_("Lived-experience wording:")), esc(_("What the team said:"))
    evidence_label, goal_label = esc(_("Evidence:")), esc(_("Goal:"))
    for row in r.items:
        text = f'<span class="item-number">{esc(row.number)}</span> {esc(row.text)}'
        if row.lived_text:
            text += f'<br><small class="muted">{lived_label} {esc(row.lived_text)}</small>'
        if row.note:
            text += f"<br><small><strong>{said_label}</strong> {esc(row.note)}</small>"
        if row.artifacts:
            text += f"<br><small><strong>{evidence_label}</strong> {esc(row.artifacts)}</small>"
        if row.pending and not can_flag:
            text += f"<br>{pending_tag}"
        for goal in getattr(row, "goals", []):
            text += (
                f'<br><small class="item-goal"><strong>{goal_label}</strong> <a href="{esc(goal.url)}">'
                f"{esc(Truncator(goal.statement).chars(90))}</a> ({esc(goal.status_label)})</small>"
            )
        below = below_mark if row.below else ""
        cells = f'<td>{text}</td><td data-label="{l_score}" class="num">{esc(row.score_text)}{below}</td>'
        if r.is_team:
            if row.agreed:
                agreed = esc(row.value_label)
            else:
                n = row.spread.n
                mean_of = ngettext("not yet: mean of %(n)s answer", "not yet: mean of %(n)s answers", n) % {
                    "n": n
                }
                agreed = f'<span class="muted">{esc(mean_of)}</span>'
            cells += f'<td data-label="{l_agreed}">{agreed}</td>'
        if can_flag:
            label = f' data-label="{l_goal}"' if row.flag or row.below else ""
            if row.flag and row.pending:
                goal = f'{pending_tag} <a href="{esc(new_goal_url)}?gap={row.flag.pk}">{make_it}</a>'
            elif row.flag:
                goal = f'<span class="muted">{taken_up}</span>'
            elif row.below:
                goal = flag_form.format(action=esc(f"{flag_base}{row.item.pk}/"))
            else:
                goal = ""
            cells += f"<td{label}>{goal}</td>"
        css = ' class="is-below"' if row.below else ""
        row.html = mark_safe(f'<tr id="item-{row.item.pk}"{css}>{cells}</tr>')  # noqa: S308 (values escaped)


def _results_url(org: str, slug: str, pk: int) -> str:
    return reverse("assessments:results", args=[org, slug, pk])


@org_view
def results(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    community = access_community(tenant, slug)
    adm = access_administration(tenant, community, pk)
    org = tenant.organization
    base = _results_url(org.slug, community.slug, adm.pk)
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
    # The goals working on each item, by item key (one query; planning reads its own tables).
    goals = goals_by_item(adm, org.slug, community.slug)
    for row in r.items:
        row.goals = goals.get(row.item.key, [])
    can_flag = tenant.can("assessment.flag_gap", community)
    flag_base = base.removesuffix("results/") + "gaps/"
    new_goal_url = reverse("planning:goal_create", args=[org.slug, community.slug])
    _item_rows_html(
        r,
        can_flag=can_flag,
        flag_base=flag_base,
        new_goal_url=new_goal_url,
        csrf_token=get_token(request),
    )
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
            "can_export": tenant.can("assessment.export", community),
            "is_staff": is_staff,
            "detail_url": reverse("assessments:detail", args=[org.slug, community.slug, adm.pk]),
            "list_url": reverse("assessments:list", args=[org.slug, community.slug]),
            "trend_url": trend_url,
            "csv_url": reverse("assessments:results_csv", args=[org.slug, community.slug, adm.pk]),
            "xlsx_url": reverse("assessments:results_xlsx", args=[org.slug, community.slug, adm.pk]),
            "pdf_url": reverse("assessments:report_pdf", args=[org.slug, community.slug, adm.pk]),
            "min_group": scoring.MIN_GROUP,
        },
    )


def _export(request: HttpRequest, tenant: Tenant, slug: str, pk: int):
    """The results to export, or (None, a redirect back) while an anonymous round's scores are withheld."""
    community = access_community(tenant, slug)
    adm = access_administration(tenant, community, pk, "assessment.export")
    r = reads.results_for(adm)
    if r.scores_withheld:
        messages.info(
            request,
            _(
                "This round is anonymous and fewer than three people have answered: there is nothing to export yet."
            ),
        )
        return None, redirect(_results_url(tenant.organization.slug, community.slug, adm.pk))
    return r, None


def _download(body: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


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


@org_view
def report_pdf(request: HttpRequest, tenant: Tenant, slug: str, pk: int) -> HttpResponse:
    r, withheld = _export(request, tenant, slug, pk)
    if withheld:
        return withheld
    trend = reads.trend_for(r.adm.community, r.adm.instrument_key, until=r.adm)
    pdf = exports.build_pdf(r, trend, paper=request.GET.get("paper", "letter"))
    return _download(pdf, exports.filename(r, "pdf"), "application/pdf")


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
