"""Who may read the register: one rule for pages and the API.

Reading needs a logged-in user with the model's view permission, unless the deployment
sets PUBLIC_READ=true. Which records within a model a user may see (drafts) is common.visibility's.
"""

from django.conf import settings


def can_read(user, model):
    if settings.PUBLIC_READ:
        return True
    opts = model._meta
    return user.is_authenticated and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
