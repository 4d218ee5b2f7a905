from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = "Visits"

    def ready(self):
        from django.db.models.signals import post_delete, post_init, post_save, pre_delete

        from people.models import Person
        from places.models import Place, place_moved
        from sources.models import Citation
        from visits import appearances, pairs, tallies
        from visits.aggregates import forget
        from visits.models import Engagement, Participant, Visit
        from visits.visibility import register_rules

        register_rules()

        # Cached aggregates are dropped when a record they count or name changes.
        for model in (Visit, Engagement, Participant, Person, Place):
            post_save.connect(forget, sender=model, dispatch_uid=f"aggregates-{model._meta.label}-save")
            post_delete.connect(forget, sender=model, dispatch_uid=f"aggregates-{model._meta.label}-delete")

        # The appearances table (visits.appearances) follows every write of what it derives from;
        # a visit's deletion takes its rows with it (a cascade).
        post_save.connect(appearances.visit_saved, sender=Visit, dispatch_uid="appearances-visit-save")
        for model, receiver in (
            (Engagement, appearances.engagement_written),
            (Participant, appearances.participant_written),
        ):
            for signal, action in ((post_save, "save"), (post_delete, "delete")):
                signal.connect(
                    receiver, sender=model, dispatch_uid=f"appearances-{model._meta.label}-{action}"
                )
            # A stop or participant moved to another visit (stop): both visits' rows change.
            post_init.connect(
                appearances.remember_parent,
                sender=model,
                dispatch_uid=f"appearances-{model._meta.label}-init",
            )
        # Who met whom (visits.pairs) is rewritten with the appearances; a visit's deletion takes
        # its share out of its pairs' sums first.
        pre_delete.connect(pairs.visit_deleting, sender=Visit, dispatch_uid="pairs-visit-delete")
        # The stored counts (visits.tallies) likewise; a deleted visit's, after the cascade.
        pre_delete.connect(tallies.visit_deleting, sender=Visit, dispatch_uid="tallies-visit-deleting")
        post_delete.connect(tallies.visit_deleted, sender=Visit, dispatch_uid="tallies-visit-deleted")
        place_moved.connect(appearances.place_moved, sender=Place, dispatch_uid="appearances-place-moved")

        # A visit's version (updated_at, its ETag) covers its stops, their participants and the
        # citations of all three: a change to any of them is a change to the visit.
        for model in (Engagement, Participant, Citation):
            for signal, action in ((post_save, "save"), (post_delete, "delete")):
                signal.connect(
                    _touch_visit, sender=model, dispatch_uid=f"visit-version-{model._meta.label}-{action}"
                )


def _touch_visit(sender, instance, **kwargs):
    from visits.services import touch_visit_of

    touch_visit_of(instance, **kwargs)
