from django import template

from sources import quotes

register = template.Library()

register.filter("record_fields", quotes.record_fields)
register.filter("readable_quote", quotes.readable_quote)
