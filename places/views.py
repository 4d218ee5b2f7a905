from django.http import HttpResponse  # replaced by the timeline pages


def place_detail(request, slug):
    return HttpResponse(slug)
