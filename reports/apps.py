from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "Report drafts"

    def ready(self):
        from reports.models import Statement
        from sources.visibility import register_rows_about_records

        # A statement about a draft's record is hidden as the record is (the change log lists
        # statements' history to analysts).
        register_rows_about_records(Statement)
