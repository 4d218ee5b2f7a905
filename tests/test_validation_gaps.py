"""Rules the admin and the API share through the models: a citation's `field`, an engagement's
sequence within the column's range; and a participant given by name only needs no `person` key."""

import pytest
from django.core.exceptions import ValidationError

from sources.models import Citation
from tests import factories
from visits.models import SEQUENCE_MAX, Engagement, Participant

QUOTE = "The minister visited the city."


@pytest.fixture
def visit(db):
    return factories.VisitFactory(status="held")


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def citation_body(visit, **changes):
    source = factories.SourceFactory()
    return {
        "source": source.pk,
        "record_type": "visits.visit",
        "record_id": visit.pk,
        "quote": QUOTE,
        **changes,
    }


def test_the_api_refuses_a_citation_of_a_field_the_record_does_not_have(editor_client, visit):
    response = post(editor_client, "/api/v1/citations/", citation_body(visit, field="purpose_of_visit"))
    assert response.status_code == 400
    [message] = response.json()["field"]
    assert message.startswith("“purpose_of_visit” is not a field of visit; use one of:")
    assert not Citation.objects.exists()


@pytest.mark.parametrize("field", ["purpose", "start_date", "principal", ""])
def test_the_api_takes_a_citation_of_a_real_field_or_of_the_whole_record(editor_client, visit, field):
    response = post(editor_client, "/api/v1/citations/", citation_body(visit, field=field))
    assert response.status_code == 201, response.json()


def test_a_citation_field_is_checked_by_the_model_itself(visit):
    citation = factories.CitationFactory.build(content_object=visit, field="citations")
    citation.source.save()
    citation.source_id = citation.source.pk
    with pytest.raises(ValidationError) as refused:
        citation.full_clean()
    assert "is not a field of visit" in str(refused.value.message_dict["field"])


@pytest.mark.parametrize("sequence", [2**40, 2**31, SEQUENCE_MAX + 1])
def test_an_engagement_sequence_past_the_column_is_a_400_on_every_database(editor_client, visit, sequence):
    response = post(
        editor_client, "/api/v1/engagements/", {"visit": visit.pk, "title": "x", "sequence": sequence}
    )
    assert response.status_code == 400
    assert "sequence" in response.json()
    assert not Engagement.objects.exists()


def test_the_largest_sequence_the_column_holds_is_taken(editor_client, visit):
    response = post(
        editor_client, "/api/v1/engagements/", {"visit": visit.pk, "title": "x", "sequence": SEQUENCE_MAX}
    )
    assert response.status_code == 201, response.json()


def test_the_model_refuses_a_sequence_past_the_column(visit):
    with pytest.raises(ValidationError) as refused:
        Engagement(visit=visit, title="x", sequence=2**40).full_clean()
    assert "sequence" in refused.value.message_dict


@pytest.fixture
def engagement(visit):
    return factories.EngagementFactory(visit=visit)


def test_a_participant_by_name_needs_no_person_key(editor_client, engagement):
    body = {
        "engagement": engagement.pk,
        "name_as_stated": "heads of other governments",
        "role": "co_attendee",
    }
    response = post(editor_client, "/api/v1/participants/", body)
    assert response.status_code == 201, response.json()
    assert response.json()["person"] is None
    assert Participant.objects.get().name_as_stated == "heads of other governments"


def test_a_participant_with_neither_person_nor_name_is_refused_for_that_not_for_a_missing_key(
    editor_client, engagement
):
    response = post(editor_client, "/api/v1/participants/", {"engagement": engagement.pk, "role": "host"})
    assert response.status_code == 400
    assert "person" not in response.json()
    assert "A participant needs a person or a name as stated in the source." in str(response.json())


def test_a_person_may_still_take_part_only_once_in_a_role(editor_client, engagement):
    person = factories.PersonFactory()
    body = {"engagement": engagement.pk, "person": person.slug, "role": "host"}
    assert post(editor_client, "/api/v1/participants/", body).status_code == 201
    again = post(editor_client, "/api/v1/participants/", body)
    assert again.status_code == 400
    assert Participant.objects.count() == 1
