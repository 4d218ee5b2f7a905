"""The editors' report pages: a report read, reviewed beside its text, and written as a draft visit."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from common.services import delete_record
from people.models import Membership, Person
from places.models import Place, PlaceFact
from reports.drafting import Report, propose
from reports.writing import Decisions
from sources.models import Citation, Source
from visits.models import Engagement, Participant, Visit, VisitStatus

TEXT = (Path(__file__).resolve().parent.parent / "data/reports/innopolis-2021-04-30.txt").read_text()
META = {
    "title": "Nikol Pashinyan visits Innopolis",
    "publisher": "Government of the Republic of Armenia",
    "published_on": "2021-04-30",
    "language": "en",
}


def accept_everything(text=TEXT, **meta):
    """The create form as the review page posts it after "Accept all"."""
    import datetime

    report = Report(text=text, published_on=datetime.date.fromisoformat(META["published_on"]))
    decisions = Decisions.accept_all(propose(report))
    return {"text": text, **META, **meta, **{f"d:{key}": value for key, value in decisions.choices.items()}}


@pytest.mark.django_db
def test_only_editors_open_the_report_pages(editor_client, analyst_client, anonymous_client):
    assert editor_client.get("/reports/new/").status_code == 200
    assert analyst_client.get("/reports/new/").status_code == 403
    assert analyst_client.post("/reports/create/", accept_everything()).status_code == 403
    response = anonymous_client.get("/reports/new/")
    assert response.status_code == 302 and "login" in response["Location"]
    assert Visit.objects.count() == 0


@pytest.mark.django_db
def test_the_review_shows_the_text_with_each_proposal_highlighted(editor_client):
    response = editor_client.post("/reports/new/", {"text": TEXT, **META})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<mark class="proposal a-person" data-items="' in html
    assert "Kazan Expo International Exhibition Center" in html
    assert html.count('name="d:') > 20
    assert Visit.objects.count() == 0  # reading writes nothing


@pytest.mark.django_db
def test_markup_in_a_report_is_shown_as_text(editor_client):
    text = 'President Anna Berg visited the <script>alert(1)</script> Tallinn Port in Tallinn today. "<b>'
    html = editor_client.post("/reports/new/", {"text": text, **META}).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


@pytest.mark.django_db
def test_an_uploaded_html_file_is_read_as_text(editor_client):
    page = b"<html><body><p>President Anna Berg visited the Tallinn Port in Tallinn today.</p></body></html>"
    upload = SimpleUploadedFile("report.html", page, content_type="text/html")
    html = editor_client.post("/reports/new/", {"upload": upload, **META}).content.decode()
    assert "Anna Berg" in html and "&lt;p&gt;" not in html
    bad = SimpleUploadedFile("report.pdf", b"%PDF", content_type="application/pdf")
    response = editor_client.post("/reports/new/", {"upload": bad, **META})
    assert response.status_code == 400 and "is not a .txt or .html file" in response.content.decode()


def check_innopolis_visit(visit):
    """What the bundled dossier states, held by the draft written from the report."""
    assert visit.status == VisitStatus.DRAFT
    assert (visit.principal.name, visit.host_country.name, visit.kind) == (
        "Nikol Pashinyan",
        "Russia",
        "working",
    )
    assert visit.principal_country.name == "Armenia"  # whose official, for the analysts' filter
    assert visit.start_date.isoformat() == "2021-04-30"
    stops = list(visit.engagements.order_by("sequence"))
    assert [stop.venue.name for stop in stops] == ["Kazan Expo International Exhibition Center", "Innopolis"]
    roles = {
        (stop.sequence, p.person.name if p.person else p.name_as_stated[:30], p.role)
        for stop in stops
        for p in stop.participants.all()
    }
    assert {
        (1, "Nikol Pashinyan", "principal"),
        (1, "Mikhail Mishustin", "co_attendee"),
        (2, "Nikol Pashinyan", "principal"),
        (2, "Ruslan Shigaleyev", "presenter"),
        (2, "Renat Khalimov", "presenter"),
    } <= roles
    posts = {
        (m.person.name, m.title, m.acting, m.organisation.name)
        for m in Membership.objects.select_related("person", "organisation")
    }
    assert {
        ("Nikol Pashinyan", "Prime Minister", True, "Government of the Republic of Armenia"),
        ("Mikhail Mishustin", "Prime Minister", False, "Government of the Russian Federation"),
        ("Ruslan Shigaleyev", "Mayor", False, "Innopolis city administration"),
        ("Renat Khalimov", "Director General", False, "Innopolis Technopark"),
    } <= posts
    innopolis = Place.objects.get(name="Innopolis")
    facts = {
        (f.kind, f.value and int(f.value), f.unit, f.qualifier)
        for f in PlaceFact.objects.filter(place=innopolis)
    }
    assert {
        ("area", 1200, "ha", "exact"),
        ("population", 3800, "inhabitants", "exact"),
        ("registered_companies", 360, "companies", "more_than"),
    } <= facts
    assert {"founded", "distinction", "economy", "economic_zone", "infrastructure"} <= {
        kind for kind, *_ in facts
    }
    assert Place.objects.get(name="Kazan Expo International Exhibition Center").parent.name == "Kazan"
    # Every citation quotes the report at its offset.
    source = Source.objects.get(title=META["title"])
    for citation in Citation.objects.filter(source=source):
        assert source.text[citation.start : citation.end] == citation.quote


@pytest.mark.django_db
def test_accepting_everything_writes_the_draft_visit_on_an_empty_register(editor_client, editor):
    response = editor_client.post("/reports/create/", accept_everything())
    assert response.status_code == 302, response.content.decode()[:3000]
    visit = Visit.objects.get()
    assert response["Location"] == f"/admin/visits/visit/{visit.pk}/change/"
    check_innopolis_visit(visit)
    assert visit.history.first().history_user == editor


@pytest.mark.django_db
def test_a_register_that_knows_the_people_gets_no_second_copy(editor_client, seeded):
    delete_record(record=seeded, reason="test: the register knows the people, not the visit")
    people = Person.objects.count()
    response = editor_client.post("/reports/create/", accept_everything(title="Innopolis, second copy"))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Person.objects.count() == people
    visit = Visit.objects.get()
    assert visit.principal.slug == "nikol-pashinyan"
    assert {p.person.slug for p in Participant.objects.filter(engagement__visit=visit) if p.person} == {
        "nikol-pashinyan",
        "mikhail-mishustin",
        "ruslan-shigaleyev",
        "renat-khalimov",
    }


@pytest.mark.django_db
def test_a_visit_without_its_principal_is_refused_and_nothing_is_written(editor_client, row_counts):
    before = row_counts()
    data = accept_everything()
    principal = [k for k, v in data.items() if k.startswith("d:pe")][0]
    data[principal] = "reject"
    response = editor_client.post("/reports/create/", data)
    assert response.status_code == 400
    assert "The visit needs its principal" in response.content.decode()
    assert row_counts() == before


@pytest.mark.django_db
def test_only_accepted_items_are_written(editor_client):
    data = accept_everything()
    for key in [k for k in data if k.startswith("d:fa")]:
        data[key] = "reject"
    assert editor_client.post("/reports/create/", data).status_code == 302
    assert PlaceFact.objects.count() == 0
    assert Engagement.objects.count() == 2
