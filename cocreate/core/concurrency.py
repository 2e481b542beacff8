"""No edit silently overwrites another; a burst of the same state change yields one result.

*Edits.* Every editable model inherits `Versioned`: an integer `version` that each saved edit moves on
by one. An edit form carries the version it started from (`VersionField`), the API an `If-Match`
header or a `version` field; the `do_update_*` write calls `claim_edit(obj, version)` first, which
moves the version on with one conditional `UPDATE … WHERE version = n`. When that touches no row
someone saved meanwhile: `StaleEdit` names what changed (from the model's history) and the values
saved, and carries the current version so saving again deliberately keeps this person's text.

*State changes* (close a round, change stage, archive…) take the row lock with `lock(obj)` first and
then look at the state again, so eight identical requests make one change and the other seven find it
already made.
"""

from __future__ import annotations

from typing import TypeVar

from django import forms
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import WriteError


class Versioned(models.Model):
    """An editable record whose saved edits are counted, so a stale edit can be refused."""

    version = models.PositiveIntegerField(
        default=1,
        db_default=1,  # rows written with plain SQL (the generator) start at 1 too
        editable=False,
        help_text=gettext_lazy("Moves on by one with every saved edit."),
    )

    class Meta:
        abstract = True


M = TypeVar("M", bound=models.Model)


class StaleEdit(WriteError):
    """Someone saved the record after this person opened it; `current_version` is the one saved."""

    def __init__(self, message, *, current_version: int, changed: dict[str, str] | None = None):
        super().__init__(message)
        self.current_version = current_version
        self.changed = changed or {}


class VersionField(forms.IntegerField):
    """The hidden field an edit form carries: the version of the record it was opened on."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)


BOOKKEEPING = {"version", "created_at", "updated_at", "created_by", "organization", "community"}


def _shown(value) -> str:
    if value is None or value == "":
        return _("(empty)")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _what_changed(model, pk, since: int) -> tuple[dict[str, str], int]:
    """{field: sentence naming the value saved meanwhile}, and the current version."""
    current = model._base_manager.filter(pk=pk).first()
    if current is None:
        raise WriteError(_("Someone else deleted this while you were editing it: nothing was saved."))
    changed: dict[str, str] = {}
    history = getattr(model, "history", None)
    before = None
    if history is not None:
        before = (
            history.model.objects.filter(**{model._meta.pk.attname: pk}, version=since)
            .order_by("-history_date", "-history_id")
            .first()
        )
    if before is not None:
        for field in model._meta.concrete_fields:
            if field.primary_key or field.name in BOOKKEEPING or not field.editable:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                continue
            if getattr(before, field.attname, None) != getattr(current, field.attname):
                value = getattr(current, field.name)
                display = getattr(current, f"get_{field.name}_display", None)
                changed[field.name] = _("%(field)s was saved meanwhile as “%(value)s”.") % {
                    "field": str(field.verbose_name).capitalize(),
                    "value": _shown(display() if display else value),
                }
    return changed, current.version


def stale_edit(model, pk, since: int) -> StaleEdit:
    changed, current_version = _what_changed(model, pk, since)
    labels = [str(model._meta.get_field(name).verbose_name) for name in changed]
    if labels:
        summary = _(
            "Someone else saved this while you were editing it (changed: %(fields)s). Nothing of yours "
            "is saved yet: check the values saved meanwhile, shown below, and save again to keep your "
            "version."
        ) % {"fields": ", ".join(labels)}
    else:
        summary = _(
            "Someone else saved this while you were editing it. Nothing of yours is saved yet: reload "
            "the page to see their changes, or save again to keep your version."
        )
    message = {"__all__": [summary], **{name: [text] for name, text in changed.items()}}
    return StaleEdit(message, current_version=current_version, changed=changed)


def claim_edit(obj: Versioned, version: int | None) -> None:
    """Start an edit of `obj` that was opened on `version` (None: a write that saw no form, such as
    the demo data or an API call without `If-Match`): move the stored version on by one, or raise
    `StaleEdit` when someone saved `obj` since. Call it inside the write's transaction, before saving."""
    model = type(obj)
    rows = model._base_manager.filter(pk=obj.pk)
    if version is None:
        rows.update(version=F("version") + 1)
        obj.version = rows.values_list("version", flat=True).get()
        return
    # One conditional UPDATE: the database lets exactly one of two concurrent edits through.
    if not rows.filter(version=version).update(version=version + 1):
        raise stale_edit(model, obj.pk, version)
    obj.version = version + 1


def lock(obj: M) -> M:
    """The row of `obj` read again under a row lock (held until the transaction ends), so state
    changes of one record happen one after another and each sees the one before."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock() belongs inside the write's transaction")
    return type(obj)._base_manager.select_for_update().get(pk=obj.pk)


def if_match_version(request) -> int | None:
    """The version an API client started from: `If-Match: "3"` (or 3), else the body's `version`."""
    header = request.headers.get("If-Match", "").strip()
    value = header.removeprefix("W/").strip('"') if header else request.data.get("version")
    if value in (None, "", "*"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise WriteError({"version": _("Send the version you started from as a whole number.")}) from None


class EditsAVersion:
    """For an edit form: a hidden `version` holding the version of the record it was opened on (the
    model form's instance, or `version_of=` for a plain form). A form for a new record has none."""

    def __init__(self, *args, version_of: Versioned | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        record = version_of if version_of is not None else getattr(self, "instance", None)
        if record is not None and record.pk is not None:
            self.fields["version"] = VersionField(initial=record.version)  # type: ignore[attr-defined]
