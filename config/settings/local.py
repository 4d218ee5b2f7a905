"""Development on one machine: `make run`. Secrets still come from the environment or `.env`."""

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403
from .base import env, secret_from_environment

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# `make run` writes a generated key to .env; a bare checkout gets a throwaway one per process.
SECRET_KEY = secret_from_environment("DJANGO_SECRET_KEY") or get_random_secret_key()
