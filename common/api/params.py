"""Strict query parameters, for the API and the pages alike: a parameter nobody reads is an error.

`/api/v1/visits/?year=2021` once returned every year: the misspelt or unsupported name was
ignored. Now such a request is a 400 that names the parameter and lists the valid ones; a
parameter given twice that takes one value is a 400 too (it used to keep the last one).
"""

from common.api.filters import SplitMultipleWidget


def filterset_parameters(filterset_class):
    """(every parameter of the filterset, those that take several values)."""
    if filterset_class is None:
        return set(), set()
    filters = filterset_class.base_filters
    several = {
        name
        for name, filter_ in filters.items()
        if filter_.extra.get("widget") is SplitMultipleWidget
        or getattr(filter_.field_class, "widget", None) is SplitMultipleWidget
    }
    return set(filters), several


def parameter_errors(query, allowed, several=()):
    """{parameter: [message]} for each parameter of `query` (a QueryDict) not in `allowed`, and
    for each given more than once that is not in `several`; empty when all is well."""
    valid = ", ".join(sorted(allowed)) or "none"
    errors = {}
    for name in query:
        if name not in allowed:
            errors[name] = [f"Unknown parameter {name!r}; the valid parameters here are: {valid}."]
        elif name not in several and len(query.getlist(name)) > 1:
            errors[name] = [f"{name!r} was given {len(query.getlist(name))} times; give it once."]
    return errors
