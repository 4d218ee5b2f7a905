"""Which records a user may see: the one rule that every surface asks.

Some records are hidden from some readers. Today that is a draft visit and everything that
hangs off it (its stops, their participants, a person who appears only in drafts, and the
citations of any of these), hidden from everyone who may not change visits. The app that owns
a hidden state registers a rule for each model it hides (visits does, in its AppConfig.ready),
so lower apps never need to know about higher ones: the sources app hides the citations of
any hidden record by asking this registry, not by being overridden from above.

Every surface reads through these functions: API querysets and nested fields, filtersets,
pages and feeds, the admin (lists, change pages, autocomplete, history, the "view on site"
shortcut), counts and aggregates, and the change log.
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet


@dataclass(frozen=True)
class Rule:
    """How rows of one model are hidden.

    `sees_hidden(user)`: whether this user sees the hidden rows anyway (then nothing is hidden).
    `live(user)`: a Q on the model's own fields matching its rows hidden from the user (the
    cheap test for lists).
    `ids(user, field)`: a Q on an id column `field` of any table matching the ids of hidden rows,
    including rows deleted while hidden (their last history row says so), for the change log
    and for rules built on this one.
    `history(user)`: a Q on the model's history rows matching hidden ones; by default
    `ids(user, "id")`.
    `hides(record)`: optional, the `live` test on a record already loaded, so that a link to a
    related record (a visit's parent) costs no query per row.
    """

    sees_hidden: Any
    live: Any
    ids: Any
    history: Any = None
    hides: Any = None

    def history_q(self, user):
        return self.history(user) if self.history is not None else self.ids(user, "id")


_rules: dict[type[Model], Rule] = {}


def register(model, *, sees_hidden, live, ids, history=None, hides=None):
    """Hide rows of `model` matching `live` / `ids` from users for whom `sees_hidden(user)` is False."""
    _rules[model] = Rule(sees_hidden=sees_hidden, live=live, ids=ids, history=history, hides=hides)


def registered_models():
    return list(_rules)


def _rule_for(model, user):
    """The rule that hides rows of `model` from `user`, or None when the user sees them all."""
    rule = _rules.get(model)
    if rule is None or rule.sees_hidden(user):
        return None
    return rule


def visible(queryset: QuerySet, user) -> QuerySet:
    """`queryset` less the rows hidden from `user`."""
    rule = _rule_for(queryset.model, user)
    return queryset if rule is None else queryset.exclude(rule.live(user))


def visible_history(history: QuerySet, model, user) -> QuerySet:
    """History rows of `model` less those of records hidden from `user` (now or when deleted)."""
    rule = _rule_for(model, user)
    return history if rule is None else history.exclude(rule.history_q(user))


def hidden_ids(model, user, field):
    """A Q on the id column `field` matching records of `model` hidden from `user`, or None."""
    rule = _rule_for(model, user)
    return None if rule is None else rule.ids(user, field)


def hides_anything(model, user):
    return _rule_for(model, user) is not None


def is_visible(record, user) -> bool:
    """Whether `user` may see `record` (no query when no rule hides anything from them)."""
    if record is None:
        return False
    rule = _rule_for(type(record), user)
    if rule is None:
        return True
    if rule.hides is not None:
        return not rule.hides(record)
    return visible(type(record)._default_manager.filter(pk=record.pk), user).exists()


def visible_or_none(record, user):
    """`record` if `user` may see it, else None: for links to related records (a visit's parent)."""
    return record if record is not None and is_visible(record, user) else None
