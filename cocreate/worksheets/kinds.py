"""What each kind of worksheet adds to the generic engine (`models.Kind`).

The engine (pages, drafts, comments, compare, publish, documents) knows nothing of a kind. It asks this
module, for each step it shows, what to add under the step (`extras`): a panel with its template and
context — the ignite talk's speaking time, the prism's "add this stakeholder" for a role nobody on the
team holds, goal setting's "make these goals in the plan". The engine includes each panel's template
with its context after the step's text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Extra:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


def extras(worksheet, step_key: str, *, tenant=None, content: dict | None = None) -> list[Extra]:
    """The panels to show under one step of `worksheet` (its working text unless `content` is given:
    a draft or a published version), for the person `tenant` (None on a printed copy)."""
    return []
