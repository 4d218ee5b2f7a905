"""`generate_data` writes consistent, deterministic synthetic data through the bulk path."""

from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Max, Min

from bench.management.commands.generate_data import Command as GenerateData
from people.models import Membership
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
    visit_type = ContentType.objects.get_for_model(Visit)
    assert Citation.objects.filter(content_type=visit_type).count() == 60


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


def test_the_data_is_shaped_like_real_data():
    generate(visits=400, seed=4)
    # Heavy-tailed: the busiest principal travels far more than the typical one.
    per_principal = sorted(
        Visit.objects.values("principal").annotate(n=Count("pk")).values_list("n", flat=True), reverse=True
    )
    assert per_principal[0] >= 5 * per_principal[len(per_principal) // 2]
    per_country = sorted(
        Visit.objects.values("host_country").annotate(n=Count("pk")).values_list("n", flat=True), reverse=True
    )
    assert per_country[0] >= 5 * per_country[len(per_country) // 2]
    # Parent trips: parts of the trip's principal, within its days.
    parts = Visit.objects.filter(parent__isnull=False).select_related("parent")
    assert parts.count() >= 5
    for part in parts:
        assert part.principal_id == part.parent.principal_id
        assert part.parent.start_date < part.start_date <= part.parent.end_date
    # Acting and repeated posts, organisations on participants, stops with quotes of their own.
    assert Membership.objects.filter(acting=True).exists()
    repeated = Membership.objects.values("person", "title").annotate(n=Count("pk")).filter(n__gt=1)
    assert repeated.exists()
    assert Participant.objects.filter(organisation__isnull=False).count() > Participant.objects.count() // 2
    stop_quotes = Citation.objects.filter(content_type=ContentType.objects.get_for_model(Engagement))
    assert stop_quotes.exists()
    for citation in stop_quotes.select_related("source"):
        assert citation.source.text[citation.start : citation.end] == citation.quote
        assert Engagement.objects.filter(pk=citation.object_id).exists()
