"""Places where a higher floor plugs into a lower one.

The floors (docs/ARCHITECTURE.md) let a module import only from its own app and the apps below it:
`core` knows no domain app, `planning` knows no `support`. Yet the community page (in `core`) shows each
app's panel, the demo network (seeded by `core`) holds every app's data, and a goal's page (in
`planning`) lists the support sessions that served it. So the lower floor declares a `Registry` and the
higher app fills it from its `AppConfig.ready()` — the way Django's admin lets apps register their
models and Wagtail's hooks let apps add menu items. The lower floor never names what fills it.

Registries:
- `community_sections` (here): what each app shows on the community page;
- `demo_seeders` (here): each app's part of the demo network (`cocreate seed-demo`);
- `generator_steps` (here): each app's part of a generated organization (`cocreate generate`);
- `portfolio_columns` (here): per-community figures on the portfolio (the organization's page);
- `waiting_sources` (here): what waits for one person on her "for me" home (rounds, actions, proposals …);
- `composed_titles` (here): titles the product composes from parts, in each reader's language;
- `translatable_texts` (here): the texts a team writes for partners that may carry a version in each of
  the organization's languages (`core.translations`);
- `person_links` (here): what happens when a person gets a role in a community (partners: her partner
  record is made or linked), and the kinds of person an invitation can name;
- `change_sources` (here): what changed in her communities since her last visit, on the same page;
- a lower domain app declares its own where a page of its shows something from above
  (e.g. `assessments.registry.item_goals`, `planning.registry.goal_sections`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.safestring import SafeString

if TYPE_CHECKING:
    from .access import Tenant
    from .models import Community


class Keyed(Protocol):
    @property
    def key(self) -> str: ...

    @property
    def order(self) -> int: ...


T = TypeVar("T", bound=Keyed)


class Registry(Generic[T]):
    """Entries registered by higher apps, iterated in `order` (then key), each key once."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._entries: dict[str, T] = {}

    def register(self, entry: T) -> T:
        # ready() can run twice (tests that reload apps): the same key replaces its entry.
        self._entries[entry.key] = entry
        return entry

    def get(self, key: str) -> T | None:
        return self._entries.get(key)

    def __iter__(self) -> Iterator[T]:
        return iter(sorted(self._entries.values(), key=lambda e: (e.order, e.key)))

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"<Registry {self.name}: {', '.join(e.key for e in self)}>"


# --- Sections of a page ------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """A piece of a lower app's page that a higher app fills: `context(**subject)` gives its data, or
    None when there is nothing to show; `template` renders it with the page's base context added."""

    key: str
    order: int
    template: str
    context: Callable[..., Mapping[str, Any] | None]


def render_sections(
    registry: Registry[Section], request: HttpRequest, base: Mapping[str, Any], **subject: Any
) -> list[SafeString]:
    """Each registered section's HTML for this subject (e.g. `goal=goal`), in order."""
    html = []
    for section in registry:
        extra = section.context(**subject)
        if extra is not None:
            html.append(render_to_string(section.template, {**base, **subject, **extra}, request))
    return html


# --- The community page -------------------------------------------------------------------------


@dataclass(frozen=True)
class CommunitySection:
    """One app's section of the community page.

    `permission` is what the viewer needs in this community to see it (checked by the page and, for a
    lazy section, by its own URL too). `context` gives the section's data; it runs only for viewers who
    may see it. A `lazy` section shows `placeholder` with the page and loads `template` right after
    (htmx), so the page stays quick however long the community's history grows.
    """

    key: str
    order: int
    template: str
    permission: str = "community.view"
    context: Callable[[Tenant, Community], Mapping[str, Any]] | None = None
    placeholder: str | None = None

    @property
    def lazy(self) -> bool:
        return self.placeholder is not None

    def render(self, request: HttpRequest, tenant: Tenant, community: Community, *, full: bool) -> SafeString:
        """The section's HTML: its placeholder when it is lazy and `full` is false, else its content."""
        base: dict[str, Any] = {"tenant": tenant, "org": tenant.organization, "community": community}
        if self.placeholder is not None and not full:
            return render_to_string(self.placeholder, {**base, "section": self}, request)
        extra = self.context(tenant, community) if self.context else {}
        return render_to_string(self.template, {**base, **extra}, request)


community_sections: Registry[CommunitySection] = Registry("community_sections")


def visible_sections(tenant: Tenant, community: Community) -> list[CommunitySection]:
    return [s for s in community_sections if tenant.can(s.permission, community)]


# --- The portfolio ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PortfolioColumn:
    """A column one app adds to the portfolio's table of communities (the organization's and an
    initiative's page).

    `values(community_ids)` returns {community id: value} for one page of rows in a fixed number of
    queries; `template` renders one cell, with the row's value as `value`; `label` heads the column
    (and labels the cell on a phone).
    """

    key: str
    order: int
    label: str | Promise  # usually a lazy translation
    values: Callable[[Sequence[int]], Mapping[int, Any]]
    template: str
    css: str = ""


@dataclass(frozen=True)
class PortfolioCell:
    label: str
    template: str
    css: str
    value: Any


def portfolio_cells(community_ids: Sequence[int]) -> dict[int, list[PortfolioCell]]:
    """Every registered column's cell for each community of one page (labels translated once)."""
    columns = [(column, str(column.label), column.values(community_ids)) for column in portfolio_columns]
    return {
        pk: [PortfolioCell(label, c.template, c.css, values.get(pk)) for c, label, values in columns]
        for pk in community_ids
    }


