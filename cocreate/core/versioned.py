"""One versioned document: a community's draft that becomes published version N, and the paper it prints on.

The shared agreement (meetings), the implementation-support plan (support) and the partnership
engagement plan (partners) all lean on this module:

* `VersionedDocument` — the abstract model of one version: the draft (no number yet) or published
  version N, who published it and when, who last changed the draft;
* the reads every such document needs (`published`, `current`, `draft_of`, `previous`, `version_list`,
  `access_published`);
* the writes, serialised on the community's row so a burst of the same action yields one result:
  `open_draft` (the edit of a draft, refused when stale — `check_fresh` is the one place that decides
  it), `publish` (idempotent: a publish based on version N after someone else already published N+1
  returns N+1), `discard`;
* "what changed since the last version": `compare` (sections and keyed items);
* documents as bytes, so a page or a background task can call them: `render_docx`, `render_pdf`,
  with `docx_table`, `version_line` and `printed_line` (downloads: `cocreate.lib.exports.download_response`,
  large ones through `cocreate.core.jobs`).

Who may write is checked by the caller; the content (answers, activities) is the caller's too.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from django.conf import settings
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import WriteError
from .models import Community

# Models ----------------------------------------------------------------------------------------------


class VersionedDocument(models.Model):
    """One version of a community's document: the draft (no number yet) or published version N.

    A concrete subclass adds `organization`, `community` (with its own related name), its content, and
    `version_constraints(...)` in its Meta: one number per community, one draft per community."""

    if TYPE_CHECKING:  # what every concrete subclass has (an abstract model declares no manager)
        objects: ClassVar[models.Manager[Any]]
        community: Community
        community_id: int

    number = models.PositiveIntegerField(gettext_lazy("version"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now, editable=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"v{self.number}" if self.number else "draft"

    @property
    def is_draft(self) -> bool:
        return self.number is None


def version_constraints(name: str) -> list[models.BaseConstraint]:
    """One published number per community, at most one draft, and a number exactly when published."""
    return [
        models.UniqueConstraint(fields=["community", "number"], name=f"one_{name}_version_number"),
        models.UniqueConstraint(
            fields=["community"],
            condition=models.Q(number__isnull=True),
            name=f"one_{name}_draft_per_community",
        ),
        models.CheckConstraint(
            condition=models.Q(number__isnull=True, published_at__isnull=True)
            | models.Q(number__isnull=False, published_at__isnull=False),
            name=f"{name}_published_with_number",
        ),
    ]


V = TypeVar("V", bound=VersionedDocument)


class StaleDraft(WriteError):
    """The edit started from a state that has changed since (someone saved the draft or published a
    version meanwhile): nothing was written; the form keeps the person's text."""

    def __init__(self, current_number: int | None):
        super().__init__(
            _(
                "Someone else changed this document while you were editing it. Nothing was saved: "
                "your text is still below. Read the latest version, then save again."
            ),
            code="stale",
        )
        self.current_number = current_number


# Reads -----------------------------------------------------------------------------------------------


def published(model: type[V], community: Community) -> QuerySet[V]:
    """The community's published versions, newest first."""
    return model.objects.filter(community=community, number__isnull=False).order_by("-number")


def current(model: type[V], community: Community) -> V | None:
    return published(model, community).select_related("published_by").first()


def draft_of(model: type[V], community: Community) -> V | None:
    return model.objects.filter(community=community, number__isnull=True).first()


def previous(version: V) -> V | None:
    """The version published just before this one (None for the first, and for a draft)."""
    if not version.number or version.number <= 1:
        return None
    return (
        type(version)
        .objects.filter(community_id=version.community_id, number__lt=version.number)
        .order_by("-number")
        .first()
    )


def access_published(model: type[V], community: Community, number: int) -> V:
    """Published version `number` of this community's document (one query); 404 when there is none."""
    version = published(model, community).filter(number=number).select_related("published_by").first()
    if version is None:
        raise Http404
    version.community = community
    return version


def version_list(model: type[V], community: Community, *, with_draft: bool, **annotations) -> list[V]:
    """Every version, newest first, with who published and who last changed it (one query); the draft
    first when asked for."""
    qs = model.objects.filter(community=community).select_related("published_by", "changed_by")
    if not with_draft:
        qs = qs.filter(number__isnull=False)
    rows = list(qs.annotate(**annotations).order_by("-number"))
    return sorted(rows, key=lambda v: (v.number is not None, -(v.number or 0)))


