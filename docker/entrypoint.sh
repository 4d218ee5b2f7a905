#!/bin/sh
# Prepare the database and static files, then run the container's command (gunicorn).
set -e
python manage.py wait_for_db --timeout 60
python manage.py migrate --no-input
python manage.py collectstatic --no-input --verbosity 0
exec "$@"
