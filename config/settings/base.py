"""Settings shared by every environment; each reads its secrets from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def secret_from_environment(name):
    """The variable exactly as set: django-environ reads a value that starts with "$" as the
    name of another variable, and a generated key may start with "$" (get_random_secret_key's
    alphabet has it), which then read as an empty key."""
    return os.environ.get(name, "")


DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

# Reads need a logged-in user unless the register is deliberately public.
PUBLIC_READ = env.bool("PUBLIC_READ", default=False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "nested_admin",
    "axes",
    "common",
    "accounts",
    "sources",
    "places",
    "people",
    "visits",
    "search",
    "pages",
    "importers",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "common.http.middleware.SecurityHeadersMiddleware",
    "common.http.middleware.RejectNulCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def database_config(url):
    """Parse a database URL; SQLite gets WAL, immediate transactions and a busy timeout."""
    config = env.db_url_config(url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            # WAL lets readers and one writer work at once; IMMEDIATE takes the write lock
            # at BEGIN so concurrent writers queue on the timeout instead of failing.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    else:
        config["NAME"] = config.get("NAME") or "govvisits"
    if config["ENGINE"] == "django.db.backends.postgresql":
        # No JIT compilation: the planner overprices some short page queries (the admin's date
        # probes) and compiles them, which takes longer than running them (docs/performance.md).
        config["OPTIONS"] = {**config.get("OPTIONS", {}), "options": "-c jit=off"}
    return config


DATABASES = {
    "default": database_config(env.str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")),
}
# Read replicas (optional): reads are spread over them, writes and read-after-write stay on the primary.
for number, url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), start=1):
    DATABASES[f"replica{number}"] = {**database_config(url), "TEST": {"MIRROR": "default"}}
if len(DATABASES) > 1:
    DATABASE_ROUTERS = ["common.db.replicas.PrimaryReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "common.db.replicas.PrimaryAfterWriteMiddleware",
    )
# How long a client that wrote keeps reading from the primary (covers replication lag).
REPLICA_LAG_SECONDS = env.int("REPLICA_LAG_SECONDS", default=10)

# A shared cache (e.g. CACHE_URL=redis://127.0.0.1:6379/1) makes throttling and cached aggregates
# consistent across web processes; the default is per-process memory.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
# How long visits-per-country/year/principal/kind and who-met-whom answers are reused (0: never);
# any save of a visit, stop, participant, person or place drops them sooner (visits.aggregates).
AGGREGATE_CACHE_SECONDS = env.int("AGGREGATE_CACHE_SECONDS", default=60)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Indexes with INCLUDE columns (visits' appearances: covering indexes on PostgreSQL) are plain
# indexes on SQLite, which Django says (models.W040) before every `migrate` of `make run`:
# harmless there, and never raised on PostgreSQL.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# Login lockout on every login form (django-axes; docs/security.md): the first backend refuses a
# username that failed AXES_FAILURE_LIMIT times in a row from the same address, before the password
# is checked. Locked by the username *and* address together, so an attacker elsewhere cannot lock a
# user out; the lock lifts after the cool-off, or at once with `manage.py axes_reset_username`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "common.http.client_ip.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# Attempts are kept in the database (AxesDatabaseHandler), so every web process sees them.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# No "AXES: BEGIN version ..." banner before every management command's output.
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# The site's own sign-in for readers, analysts and editors (accounts.views); the admin keeps its
# own, for staff.
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}

# vis-timeline from npm (`npm ci`), served by staticfiles/whitenoise: no CDN. Without the folder
# the pages still show every visit as an accessible list, so the npm step is optional.
VIS_TIMELINE_DIR = BASE_DIR / "node_modules" / "vis-timeline" / "standalone" / "umd"
VIS_TIMELINE_JS = ""
if VIS_TIMELINE_DIR.is_dir():
    STATICFILES_DIRS += [("vendor/vis-timeline", VIS_TIMELINE_DIR)]
    VIS_TIMELINE_JS = "vendor/vis-timeline/vis-timeline-graph2d.min.js"

# tom-select for the filter inputs' autocomplete (pages/templatetags/autocomplete.py), from npm
# the same way; without it the inputs take a slug as typed.
TOM_SELECT_DIR = BASE_DIR / "node_modules" / "tom-select" / "dist"
TOM_SELECT_JS = TOM_SELECT_CSS = ""
if TOM_SELECT_DIR.is_dir():
    STATICFILES_DIRS += [("vendor/tom-select", TOM_SELECT_DIR)]
    TOM_SELECT_JS = "vendor/tom-select/js/tom-select.complete.min.js"
    TOM_SELECT_CSS = "vendor/tom-select/css/tom-select.min.css"

# The map (d3-geo on d3-array, topojson-client, world-atlas's Natural Earth shapes) and the
# who-met-whom network (vis-network), from npm the same way: each folder served under
# vendor/<name>/ when installed; VENDOR_ASSETS names the file a page loads. A page whose
# libraries are missing shows its tables only.
VENDOR_ASSETS = {}
for _name, _folder, _file in [
    ("d3-array", "d3-array/dist", "d3-array.min.js"),
    ("d3-geo", "d3-geo/dist", "d3-geo.min.js"),
    ("topojson-client", "topojson-client/dist", "topojson-client.min.js"),
    ("world-atlas", "world-atlas", "countries-110m.json"),
    ("vis-network", "vis-network/standalone/umd", "vis-network.min.js"),
]:
    if (BASE_DIR / "node_modules" / _folder / _file).is_file():
        STATICFILES_DIRS += [(f"vendor/{_name}", BASE_DIR / "node_modules" / _folder)]
        VENDOR_ASSETS[_name] = f"vendor/{_name}/{_file}"

# REST API (/api/v1/): token or session auth, model permissions, JSON and CSV, throttled.
REST_FRAMEWORK = {
    # Token first, so an anonymous request gets 401 with `WWW-Authenticate: Token`. Tokens are
    # accounts.ApiToken: hashed, expiring, ended by a password change, failures throttled.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["common.api.permissions.RecordPermissions"],
    "DEFAULT_RENDERER_CLASSES": ["common.api.renderers.FastJSONRenderer", "common.api.renderers.CSVRenderer"],
    # An unknown ?format= is a 400 naming it (DRF's is a bare 404): common.api.negotiation.
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "common.api.negotiation.StrictFormatNegotiation",
    # JSON bodies only; 413 (JSON) past DATA_UPLOAD_MAX_MEMORY_SIZE.
    "DEFAULT_PARSER_CLASSES": ["common.api.parsers.SafeJSONParser"],
    "EXCEPTION_HANDLER": "common.api.exceptions.api_exception_handler",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "common.api.ordering.StableOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "common.api.pagination.RecordPagination",
    "DEFAULT_SCHEMA_CLASS": "common.api.schema.RecordAutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["common.api.throttling.AnonThrottle", "common.api.throttling.UserThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="60/minute"),
        "user": env.str("API_THROTTLE_USER", default="3000/minute"),
        # Failed token authentications per client address; past it every token request from
        # there is 429 until the window has passed (common.api.throttling.TokenFailureThrottle).
        "token_failures": env.str("API_THROTTLE_TOKEN_FAILURES", default="20/hour"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # How many reverse proxies in front of the app add to X-Forwarded-For: 0 trusts only
    # REMOTE_ADDR; behind one TLS proxy or load balancer, 1. The client address it gives is the one
    # throttles and the login lockout count by (common.http.client_ip).
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
}
# How long a new API token works, in days (accounts.ApiToken; `manage.py create_token --days`).
API_TOKEN_DAYS = env.int("API_TOKEN_DAYS", default=90)
SPECTACULAR_SETTINGS = {
    "TITLE": "Official visits register API",
    "DESCRIPTION": "Visits, engagements, participants, people, organisations, places and their sources, "
    "each fact with the quote that supports it. Read the [API guide](/api/guide/) first (tokens, "
    "filters, formats, full exports, errors) and the [analysts' recipes](/api/guide/recipes/) "
    "(Python: a full filtered export and the who-met-whom table into pandas).",
    # Operations grouped by resource: the tag is the path's first part after /api/v1/.
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "TAGS": [
        {
            "name": "visits",
            "description": "Official visits: principal, host country, dates, kind, status, "
            "with their stops, participants and citations; aggregates (stats/by-country, by-year, "
            "by-principal, by-kind) and who-met-whom; full exports.",
        },
        {"name": "engagements", "description": "The stops of a visit, in order: date, venue, host body."},
        {
            "name": "participants",
            "description": "Who took part in a stop, in what role, with the post they held that day.",
        },
        {"name": "people", "description": "People, their other names and the posts they held."},
        {"name": "organisations", "description": "Governments, ministries, companies and other bodies."},
        {"name": "memberships", "description": "Posts held: title, organisation, acting, start and end."},
        {"name": "places", "description": "One tree of countries, regions, cities and venues."},
        {"name": "place-facts", "description": "Dated, sourced facts about places (population, area, ...)."},
        {"name": "sources", "description": "The documents facts come from, with their full text."},
        {"name": "citations", "description": "Verbatim quotes of a source supporting a record or a field."},
        {"name": "changes", "description": "The change log: every create, change and delete."},
        {
            "name": "report-drafts",
            "description": "A press report's text in, a proposed visit out (people, places, stops, "
            "quotes), for an editor to check; nothing is written.",
        },
    ],
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "VisitStatusEnum": "visits.models.VisitStatus",
        "ParticipantRoleEnum": "visits.models.ParticipantRole",
        "PlaceKindEnum": "places.models.PlaceKind",
        "PlaceFactKindEnum": "places.models.PlaceFactKind",
        "OrganisationKindEnum": "people.models.OrganisationKind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "common.api.schema.responses_may_omit_fields",
        "common.api.schema.add_examples",
        "common.api.schema_links.add_links",
        "common.api.schema_links.describe_query_parameters",
        "common.api.schema_links.bound_written_dates",
        "common.api.schema_links.close_nested_inputs",
    ],
}
