"""Pages of a person (posts over time and visits) and of an organisation (members and hosted stops).

Visits sit above people in the app order; these pages are where the two meet, so they read
visits through visits.selectors (drafts hidden) like every other page.
"""

from urllib.parse import urlencode

from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from common.partial_dates import DatePrecision, format_partial_date
from common.visibility import visible
from pages.citations import cite
from pages.helpers import paginate, paginate_ids, read_required, timeline_context
from pages.ics import calendar_response
from pages.maps import country_map_context
from pages.network import BadPairs, person_network_context
from pages.timeline import period_item, person_group, visit_item
from people.models import Organisation, Person
from people.selectors import posts
from visits.selectors import (
    citations_for,
    engagements_hosted_by,
    visible_visits,
    visit_ids_of_person,
    visit_rows,
    visits_of_person,
    with_principal_and_country,
)


def describe_period(post):
    """The post's dates in words, saying plainly what is not known and when sources attest it."""
    start, end = post.partial_date_display("start"), post.partial_date_display("end")
    if start and end:
        text = f"{start} – {end}" if start != end else start
    elif start:
        text = f"from {start}; end not recorded"
    elif end:
        text = f"start unknown – {end}"
    else:
        text = "dates unknown"
    if post.attested_from and (not start or not end):
        attested = format_partial_date(post.attested_from, DatePrecision.DAY)
        if post.attested_to != post.attested_from:
            attested += f" – {format_partial_date(post.attested_to, DatePrecision.DAY)}"
        text += f" (attested {attested})"
    return text


def post_band(post, *, group):
    """A post as a band: its known dates, and the attested dates where start or end is unknown.

    Returns None when nothing places the post in time.
    """
    start = post.start_date or post.attested_from
    last = post.partial_date_last_day("end") or post.attested_to or start
    if start is None:
        start = last
    if start is None:
        return None
    classes = ["band", "acting" if post.acting else "", "start-unknown" if post.start_date is None else ""]
    classes.append("end-unknown" if post.end_date is None else "")
    return period_item(
        id=f"post-{post.pk}",
        content=post.post_label,
        start=start,
        last=max(start, last),
        url=post.organisation.get_absolute_url(),
        group=group,
        title=f"{post.post_label}: {describe_period(post)}",
        class_name=" ".join(c for c in classes if c),
    )


def hosted_item(engagement):
    """A hosted stop on its day, or across its visit's period when the day is not known."""
    visit = engagement.visit
    return period_item(
        id=f"engagement-{engagement.pk}",
        content=f"{visit.title}: {engagement.title}",
        start=engagement.day or visit.start_date,
        last=engagement.day or visit.last_day,
        url=engagement.get_absolute_url(),
        group="hosted",
    )


def with_periods(memberships):
    memberships = list(posts(memberships))
    for post in memberships:
        post.period_text = describe_period(post)
    return memberships


@read_required(Person)
def person_detail(request, slug):
    person = get_object_or_404(visible(Person.objects.all(), request.user), slug=slug)
    held = with_periods(person.memberships.all())
    citations = cite([person, *held], citations=visible(citations_for([person, *held]), request.user))
    page = paginate_ids(request, visit_ids_of_person(request.user, person), read_rows=visit_rows)
    bands = [band for band in (post_band(post, group="posts") for post in held) if band]
    items = bands + [visit_item(visit, group="visits") for visit in page]
    groups = [
        group
        for group in ({"id": "posts", "content": "Posts held"}, {"id": "visits", "content": "Visits"})
        if any(item["group"] == group["id"] for item in items)
    ]
    try:
        network = person_network_context(request, person)
    except BadPairs as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    visit_list = reverse("visits:visit-list")
    destinations = country_map_context(
        visits_of_person(visible_visits(request.user), person),
        country_url=lambda slug: f"{visit_list}?{urlencode({'participant': person.slug, 'country': slug})}",
        caption=f"Where {person.name} went",
    )
    return render(
        request,
        "people/person_detail.html",
        {
            **network,
            **destinations,
            "person": person,
            "other_names": person.other_names.all(),
            "posts": held,
            "citations": citations,
            "page": page,
            **timeline_context(items=items, groups=groups),
        },
    )


@read_required(Person)
def person_visits_ics(request, slug):
    person = get_object_or_404(visible(Person.objects.all(), request.user), slug=slug)
    return person_calendar(request, person, user=request.user)


def person_calendar(request, person, *, user):
    """The calendar of `person`'s visits that `user` may see (the session's user, or a secret
    feed URL's owner: pages.feeds)."""
    visits = with_principal_and_country(visits_of_person(visible_visits(user), person))
    return calendar_response(
        request, visits, name=f"Visits: {person.name}", filename=f"{person.slug}-visits.ics"
    )


@read_required(Organisation)
def organisation_detail(request, slug):
    organisation = get_object_or_404(
        Organisation.objects.select_related("parent", "country", "seat"), slug=slug
    )
    members = with_periods(visible(organisation.memberships.all(), request.user))
    records = [organisation, *members]
    citations = cite(records, citations=visible(citations_for(records), request.user))
    page = paginate(request, engagements_hosted_by(visible_visits(request.user), organisation))
    groups = {}
    items = []
    for post in members:
        group = person_group(post.person)
        band = post_band(post, group=group["id"])
        if band:
            groups.setdefault(group["id"], group)
            items.append(band)
    if page:
        groups["hosted"] = {"id": "hosted", "content": "Hosted stops"}
        items += [hosted_item(engagement) for engagement in page]
    return render(
        request,
        "people/organisation_detail.html",
        {
            "organisation": organisation,
            "children": organisation.children.all(),
            "members": members,
            "citations": citations,
            "page": page,
            **timeline_context(items=items, groups=groups.values()),
        },
    )
