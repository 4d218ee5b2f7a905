"""A row about another record (a citation, or any model that names its record by content type and
object id) is hidden from whoever may not see that record: the sources app's rule, built from
whatever rules the apps above registered with common.visibility (it knows none)."""

from django.db.models import Q

from common import visibility
from sources.models import Citation

# Models whose rows are about other records; never the record a row of them is about.
_ABOUT_MODELS = set()


def _records_models():
    return [model for model in visibility.registered_models() if model not in _ABOUT_MODELS]


def rows_about_hidden_records(user):
    """A Q on rows about a record (content_type, object_id), or their history rows, whose record
    is hidden from `user`."""
    match = Q(pk__in=[])
    for model in _records_models():
        ids = visibility.hidden_ids(model, user, "object_id")
        if ids is not None:
            # The content type by natural key, so no ContentType lookup adds a query; tested first,
            # so a row is probed only by the rule of its own record's model.
            of_model = Q(
                content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name
            )
            match |= of_model & ids
    return match


def register_rows_about_records(model):
    """Register the rule for `model`, whose rows name their record by content_type and object_id."""
    _ABOUT_MODELS.add(model)

    def ids(user, field):
        return Q(**{f"{field}__in": model.objects.filter(rows_about_hidden_records(user)).values("pk")})

    visibility.register(
        model,
        sees_hidden=lambda user: (
            not any(visibility.hides_anything(other, user) for other in _records_models())
        ),
        live=rows_about_hidden_records,
        ids=ids,
        # A history row names its record itself.
        history=rows_about_hidden_records,
    )


def register_rules():
    register_rows_about_records(Citation)
