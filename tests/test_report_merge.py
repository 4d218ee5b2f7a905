"""A second account of a visit the register holds is recognised and merged (issue 16, item 3): facts
that agree gain a citation from the new source, facts that differ are kept as that source's
statements, flagged for review, and no fact loses its citation."""

import datetime

import pytest

from people.models import Membership
from places.models import PlaceFact
from reports.drafting import Report, propose
from reports.merging import same_visit
from reports.models import Statement
from reports.writing import Decisions
from sources.models import Citation, Source
from visits.models import Visit

SECOND = (
    "Kazan, 30 April 2021. Armenian Acting Prime Minister Nikol Pashinyan, who is in Russia on a working "
    "visit, toured Innopolis today. Mayor Ruslan Shigaleyev and Executive Director of the Technopark Renat "
    "Khalimov showed the guest the city. Innopolis occupies an area of 1,200 hectares and has 3,900 "
    "inhabitants."
)
META = {
    "title": "Pashinyan in Innopolis (second account)",
    "publisher": "Tatar-inform",
    "published_on": "2021-04-30",
}


def accept_everything(text=SECOND):
    report = Report(text=text, published_on=datetime.date(2021, 4, 30))
    decisions = Decisions.accept_all(propose(report))
    return {"text": text, **META, **{f"d:{key}": value for key, value in decisions.choices.items()}}


@pytest.mark.django_db
def test_the_second_account_is_recognised(seeded):
    report = Report(text=SECOND, published_on=datetime.date(2021, 4, 30))
    assert same_visit(propose(report)) == seeded
    other_day = Report(
        text=SECOND.replace("30 April 2021", "30 April 2022"), published_on=datetime.date(2022, 4, 30)
    )
    assert same_visit(propose(other_day)) is None


@pytest.mark.django_db
def test_the_review_says_it_merges(editor_client, seeded):
    html = editor_client.post("/reports/new/", {"text": SECOND, **META}).content.decode()
    assert "Another account of a visit the register holds" in html


@pytest.mark.django_db
def test_the_button_says_merge_for_a_second_account_and_create_otherwise(editor_client, seeded):
    # It said "Create the draft visit" and then merged into the visit the register held.
    second = editor_client.post("/reports/new/", {"text": SECOND, **META}).content.decode()
    assert ">Merge into this visit</button>" in second
    assert "Create the draft visit" not in second
    other_day = SECOND.replace("30 April 2021", "30 April 2022")
    new = editor_client.post(
        "/reports/new/", {"text": other_day, **META, "published_on": "2022-04-30"}
    ).content.decode()
    assert ">Create the draft visit</button>" in new
    assert "Merge into this visit" not in new


@pytest.mark.django_db
def test_a_second_account_merges_into_the_visit(editor_client, seeded):
    before = set(Citation.objects.values_list("pk", "source_id", "object_id", "quote"))
    response = editor_client.post("/reports/create/", accept_everything())
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == f"/admin/visits/visit/{seeded.pk}/change/"
    assert Visit.objects.count() == 1
    new_source = Source.objects.get(title=META["title"])
    # No fact loses its citation.
    assert before <= set(Citation.objects.values_list("pk", "source_id", "object_id", "quote"))
    # The mayor's post and the area agree: cited by the new source too.
    mayor = Membership.objects.get(person__slug="ruslan-shigaleyev")
    assert Citation.objects.filter(source=new_source, object_id=mayor.pk, field="title").exists()
    area = PlaceFact.objects.get(place__slug="innopolis", kind="area")
    assert Citation.objects.filter(source=new_source, object_id=area.pk, field="value").exists()
    # The director's title and the population differ: kept as the source's statements, flagged.
    khalimov = Membership.objects.get(person__slug="renat-khalimov")
    assert khalimov.title == "Director General"  # the record keeps the editor's value
    statement = Statement.objects.get(object_id=khalimov.pk, field="title")
    assert (statement.value, statement.record_value, statement.needs_review) == (
        "Executive Director",
        "Director General",
        True,
    )
    assert new_source.text[statement.start : statement.end] == statement.quote
    population = Statement.objects.get(field="value", source=new_source)
    assert (population.value, population.record_value) == ("3900", "3800")
    assert PlaceFact.objects.get(place__slug="innopolis", kind="population").value == 3800
    # Both values visible with their sources.
    page = editor_client.get("/reports/statements/").content.decode()
    assert "Executive Director" in page and "Director General" in page and META["title"] in page


@pytest.mark.django_db
def test_an_editor_may_keep_it_a_separate_visit(editor_client, seeded):
    data = {**accept_everything(), "separate": "1"}
    assert editor_client.post("/reports/create/", data).status_code == 302
    assert Visit.objects.count() == 2


@pytest.mark.django_db
def test_the_statements_page_reads_a_fixed_number_of_queries(
    editor_client, seeded, django_assert_num_queries
):
    from django.contrib.contenttypes.models import ContentType

    source = Source.objects.get()
    memberships = list(Membership.objects.all())
    membership_type = ContentType.objects.get_for_model(Membership)

    def state(membership, value):
        quote = source.text[:20]
        Statement.objects.create(
            source=source, content_type=membership_type, object_id=membership.pk, field="title", value=value,
            record_value=membership.title, agrees=False, needs_review=True, quote=quote, start=0, end=20,
        )  # fmt: skip

    state(memberships[0], "Chief")
    editor_client.get("/reports/statements/")  # sessions and permissions cached as on any later page
    with django_assert_num_queries(6) as one:
        editor_client.get("/reports/statements/")
    for membership in memberships[1:]:
        state(membership, "Chief")
    with django_assert_num_queries(len(one.captured_queries)):
        page = editor_client.get("/reports/statements/").content.decode()
    assert page.count("Chief") == len(memberships)
