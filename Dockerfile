# The web image: gunicorn serving Django, static files (including vis-timeline) via whitenoise.
FROM node:20-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production
WORKDIR /app
RUN useradd --create-home --uid 1000 app
COPY . .
COPY --from=assets /app/node_modules/vis-timeline/standalone ./node_modules/vis-timeline/standalone
RUN pip install --no-cache-dir . && chown -R app:app /app
USER app
EXPOSE 8000
ENTRYPOINT ["docker/entrypoint.sh"]
# Bind address, workers and logs: gunicorn.conf.py (read from /app).
CMD ["gunicorn", "config.wsgi:application"]