# Writes ----------------------------------------------------------------------------------------------
# Every write locks the community's row first: two people saving or publishing the same community's
# document wait for each other, so a draft is made once and version N is published once.


def _lock(community: Community) -> None:
    Community.objects.select_for_update().filter(pk=community.pk).values_list("pk").first()


def token_of(current: VersionedDocument | None, draft: VersionedDocument | None) -> str:
    """The state an edit starts from, as a form carries it: the current version's number and when the
    draft was last saved ("3" with no draft, "3:1733580000.123456" with one)."""
    number = current.number if current is not None else 0
    return f"{number}:{draft.changed_at.timestamp():.6f}" if draft is not None else str(number)


def edit_token(model: type[VersionedDocument], community: Community) -> str:
    """`token_of` the community's present state (two queries)."""
    last = published(model, community).only("number").first()
    return token_of(
        last, model.objects.filter(community=community, number__isnull=True).only("changed_at").first()
    )


def check_fresh(started_from: str | int | None, now: str | int) -> None:
    """Refuse an edit that started from another state than the present one (`StaleDraft`): the one
    place that decides it, for every versioned document. `now` is `edit_token(...)` (or a document's
    own version counter). No token (a command, the demo, a test) takes the present state as it is."""
    if started_from is None or str(started_from) == "":
        return
    if str(started_from) != str(now):
        raise StaleDraft(int(str(now).split(":")[0]) or None)


@transaction.atomic
def open_draft(
    model: type[V],
    community: Community,
    *,
    acting_user,
    started_from: str | None = None,
    content: dict[str, Any] | None = None,
) -> V:
    """The community's draft, locked, with `content` written and marked as changed by `acting_user` now
    (made on first save); `StaleDraft` when the edit started from another state. The caller writes the
    draft's items (answers, activities)."""
    _lock(community)
    check_fresh(started_from, edit_token(model, community))
    draft = model.objects.filter(community=community, number__isnull=True).first()
    if draft is None:
        draft = model(organization_id=community.organization_id, community=community)
    for name, value in (content or {}).items():
        setattr(draft, name, value)
    draft.changed_at, draft.changed_by = timezone.now(), acting_user
    draft._history_user = acting_user  # type: ignore[union-attr]  # read by simple_history on save
    draft.save()
    return draft


@transaction.atomic
def publish(
    model: type[V],
    community: Community,
    *,
    acting_user,
    no_draft: str,
    based_on: int | None = None,
    check: Callable[[V], None] | None = None,
) -> V:
    """Publish the draft as the next version; earlier versions stay as they were published.

    `based_on` is the version the person saw when they asked (0 for none): if someone published since,
    that newer version is returned and nothing else happens, so a burst of the same publish yields one
    version. `check(draft)` raises a WriteError when the draft is not ready; `no_draft` is the
    message when there is nothing to publish."""
    _lock(community)
    last = published(model, community).first()
    last_number = (last.number or 0) if last else 0
    if based_on is not None and last is not None and last_number > based_on:
        return last
    draft = model.objects.filter(community=community, number__isnull=True).first()
    if draft is None:
        raise WriteError({"__all__": no_draft})
    if check is not None:
        check(draft)
    draft.number = last_number + 1
    draft.published_at = timezone.now()
    draft.published_by = acting_user
    draft._history_user = acting_user
    draft.save(update_fields=["number", "published_at", "published_by"])
    return draft


@transaction.atomic
def discard(model: type[VersionedDocument], community: Community, *, acting_user) -> bool:
    """Throw the draft away; the published versions stay. False when there was no draft."""
    _lock(community)
    draft = model.objects.filter(community=community, number__isnull=True).first()
    if draft is None:
        return False
    draft._history_user = acting_user
    draft.delete()
    return True


# What changed ----------------------------------------------------------------------------------------


@dataclass
class ItemChange:
    item: Any
    fields: list[str]


@dataclass
class Changes:
    """What a version changed from the one before it: the text sections that differ (their keys) and
    the items added, removed and changed (with the labels of the fields that differ)."""

    previous_number: int
    sections: list[str] = field(default_factory=list)
    added: list[Any] = field(default_factory=list)
    removed: list[Any] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.sections or self.added or self.removed or self.changed)