portfolio_columns: Registry[PortfolioColumn] = Registry("portfolio_columns")


# --- The demo network and generated organizations -----------------------------------------------


@dataclass(frozen=True)
class DemoSeeder:
    """One app's part of the demo network: `seed` is the dotted path of a function taking the
    communities by slug (imported only when the demo is seeded, not by every process at start-up).
    With `again`, it also runs on a demo loaded before (so a demo from before the app existed gets its
    part), and then must change nothing when its part is there already."""

    key: str
    order: int
    seed: str
    again: bool = True


demo_seeders: Registry[DemoSeeder] = Registry("demo_seeders")


@dataclass(frozen=True)
class GeneratorSteps:
    """One app's steps in `cocreate generate`, run after the foundation's and those with a lower order.
    `steps` is the dotted path of its list of `cocreate.core.generate.Step` (imported when used)."""

    key: str
    order: int
    steps: str


generator_steps: Registry[GeneratorSteps] = Registry("generator_steps")


# --- "For me": what waits for one person ----------------------------------------------------------


@dataclass(frozen=True)
class WaitingItem:
    """One thing that waits for a person: a round to answer, an action she owns, a proposal open for
    her position … `title` is what a team typed or a translated phrase; `kind` names the kind of thing
    in the reader's language; `due` orders the list (soonest first; None last)."""

    kind: str | Promise
    title: str | Promise
    url: str
    community: str = ""
    due: Any = None  # a date or datetime
    note: str | Promise = ""
    overdue: bool = False
    # The object whose `field` a team typed as the title (an action's strategy, a meeting's title):
    # the page then shows the reader's version of it (`core.translations`), loaded for the whole page.
    source: Any = None
    field: str = ""


@dataclass(frozen=True)
class WaitingSource:
    """One app's contribution to a person's "for me" list. `items` is the dotted path of a function
    `(user, community_ids) -> list[WaitingItem]` over the communities she belongs to in one
    organization, in a fixed number of queries whatever their number (imported when first used)."""

    key: str
    order: int
    items: str


waiting_sources: Registry[WaitingSource] = Registry("waiting_sources")


# --- Texts in several languages (core.translations) -----------------------------------------------


@dataclass(frozen=True)
class TranslatableText:
    """A model whose `fields` a team writes for partners and may translate (`core.translations`).

    `objects(tenant, community)` gives the texts currently shown that this person may read (e.g. the
    current agreement's answers, not older versions'; staff-only decisions for staff only), with their
    community, in one query; `community=None` means every community of the organization (for people
    with an organization-wide role). `url(obj, org_slug, community_slug)` is where a reader finds it;
    `label` names the kind of text ("Goal", "Agenda item")."""

    key: str
    order: int
    model: type[Any]
    fields: tuple[str, ...]
    label: str | Promise
    objects: Callable[[Tenant, Community | None], Any]
    url: Callable[[Any, str, str], str]


translatable_texts: Registry[TranslatableText] = Registry("translatable_texts")


@dataclass(frozen=True)
class ComposedTitle:
    """A title the product composes from parts (e.g. "Coaching on 20 Nov 2026" from a session's type
    and date): `compose(parts)` writes it in the active language and date format, so each reader sees
    it in hers (`core.translations.ComposedCharField`). Registered by the app that knows the parts."""

    key: str
    order: int
    compose: Callable[[Mapping[str, Any]], str]


composed_titles: Registry[ComposedTitle] = Registry("composed_titles")
# --- A person joins a community -------------------------------------------------------------------


@dataclass(frozen=True)
class PersonLink:
    """What a higher app does when a person gets a role in one community (an invitation accepted, a
    member added, a role granted), and the choices an invitation to a community offers for it.

    `joined(membership, *, kind, lived_experience, acting_user)` runs inside the membership's
    transaction; `kind` is what the invitation chose ("" for the usual kind for the role) and
    `lived_experience` None when nobody said. `kinds()` gives the (value, label) choices of `kind`.
    The partners app fills it: joining makes or links her partner record."""

    key: str
    order: int
    joined: Callable[..., Any]
    kinds: Callable[[], Sequence[tuple[str, Any]]]


person_links: Registry[PersonLink] = Registry("person_links")


def person_kinds() -> list[tuple[str, Any]]:
    """Every kind of person an invitation to a community can name (empty when no app offers any)."""
    return [choice for link in person_links for choice in link.kinds()]


@dataclass(frozen=True)
class ChangeItem:
    """One thing that changed in a person's communities since her last visit: a decision recorded, a
    meeting planned or moved, an action she owns that moved … `at` orders the list (newest first)."""

    kind: str | Promise
    title: str | Promise
    url: str
    at: Any  # an aware datetime
    community: str = ""
    note: str | Promise = ""
    source: Any = None  # as in WaitingItem: the typed title's object and field, shown in her language
    field: str = ""


@dataclass(frozen=True)
class ChangeSource:
    """One app's part of "what changed since your last visit". `items` is the dotted path of a
    function `(user, community_ids, since, limit) -> list[ChangeItem]`: what changed after `since` in
    those communities (or, for what she owns, wherever she owns it), newest first, at most `limit`,
    in a fixed number of queries (imported when first used)."""

    key: str
    order: int
    items: str


change_sources: Registry[ChangeSource] = Registry("change_sources")
