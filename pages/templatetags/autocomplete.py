"""`{% autocomplete_assets %}`: tom-select's script and stylesheet and ours, when tom-select is
installed from npm (settings.TOM_SELECT_JS); without them the filter inputs stay plain text
inputs that take a slug, which the form still sends."""

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def autocomplete_assets():
    if not getattr(settings, "TOM_SELECT_JS", ""):
        return ""
    return format_html(
        '<link rel="stylesheet" href="{}"><script src="{}" defer></script><script src="{}" defer></script>',
        static(settings.TOM_SELECT_CSS),
        static(settings.TOM_SELECT_JS),
        static("js/autocomplete.js"),
    )
