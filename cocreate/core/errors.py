"""The one error a `do_*` write raises when it refuses: `WriteError`.

The write convention every `do_*` follows (views, the API, the demo, generators and tests call the
same ones; nothing else saves domain state):

- Shape: `do_<verb>_<thing>(target, *, acting_user, **fields)` — the record written (or the one it is
  written into) positionally, then keyword-only `acting_user` (None for the demo and generators) and
  the fields as keyword arguments. Where the fields are a nested record (a meeting's attendees and
  roles, a decision's participants, an observation's steps) they come as one `details=` dataclass.
- Refusal: `WriteError` (below), keyed by field where it is about one.
- One transaction (`@transaction.atomic`); history through django-simple-history (`_history_user =
  acting_user` before saving); email and tasks only in `transaction.on_commit`.
- Edits of a `Versioned` record take `version=` (the one the editor started from) and call
  `core.concurrency.claim_edit` first; state changes lock the row with `core.concurrency.lock` and
  return the result already made to a repeat.

It is Django's `ValidationError`, built either from one sentence or from `{field: message(s)}`, so a
form puts each message beside its field (`show_on_form`) and the API answers 400 with
`{field: [messages]}` (`cocreate.api.errors.exception_handler`). Subclasses exist only where a caller
needs to tell one refusal from another (a stale edit, a closed assessment…).
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class WriteError(ValidationError):
    """Why a write was refused: one sentence, or `{field: message(s)}` ("__all__" for the whole form)."""

    @property
    def field_errors(self) -> dict[str, list[str]]:
        """`{field: [messages]}`; a refusal that names no field comes under "__all__"."""
        if hasattr(self, "error_dict"):
            return self.message_dict
        return {NON_FIELD_ERRORS: self.messages}

    @property
    def text(self) -> str:
        """Every message as one sentence, for a flash message or a command's output."""
        return " ".join(self.messages)


def show_on_form(form, error: ValidationError) -> None:
    """Put each message of `error` beside its field on `form` (fields it lacks go to the top box).

    A stale edit also moves the form's hidden `version` on to the version saved meanwhile, so saving
    the form again (after checking the values shown) keeps this person's text.
    """
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
    move_version_on(form, error)


def move_version_on(form, error: ValidationError) -> None:
    """After a stale edit, the form's hidden `version` becomes the one saved meanwhile: saving the form
    again (after checking the values shown) is a choice made knowingly, and keeps this person's text."""
    current = getattr(error, "current_version", None)
    if current is not None and "version" in form.fields and form.is_bound:
        form.data = form.data.copy()
        form.data[form.add_prefix("version")] = str(current)
