from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = "Visits"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from people.models import Person
        from places.models import Place
        from visits.aggregates import forget
        from visits.models import Engagement, Participant, Visit
        from visits.visibility import register_rules

        register_rules()

        # Cached aggregates are dropped when a record they count or name changes.
        for model in (Visit, Engagement, Participant, Person, Place):
            post_save.connect(forget, sender=model, dispatch_uid=f"aggregates-{model._meta.label}-save")
            post_delete.connect(forget, sender=model, dispatch_uid=f"aggregates-{model._meta.label}-delete")