def compare(
    previous_number: int,
    *,
    sections: dict[str, tuple[str, str]] | None = None,
    items: Iterable[tuple[Any, dict[str, Any]]] = (),
    previous_items: Iterable[tuple[Any, dict[str, Any]]] = (),
    key: Callable[[Any], Any] = lambda item: item.key,
    labels: dict[str, str] | None = None,
) -> Changes:
    """Compare two versions: `sections` maps a key to (before, now) text; `items` and `previous_items`
    are (item, {field: value}) matched by `key`; a changed item lists the labels of its fields that
    differ (each label once, in field order)."""
    labels = labels or {}
    changes = Changes(previous_number=previous_number)
    for name, (before, now) in (sections or {}).items():
        if (before or "").strip() != (now or "").strip():
            changes.sections.append(name)
    before_items = {key(item): (item, fields) for item, fields in previous_items}
    now_keys = set()
    for item, fields in items:
        now_keys.add(key(item))
        old = before_items.get(key(item))
        if old is None:
            changes.added.append(item)
            continue
        differing: list[str] = []
        for name, value in fields.items():
            label = str(labels.get(name, name))
            if value != old[1].get(name) and label not in differing:
                differing.append(label)
        if differing:
            changes.changed.append(ItemChange(item, differing))
    changes.removed = [item for k, (item, _fields) in before_items.items() if k not in now_keys]
    return changes


# Documents -------------------------------------------------------------------------------------------

PAPER_SIZES = {"letter": "letter", "a4": "A4"}


def paper_size(value: str | None) -> str:
    """The CSS page size for a `?paper=` value (Letter unless A4 was asked for)."""
    return PAPER_SIZES.get(value or "letter", "letter")


def version_line(number: int, at: datetime, by=None, *, updated: bool = False) -> str:
    """'Version 2, published Nov. 26, 2026 by Pat Practitioner' — the line that dates a printed copy
    ('updated' for a document whose every save is a version)."""
    when = date_format(timezone.localtime(at), "DATE_FORMAT")
    values = {"version": number, "date": when}
    if by is not None:
        values["person"] = by.display_name
        if updated:
            return _("Version %(version)s, updated %(date)s by %(person)s") % values
        return _("Version %(version)s, published %(date)s by %(person)s") % values
    if updated:
        return _("Version %(version)s, updated %(date)s") % values
    return _("Version %(version)s, published %(date)s") % values


def published_line(version: VersionedDocument) -> str:
    assert version.number is not None and version.published_at is not None  # a published version
    return version_line(version.number, version.published_at, version.published_by)


def printed_line() -> str:
    return _("Printed on %(date)s") % {"date": date_format(timezone.localdate(), "DATE_FORMAT")}


def paragraphs(text: str) -> list[str]:
    """A text's paragraphs (separated by a blank line)."""
    return [p.strip() for p in (text or "").strip().split("\n\n") if p.strip()]


def render_docx(
    *, title: str, community: Community, version_line: str, revision: int, body: Callable[[Any], None]
) -> bytes:
    """A DOCX with the documents' common head (title, community — organization · initiative, version and
    printed lines) and footer; `body(doc)` writes the rest with python-docx."""
    from docx import Document
    from docx.shared import Cm, Pt

    org = community.organization
    doc = Document()
    doc.core_properties.title = f"{title} — {community.name}"
    doc.core_properties.author = org.name
    doc.core_properties.revision = revision
    doc.styles["Normal"].font.size = Pt(10.5)
    section = doc.sections[0]
    # Margins that leave the same text width on Letter and A4, so the tables fit on either paper.
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    footer = section.footer.paragraphs[0]
    footer.text = f"{community.name} · {title} · {version_line}"
    footer.runs[0].font.size = Pt(8)

    doc.add_heading(title, level=0)
    heading = doc.add_paragraph()
    heading.add_run(community.name).bold = True
    heading.add_run(f" — {org.name}")
    if community.initiative_id:
        heading.add_run(f" · {community.initiative.name}")
    doc.add_paragraph(f"{version_line}. {printed_line()}.")
    body(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def docx_table(doc, headers: list[str], rows: list[list[str]], *, widths=None, size=None):
    """A bordered table whose header row repeats on every page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    header = table.rows[0]
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(marker)
    for cell, text in zip(header.cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        if size:
            run.font.size = size
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            lines = str(text or "").splitlines() or [""]
            cell.text = ""
            paragraph = cell.paragraphs[0]
            for i, line in enumerate(lines):
                run = paragraph.add_run(line)
                if size:
                    run.font.size = size
                if i < len(lines) - 1:
                    run.add_break()
    if widths:
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Cm(width)
    doc.add_paragraph()
    return table


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """A print template through WeasyPrint. Nothing is fetched: the stylesheet is inline and any other
    address (an image someone typed into a text field, say) is refused."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(template, {"printed_line": printed_line(), **context})
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=set())).write_pdf()
