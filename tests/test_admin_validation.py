"""Bad values posted through the admin come back as clear form errors and change nothing."""

import datetime

from django.forms.models import model_to_dict

from people.models import Person
from sources.models import Citation, Source
from tests import factories
from tests.test_admin_pages import admin_url, form_data
from visits.models import Engagement, Participant, Visit


def unchanged(row):
    """A check that `row` (and its history) are as they were when this was called."""
    model = type(row)
    before = model_to_dict(model.objects.get(pk=row.pk)), row.history.count()
    return lambda: (model_to_dict(model.objects.get(pk=row.pk)), row.history.count()) == before


def errors_of(response):
    """Every error message on the page: main form, inline forms and inline formsets."""
    assert response.status_code == 200, "the form was not refused"
    messages = list(response.context["adminform"].form.errors.values())
    for inline in response.context["inline_admin_formsets"]:
        messages.append(inline.formset.non_form_errors())
        messages.extend(error for form_errors in inline.formset.errors for error in form_errors.values())
    return [message for error_list in messages for message in error_list]


def test_visit_ending_before_it_starts_is_refused(editor_client):
    visit = factories.VisitFactory(start_date=datetime.date(2021, 4, 30))
    still = unchanged(visit)
    url = admin_url(Visit, "change", visit.pk)
    data = form_data(editor_client.get(url))
    data.update(title="Changed", end="29 April 2021")

    response = editor_client.post(url, data)

    assert errors_of(response) == ["The visit cannot end before it starts."]
    assert still()


def test_citation_whose_quote_is_not_in_the_source_is_refused(editor_client):
    visit = factories.VisitFactory()
    source = factories.SourceFactory(title="Press release")
    still = unchanged(visit)
    url = admin_url(Visit, "change", visit.pk)
    data = form_data(editor_client.get(url))
    prefix = "sources-citation-content_type-object_id"
    data.update(
        {
            "title": "Changed",
            f"{prefix}-TOTAL_FORMS": 1,
            f"{prefix}-0-source": source.pk,
            f"{prefix}-0-quote": "The minister signed a treaty.",
        }
    )

    response = editor_client.post(url, data)

    assert errors_of(response) == [
        "The quote is not in the text of “Press release”: 'The minister signed a treaty.'"
    ]
    assert still()
    assert not Citation.objects.exists()


def test_citation_of_an_unknown_field_is_refused(editor_client):
    visit = factories.VisitFactory()
    source = factories.SourceFactory()
    url = admin_url(Visit, "change", visit.pk)
    data = form_data(editor_client.get(url))
    prefix = "sources-citation-content_type-object_id"
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": 1,
            f"{prefix}-0-source": source.pk,
            f"{prefix}-0-quote": "The minister visited the city.",
            f"{prefix}-0-field": "purpose_of_visit",
        }
    )

    response = editor_client.post(url, data)

    # The field is chosen from the record's fields by their labels: any other name is refused
    # by the choice (the API refuses it with the model's own message, test_validation_gaps).
    [error] = errors_of(response)
    assert error == "Select a valid choice. purpose_of_visit is not one of the available choices."
    assert not Citation.objects.exists()


def test_duplicate_engagement_sequence_in_the_inline_is_refused(editor_client):
    visit = factories.VisitFactory()
    factories.EngagementFactory(visit=visit, sequence=1, title="Kazan Expo")
    url = admin_url(Visit, "change", visit.pk)
    data = form_data(editor_client.get(url))
    data.update(
        {
            "engagements-TOTAL_FORMS": 2,
            "engagements-1-sequence": 1,
            "engagements-1-title": "Tour of Innopolis",
        }
    )

    response = editor_client.post(url, data)

    assert errors_of(response) == [
        "Two stops have the same sequence number; give each stop its own place in the order.",
        "Please correct the duplicate values below.",
    ]
    assert list(visit.engagements.values_list("title", flat=True)) == ["Kazan Expo"]


def test_engagement_sequence_zero_is_refused_in_words(editor_client):
    visit = factories.VisitFactory()
    engagement = factories.EngagementFactory(visit=visit, sequence=1)
    still = unchanged(engagement)
    url = admin_url(Engagement, "change", engagement.pk)
    data = form_data(editor_client.get(url))
    data["sequence"] = 0

    response = editor_client.post(url, data)

    assert errors_of(response) == ["Stops are numbered from 1."]
    assert still()


