from django.http import HttpResponse  # replaced by the timeline pages


def visit_list(request):
    return HttpResponse("visits")


def visit_detail(request, slug):
    return HttpResponse(slug)
