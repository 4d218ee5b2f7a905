"""Property-based checks: partial dates round-trip, and no input makes the importer crash."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from common.partial_dates import DatePrecision, iso_partial_date, parse_partial_date, truncate
from importers.dossier import DossierError, import_dossier


# Stored dates lie in the years 1000-2999 (common.partial_dates.EARLIEST..LATEST).
@given(
    day=st.dates(min_value=datetime.date(1000, 1, 1), max_value=datetime.date(2999, 12, 31)),
    precision=st.sampled_from(DatePrecision),
)
def test_iso_partial_date_parses_back_to_the_same_period(day, precision):
    first_day = truncate(day, precision)
    assert parse_partial_date(iso_partial_date(first_day, precision)) == (first_day, precision)


@given(text=st.text(max_size=20))
def test_parse_partial_date_either_parses_or_raises_value_error_naming_the_value(text):
    try:
        first_day, precision = parse_partial_date(text)
    except ValueError as exc:
        assert repr(text) in str(exc)
    else:
        # Not compared with `text`: the parser's \d also accepts non-ASCII digits (reported to the lead).
        assert isinstance(first_day, datetime.date)
        assert truncate(first_day, precision) == first_day


yaml_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=12)
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=10,
)
dossier_keys = st.sampled_from(["source", "places", "organisations", "people", "visits", "slug", "quotes"])


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    document=st.one_of(
        st.text(max_size=80),
        st.dictionaries(dossier_keys, yaml_values, max_size=4).map(repr),
    )
)
def test_any_document_is_refused_with_dossier_errors_never_a_crash(tmp_path, document):
    path = tmp_path / "random.yaml"
    path.write_text(document, encoding="utf-8")
    with pytest.raises(DossierError) as raised:
        import_dossier(path=path)
    assert all(line.startswith("random.yaml: ") for line in raised.value.errors)