def test_participant_without_person_or_name_is_refused(editor_client):
    engagement = factories.EngagementFactory()
    url = admin_url(Engagement, "change", engagement.pk)
    data = form_data(editor_client.get(url))
    data.update({"participants-TOTAL_FORMS": 1, "participants-0-role": "host"})

    response = editor_client.post(url, data)

    assert errors_of(response) == ["A participant needs a person or a name as stated in the source."]
    assert not Participant.objects.exists()


def test_post_ending_before_it_starts_is_refused_on_the_person_page(editor_client):
    membership = factories.MembershipFactory(start_date=datetime.date(2020, 1, 1))
    still = unchanged(membership)
    url = admin_url(Person, "change", membership.person.pk)
    data = form_data(editor_client.get(url))
    data["memberships-0-end"] = "31 December 2019"

    response = editor_client.post(url, data)

    assert errors_of(response) == ["The post cannot end before it starts."]
    assert still()


def test_source_text_that_drops_a_quoted_passage_is_refused(editor_client):
    citation = factories.CitationFactory()
    source = citation.source
    still = unchanged(source)
    url = admin_url(Source, "change", source.pk)
    data = form_data(editor_client.get(url))
    data["text"] = "The mayor presented the plans."

    response = editor_client.post(url, data)

    [error] = errors_of(response)
    assert error.startswith("The new text no longer contains 1 quoted passage(s)")
    assert "'The minister visited the city.'" in error
    assert still()


def test_source_text_edit_moves_the_citation_offsets(editor_client):
    citation = factories.CitationFactory()
    assert (citation.start, citation.end) == (0, 30)
    url = admin_url(Source, "change", citation.source.pk)
    data = form_data(editor_client.get(url))
    data["text"] = "Kazan, 30 April. The minister visited the city."

    response = editor_client.post(url, data)

    assert response.status_code == 302
    citation.refresh_from_db()
    assert (citation.start, citation.end) == (17, 47)
    assert citation.source.text[citation.start : citation.end] == citation.quote
    assert citation.source.content_hash == Source.hash_text(data["text"])


def test_citation_of_a_record_that_does_not_exist_is_refused(editor_client):
    citation = factories.CitationFactory()
    still = unchanged(citation)
    url = admin_url(Citation, "change", citation.pk)
    data = form_data(editor_client.get(url))
    data["object_id"] = 999_999

    response = editor_client.post(url, data)

    assert errors_of(response) == ["There is no visit with id 999999."]
    assert still()


def test_citation_field_is_chosen_by_label_from_the_records_fields(editor_client):
    visit = factories.VisitFactory()
    response = editor_client.get(admin_url(Visit, "change", visit.pk))
    [citations] = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is Citation
    ]
    choices = dict(citations.empty_form.fields["field"].choices)
    assert choices[""] == "The whole record"
    assert choices["purpose"] == "Purpose" and choices["host_country"] == "Host country"
    assert "id" not in choices and "created_at" not in choices


def test_a_picked_offset_pins_the_second_occurrence_of_a_quote(editor_client):
    source = factories.SourceFactory(
        text="The minister met the mayor. Later the minister met the mayor again."
    )
    visit = factories.VisitFactory()
    url = admin_url(Visit, "change", visit.pk)
    data = form_data(editor_client.get(url))
    prefix = next(key for key in data if key.endswith("TOTAL_FORMS") and "citation" in key).removesuffix(
        "-TOTAL_FORMS"
    )
    second = source.text.index("the minister met the mayor")
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": 1,
            f"{prefix}-0-source": source.pk,
            f"{prefix}-0-quote": "the minister met the mayor",
            f"{prefix}-0-start": second,  # what the quote picker sets from the selection
        }
    )

    response = editor_client.post(url, data)

    assert response.status_code == 302, errors_of(response)
    citation = Citation.objects.get()
    assert (citation.start, citation.end) == (second, second + len("the minister met the mayor"))


def test_a_source_page_lists_the_citations_its_reader_may_see(editor_client, analyst_client):
    source = factories.SourceFactory()
    published = factories.VisitFactory(title="Published trip")
    draft = factories.VisitFactory(title="Draft trip", status="draft")
    factories.CitationFactory(source=source, content_object=published, field="title")
    factories.CitationFactory(source=source, content_object=draft)
    url = admin_url(Source, "change", source.pk)

    editor_page = editor_client.get(url).content.decode()
    analyst_page = analyst_client.get(url).content.decode()

    assert "Citations of this source (2)" in editor_page and "Draft trip" in editor_page
    assert "Citations of this source (1)" in analyst_page and "Draft trip" not in analyst_page
    assert f'href="{admin_url(Visit, "change", published.pk)}"' in analyst_page
