from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The reader pages: where visits, people and places meet, above every domain app."""

    name = "pages"
    verbose_name = "Reader pages"
