"""Menu entries and dashboard cards that apps register in their AppConfig.ready().

The shell cannot import the apps above it, so they bring their own entries here. An entry
names who may use it; the menu shows each user only what their organisation and role allow,
and the views enforce the same rule (a hidden link is not a permission).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from portal.scope import Scope


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    order: int = 100
    required_role: str = "viewer"
    allowed_kinds: frozenset[str] | None = None

    def allows(self, scope: Scope) -> bool:
        if scope.organization is None:
            return False
        if self.allowed_kinds is not None and scope.kind not in self.allowed_kinds:
            return False
        return scope.has_role(self.required_role)


@dataclass(frozen=True)
class DashboardCard:
    """A function of the scope that returns the card's context, or None to show nothing."""

    template: str
    build: Callable[[Scope], dict | None]
    order: int = 100


@dataclass(frozen=True)
class Todo:
    """One line of a user's to-do list: how many things wait, and the list that shows exactly
    those things (the count is the number of rows `url` opens)."""

    label: str
    count: int
    url: str
    urgent: bool = False  # late rather than merely waiting


@dataclass
class Registry:
    nav: list[NavItem] = field(default_factory=list)
    cards: list[DashboardCard] = field(default_factory=list)
    # functions of the scope that return the Todo lines an app has for that user
    todos: list[Callable[[Scope], list[Todo]]] = field(default_factory=list)

    def add_nav(self, item: NavItem) -> None:
        if item not in self.nav:
            self.nav.append(item)
            self.nav.sort(key=lambda entry: entry.order)

    def add_card(self, card: DashboardCard) -> None:
        if card not in self.cards:
            self.cards.append(card)
            self.cards.sort(key=lambda entry: entry.order)

    def add_todo(self, source: Callable[[Scope], list[Todo]]) -> None:
        if source not in self.todos:
            self.todos.append(source)

    def todos_for(self, scope: Scope) -> list[Todo]:
        """What waits for this user today, from every app, late things first; lines with
        nothing waiting are left out."""
        lines = [line for source in self.todos for line in source(scope) if line.count]
        return sorted(lines, key=lambda line: not line.urgent)

    def menu_for(self, scope: Scope, current_path: str) -> list[dict]:
        menu = []
        for item in self.nav:
            if item.allows(scope):
                url = reverse(item.url_name)
                active = current_path == url if url == "/" else current_path.startswith(url)
                menu.append({"label": item.label, "url": url, "active": active})
        return menu


registry = Registry()
