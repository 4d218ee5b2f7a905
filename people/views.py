from django.http import HttpResponse  # replaced by the timeline pages


def person_detail(request, slug):
    return HttpResponse(slug)


def organisation_detail(request, slug):
    return HttpResponse(slug)
