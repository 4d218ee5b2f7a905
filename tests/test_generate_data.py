"""`generate_data` writes consistent, deterministic synthetic data through the bulk path."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Max, Min

from bench.management.commands.generate_data import Command as GenerateData
from places.models import Place, PlaceKind
from sources.models import Citation
from visits.models import Engagement, Participant, ParticipantRole, Visit

pytestmark = pytest.mark.django_db


def generate(visits=60, seed=3):
    out = StringIO()
    call_command(GenerateData(), visits=visits, seed=seed, chunk_size=25, stdout=out)
    return out.getvalue()


def visit_fingerprint():
    return list(
        Visit.objects.order_by("slug").values_list(
            "slug", "principal__name", "host_country__iso_code", "start_date", "start_precision", "kind"
        )
    )


def test_writes_the_requested_visits_with_engagements_participants_and_citations():
    output = generate()
    assert "visits: 60/60" in output and "rows/s" in output
    assert Visit.objects.count() == 60
    per_visit = Engagement.objects.values("visit").annotate(
        n=Count("pk"), first=Min("sequence"), last=Max("sequence")
    )
    assert len(per_visit) == 60
    assert all(1 <= row["n"] <= 8 and row["first"] == 1 and row["last"] == row["n"] for row in per_visit)
    principals = Participant.objects.filter(role=ParticipantRole.PRINCIPAL)
    assert principals.count() == Engagement.objects.count()
    assert all(
        p.person_id == p.engagement.visit.principal_id for p in principals.select_related("engagement__visit")
    )
    assert Citation.objects.count() == 60


def test_derived_fields_match_what_the_models_would_compute():
    generate()
    for citation in Citation.objects.select_related("source"):
        assert citation.source.text[citation.start : citation.end] == citation.quote
    for venue in Place.objects.filter(kind=PlaceKind.VENUE).select_related("parent")[:50]:
        assert venue.path == f"{venue.parent.path}{venue.pk}/"
        assert venue.country_id == venue.parent.country_id
    # Sequences were moved past the generated ids: ordinary saves still work.
    city = Place.objects.filter(kind=PlaceKind.CITY).first()
    assert Place.objects.create(name="New venue", slug="new-venue", kind=PlaceKind.VENUE, parent=city).pk


def test_the_same_seed_gives_the_same_data():
    with transaction.atomic():
        generate(seed=5)
        first = visit_fingerprint()
        transaction.set_rollback(True)
    assert Visit.objects.count() == 0
    generate(seed=5)
    assert visit_fingerprint() == first


def test_a_seed_already_generated_is_refused_and_nothing_is_written():
    generate(visits=10, seed=9)
    before = Visit.objects.count()
    with pytest.raises(CommandError, match="seed 9 is already in the database"):
        generate(visits=10, seed=9)
    assert Visit.objects.count() == before
