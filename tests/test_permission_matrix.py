"""The whole permission matrix, one table: who gets what from every page, API endpoint and admin view.

Personas: anonymous, analyst (group Analysts: view only), editor (group Editors: view, add, change,
delete on the domain apps), superuser, and `public`: anonymous when the deployment sets
PUBLIC_READ=true. Each row of MATRIX is one request: the route (its URL name, or its pattern
when it has none), the method, a variant ("print": ?print=1; "draft": a draft visit or a record
of one; "auth": the auth app's admin index), and the status each persona must get. L is a
redirect to the login page; any other 302 must lead elsewhere (for a record the admin hides, its
index). The API schema and its docs need a signed-in user, any role, unless PUBLIC_READ: they
describe the API, not the records.

Each row's records are made once, in a transaction rolled back after the row; each persona's
request is rolled back on its own, so all start from the same seeded data. A refused request
(L, 401, 403, 404, 405) must leave every table, and the row's record, as they were.
test_the_matrix_has_a_row_for_every_route fails when a route appears without a row here.
"""

import collections
import json

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.invitations import invitation_path
from accounts.models import ApiToken, FeedToken
from config.api_router import router
from people.models import Person
from sources.models import Citation
from tests import factories
from tests.test_admin_pages import admin_url, build_row, form_data
from tests.test_api_auth_matrix import fresh, payload
from visits.models import Engagement, Participant, Visit, VisitStatus

L = "login"
PERSONAS = ("anonymous", "analyst", "editor", "superuser", "public")
REFUSED = (L, 401, 403, 404, 405)

# fmt: off
MATRIX = [
    # route: URL name, or pattern if unnamed         method    variant  anon    analyst editor  super   public
    ("visits:visit-list",                            "GET",    "",      L,      200,    200,    200,    200),
    ("visits:visit-detail",                          "GET",    "",      L,      200,    200,    200,    200),
    ("visits:visit-detail",                          "GET",    "print", L,      200,    200,    200,    200),
    ("visits:visit-detail",                          "GET",    "draft", L,      404,    200,    200,    404),
    ("visits:network",                               "GET",    "",      L,      200,    200,    200,    200),
    ("people:person-detail",                         "GET",    "",      L,      200,    200,    200,    200),
    ("people:person-visits-ics",                     "GET",    "",      L,      200,    200,    200,    200),
    ("people:organisation-detail",                   "GET",    "",      L,      200,    200,    200,    200),
    ("places:place-detail",                          "GET",    "",      L,      200,    200,    200,    200),
    ("places:place-visits-ics",                      "GET",    "",      L,      200,    200,    200,    200),
    ("people:person-list",                           "GET",    "",      L,      200,    200,    200,    200),
    ("people:organisation-list",                     "GET",    "",      L,      200,    200,    200,    200),
    ("places:place-list",                            "GET",    "",      L,      200,    200,    200,    200),
    ("sources:source-list",                          "GET",    "",      L,      200,    200,    200,    200),
    ("search:results",                               "GET",    "",      L,      200,    200,    200,    200),
    ("search:suggest",                               "GET",    "",      401,    200,    200,    200,    200),
    # The site's own accounts (accounts.urls) and secret calendar feeds (pages.feeds). The revoke
    # rows revoke the analyst's token or feed: nobody else's is found.
    ("accounts:profile",                             "GET",    "",      L,      200,    200,    200,    L),
    ("accounts:login",                               "GET",    "",      200,    302,    302,    302,    200),
    ("accounts:login",                               "POST",   "",      302,    302,    302,    302,    302),
    ("accounts:logout",                              "GET",    "",      405,    405,    405,    405,    405),
    ("accounts:logout",                              "POST",   "",      302,    302,    302,    302,    302),
    ("accounts:password-change",                     "GET",    "",      L,      200,    200,    200,    L),
    ("accounts:password-change",                     "POST",   "",      L,      302,    302,    302,    L),
    ("accounts:set-password",                        "GET",    "",      302,    302,    302,    302,    302),
    ("accounts:token-create",                        "GET",    "",      L,      405,    405,    405,    L),
    ("accounts:token-create",                        "POST",   "",      L,      201,    201,    201,    L),
    ("accounts:token-revoke",                        "GET",    "",      L,      405,    405,    405,    L),
    ("accounts:token-revoke",                        "POST",   "",      L,      302,    404,    404,    L),
    ("accounts:feed-revoke",                         "GET",    "",      L,      405,    405,    405,    L),
    ("accounts:feed-revoke",                         "POST",   "",      L,      302,    404,    404,    L),
    ("feeds:create",                                 "GET",    "",      L,      405,    405,    405,    L),
    ("feeds:create",                                 "POST",   "",      L,      201,    201,    201,    L),
    # The analyst's secret feed URL: no session needed, whoever asks.
    ("feeds:feed",                                   "GET",    "",      200,    200,    200,    200,    200),
    ("favicon.ico",                                  "GET",    "",      301,    301,    301,    301,    301),
    ("reports:statements",                           "GET",    "",      L,      403,    200,    200,    L),
    ("reports:new",                                  "GET",    "",      L,      403,    200,    200,    L),
    ("reports:create",                               "GET",    "",      L,      403,    405,    405,    L),
    ("api:api-root",                                 "GET",    "",      401,    200,    200,    200,    200),
    ("api-schema",                                   "GET",    "",      401,    200,    200,    200,    200),
    ("api-docs",                                     "GET",    "",      L,      200,    200,    200,    200),
    ("api-guide",                                    "GET",    "",      L,      200,    200,    200,    200),
    ("api-guide-page",                               "GET",    "",      L,      200,    200,    200,    200),
    ("api:person-export",                             "GET",    "",      401,    200,    200,    200,    200),
    ("api:organisation-export",                       "GET",    "",      401,    200,    200,    200,    200),
    ("api:membership-export",                         "GET",    "",      401,    200,    200,    200,    200),
    ("api:place-export",                              "GET",    "",      401,    200,    200,    200,    200),
    ("api:placefact-export",                          "GET",    "",      401,    200,    200,    200,    200),
    ("api:visit-export",                              "GET",    "",      401,    200,    200,    200,    200),
    ("api:engagement-export",                         "GET",    "",      401,    200,    200,    200,    200),
    ("api:participant-export",                        "GET",    "",      401,    200,    200,    200,    200),
    ("api:source-export",                             "GET",    "",      401,    200,    200,    200,    200),
    ("api:citation-export",                           "GET",    "",      401,    200,    200,    200,    200),
    ("api:person-list",                              "GET",    "",      401,    200,    200,    200,    200),
    ("api:person-list",                              "POST",   "",      401,    403,    201,    201,    401),
    ("api:person-detail",                            "GET",    "",      401,    200,    200,    200,    200),
    ("api:person-detail",                            "PUT",    "",      401,    403,    200,    200,    401),
    ("api:person-detail",                            "PATCH",  "",      401,    403,    200,    200,    401),
    ("api:person-detail",                            "DELETE", "",      401,    403,    204,    204,    401),
    ("api:person-merge",                             "POST",   "",      401,    403,    200,    200,    401),
    ("api:organisation-list",                        "GET",    "",      401,    200,    200,    200,    200),
    ("api:organisation-list",                        "POST",   "",      401,    403,    201,    201,    401),
    ("api:organisation-detail",                      "GET",    "",      401,    200,    200,    200,    200),
    ("api:organisation-detail",                      "PUT",    "",      401,    403,    200,    200,    401),
    ("api:organisation-detail",                      "PATCH",  "",      401,    403,    200,    200,    401),
    ("api:organisation-detail",                      "DELETE", "",      401,    403,    204,    204,    401),
    ("api:membership-list",                          "GET",    "",      401,    200,    200,    200,    200),
    ("api:membership-list",                          "POST",   "",      401,    403,    201,    201,    401),
    ("api:membership-detail",                        "GET",    "",      401,    200,    200,    200,    200),
    ("api:membership-detail",                        "PUT",    "",      401,    403,    200,    200,    401),
    ("api:membership-detail",                        "PATCH",  "",      401,    403,    200,    200,    401),
    ("api:membership-detail",                        "DELETE", "",      401,    403,    204,    204,    401),
    ("api:place-list",                               "GET",    "",      401,    200,    200,    200,    200),
    ("api:place-list",                               "POST",   "",      401,    403,    201,    201,    401),
    ("api:place-detail",                             "GET",    "",      401,    200,    200,    200,    200),
    ("api:place-detail",                             "PUT",    "",      401,    403,    200,    200,    401),
    ("api:place-detail",                             "PATCH",  "",      401,    403,    200,    200,    401),
    ("api:place-detail",                             "DELETE", "",      401,    403,    204,    204,    401),
    ("api:place-merge",                              "POST",   "",      401,    403,    200,    200,    401),
    ("api:placefact-list",                           "GET",    "",      401,    200,    200,    200,    200),
    ("api:placefact-list",                           "POST",   "",      401,    403,    201,    201,    401),
    ("api:placefact-detail",                         "GET",    "",      401,    200,    200,    200,    200),
    ("api:placefact-detail",                         "PUT",    "",      401,    403,    200,    200,    401),
    ("api:placefact-detail",                         "PATCH",  "",      401,    403,    200,    200,    401),
    ("api:placefact-detail",                         "DELETE", "",      401,    403,    204,    204,    401),
    ("api:visit-list",                               "GET",    "",      401,    200,    200,    200,    200),
    ("api:visit-list",                               "POST",   "",      401,    403,    201,    201,    401),
    ("api:visit-detail",                             "GET",    "",      401,    200,    200,    200,    200),
    ("api:visit-detail",                             "GET",    "draft", 401,    404,    200,    200,    404),
    ("api:visit-detail",                             "PUT",    "",      401,    403,    200,    200,    401),
    ("api:visit-detail",                             "PATCH",  "",      401,    403,    200,    200,    401),
    ("api:visit-detail",                             "DELETE", "",      401,    403,    204,    204,    401),
    ("api:visit-by-country",                         "GET",    "",      401,    200,    200,    200,    200),
    ("api:visit-by-kind",                            "GET",    "",      401,    200,    200,    200,    200),
    ("api:visit-by-principal",                       "GET",    "",      401,    200,    200,    200,    200),
    ("api:visit-by-year",                            "GET",    "",      401,    200,    200,    200,    200),
    ("api:visit-who-met-whom",                       "GET",    "",      401,    200,    200,    200,    200),
    ("api:change-list",                              "GET",    "",      401,    200,    200,    200,    200),
    ("api:engagement-list",                          "GET",    "",      401,    200,    200,    200,    200),
    ("api:engagement-list",                          "POST",   "",      401,    403,    201,    201,    401),
    ("api:engagement-detail",                        "GET",    "",      401,    200,    200,    200,    200),
    ("api:engagement-detail",                        "PUT",    "",      401,    403,    200,    200,    401),
    ("api:engagement-detail",                        "PATCH",  "",      401,    403,    200,    200,    401),
    ("api:engagement-detail",                        "DELETE", "",      401,    403,    204,    204,    401),
    ("api:participant-list",                         "GET",    "",      401,    200,    200,    200,    200),
    ("api:participant-list",                         "POST",   "",      401,    403,    201,    201,    401),
    ("api:participant-detail",                       "GET",    "",      401,    200,    200,    200,    200),
    ("api:participant-detail",                       "PUT",    "",      401,    403,    200,    200,    401),
    ("api:participant-detail",                       "PATCH",  "",      401,    403,    200,    200,    401),
    ("api:participant-detail",                       "DELETE", "",      401,    403,    204,    204,    401),
    ("api:source-list",                              "GET",    "",      401,    200,    200,    200,    200),
    ("api:source-list",                              "POST",   "",      401,    403,    201,    201,    401),
    ("api:source-detail",                            "GET",    "",      401,    200,    200,    200,    200),
    ("api:source-detail",                            "PUT",    "",      401,    403,    200,    200,    401),
    ("api:source-detail",                            "PATCH",  "",      401,    403,    200,    200,    401),
    ("api:source-detail",                            "DELETE", "",      401,    403,    204,    204,    401),
    ("api:citation-list",                            "GET",    "",      401,    200,    200,    200,    200),
    ("api:citation-list",                            "POST",   "",      401,    403,    201,    201,    401),
    ("api:report-draft-list",                        "POST",   "",      401,    403,    200,    200,    401),
    ("api:citation-detail",                          "GET",    "",      401,    200,    200,    200,    200),
    ("api:citation-detail",                          "PUT",    "",      401,    403,    200,    200,    401),
    ("api:citation-detail",                          "PATCH",  "",      401,    403,    200,    200,    401),
    ("api:citation-detail",                          "DELETE", "",      401,    403,    204,    204,    401),
    ("admin:index",                                  "GET",    "",      L,      200,    200,    200,    L),
    ("admin:login",                                  "GET",    "",      200,    302,    302,    302,    200),
    ("admin:logout",                                 "GET",    "",      302,    405,    405,    405,    302),
    ("admin:logout",                                 "POST",   "",      302,    302,    302,    302,    302),
    ("admin:password_change",                        "GET",    "",      L,      200,    200,    200,    L),
    ("admin:password_change",                        "POST",   "",      L,      302,    302,    302,    L),
    ("admin:password_change_done",                   "GET",    "",      L,      200,    200,    200,    L),
    ("admin:autocomplete",                           "GET",    "",      L,      200,    200,    200,    L),
    ("admin:jsi18n",                                 "GET",    "",      L,      200,    200,    200,    L),
    ("admin:view_on_site",                           "GET",    "",      L,      302,    302,    302,    L),
    # The same path, answered by config.urls' guard: a draft's URL is not revealed to analysts.
    ("admin-view-on-site",                           "GET",    "",      L,      302,    302,    302,    L),
    ("admin-view-on-site",                           "GET",    "draft", L,      404,    302,    302,    L),
    ("admin:app_list",                               "GET",    "",      L,      200,    200,    200,    L),
    ("admin:app_list",                               "GET",    "auth",  L,      404,    404,    200,    L),
    ("admin/(?P<url>.*)$",                           "GET",    "",      L,      404,    404,    404,    L),
    ("admin:sources_source_changelist",              "GET",    "",      L,      200,    200,    200,    L),
    ("admin:sources_source_add",                     "GET",    "",      L,      403,    200,    200,    L),
    ("admin:sources_source_add",                     "POST",   "",      L,      403,    302,    302,    L),
    ("admin:sources_source_change",                  "GET",    "",      L,      200,    200,    200,    L),
    ("admin:sources_source_change",                  "POST",   "",      L,      403,    302,    302,    L),
    ("admin:sources_source_delete",                  "GET",    "",      L,      403,    200,    200,    L),
    ("admin:sources_source_delete",                  "POST",   "",      L,      403,    302,    302,    L),
    ("admin:sources_source_history",                 "GET",    "",      L,      200,    200,    200,    L),
    ("admin:sources_source_simple_history",          "GET",    "",      L,      200,    200,    200,    L),
    ("admin:sources_source_simple_history",          "POST",   "",      L,      403,    302,    302,    L),
    ("admin/sources/source/<path:object_id>/",       "GET",    "",      L,      302,    302,    302,    L),
    ("admin:sources_citation_changelist",            "GET",    "",      L,      200,    200,    200,    L),
    ("admin:sources_citation_add",                   "GET",    "",      L,      403,    200,    200,    L),
    ("admin:sources_citation_add",                   "POST",   "",      L,      403,    302,    302,    L),
    ("admin:sources_citation_change",                "GET",    "",      L,      200,    200,    200,    L),
    ("admin:sources_citation_change",                "POST",   "",      L,      403,    302,    302,    L),
    ("admin:sources_citation_delete",                "GET",    "",      L,      403,    200,    200,    L),
    ("admin:sources_citation_delete",                "POST",   "",      L,      403,    302,    302,    L),
    ("admin:sources_citation_history",               "GET",    "",      L,      200,    200,    200,    L),
    ("admin:sources_citation_simple_history",        "GET",    "",      L,      200,    200,    200,    L),
    ("admin:sources_citation_simple_history",        "POST",   "",      L,      403,    302,    302,    L),
    ("admin:sources_citation_change",                "GET",    "draft", L,      302,    200,    200,    L),
    ("admin:sources_citation_history",               "GET",    "draft", L,      404,    200,    200,    L),
    ("admin:sources_citation_simple_history",        "GET",    "draft", L,      404,    200,    200,    L),
    ("admin/sources/citation/<path:object_id>/",     "GET",    "",      L,      302,    302,    302,    L),
    ("admin:sources_identifier_changelist",          "GET",    "",      L,      200,    200,    200,    L),
    ("admin:sources_identifier_add",                 "GET",    "",      L,      403,    200,    200,    L),
    ("admin:sources_identifier_add",                 "POST",   "",      L,      403,    302,    302,    L),
    ("admin:sources_identifier_change",              "GET",    "",      L,      200,    200,    200,    L),
    ("admin:sources_identifier_change",              "POST",   "",      L,      403,    302,    302,    L),
    ("admin:sources_identifier_delete",              "GET",    "",      L,      403,    200,    200,    L),
    ("admin:sources_identifier_delete",              "POST",   "",      L,      403,    302,    302,    L),
    ("admin:sources_identifier_history",             "GET",    "",      L,      200,    200,    200,    L),
    ("admin:sources_identifier_simple_history",      "GET",    "",      L,      200,    200,    200,    L),
    ("admin:sources_identifier_simple_history",      "POST",   "",      L,      403,    302,    302,    L),
    ("admin/sources/identifier/<path:object_id>/",   "GET",    "",      L,      302,    302,    302,    L),
    ("admin:places_place_changelist",                "GET",    "",      L,      200,    200,    200,    L),
    ("admin:places_place_add",                       "GET",    "",      L,      403,    200,    200,    L),
    ("admin:places_place_add",                       "POST",   "",      L,      403,    302,    302,    L),
    ("admin:places_place_change",                    "GET",    "",      L,      200,    200,    200,    L),
    ("admin:places_place_change",                    "POST",   "",      L,      403,    302,    302,    L),
    ("admin:places_place_delete",                    "GET",    "",      L,      403,    200,    200,    L),
    ("admin:places_place_delete",                    "POST",   "",      L,      403,    302,    302,    L),
    ("admin:places_place_history",                   "GET",    "",      L,      200,    200,    200,    L),
    ("admin:places_place_simple_history",            "GET",    "",      L,      200,    200,    200,    L),
    ("admin:places_place_simple_history",            "POST",   "",      L,      403,    302,    302,    L),
    ("admin/places/place/<path:object_id>/",         "GET",    "",      L,      302,    302,    302,    L),
    ("admin:places_placename_changelist",            "GET",    "",      L,      200,    200,    200,    L),
    ("admin:places_placename_add",                   "GET",    "",      L,      403,    200,    200,    L),
    ("admin:places_placename_add",                   "POST",   "",      L,      403,    302,    302,    L),
    ("admin:places_placename_change",                "GET",    "",      L,      200,    200,    200,    L),
    ("admin:places_placename_change",                "POST",   "",      L,      403,    302,    302,    L),
    ("admin:places_placename_delete",                "GET",    "",      L,      403,    200,    200,    L),
    ("admin:places_placename_delete",                "POST",   "",      L,      403,    302,    302,    L),
    ("admin:places_placename_history",               "GET",    "",      L,      200,    200,    200,    L),
    ("admin:places_placename_simple_history",        "GET",    "",      L,      200,    200,    200,    L),
    ("admin:places_placename_simple_history",        "POST",   "",      L,      403,    302,    302,    L),
    ("admin/places/placename/<path:object_id>/",     "GET",    "",      L,      302,    302,    302,    L),
    ("admin:places_placefact_changelist",            "GET",    "",      L,      200,    200,    200,    L),
    ("admin:places_placefact_add",                   "GET",    "",      L,      403,    200,    200,    L),
    ("admin:places_placefact_add",                   "POST",   "",      L,      403,    302,    302,    L),
    ("admin:places_placefact_change",                "GET",    "",      L,      200,    200,    200,    L),
    ("admin:places_placefact_change",                "POST",   "",      L,      403,    302,    302,    L),
    ("admin:places_placefact_delete",                "GET",    "",      L,      403,    200,    200,    L),
    ("admin:places_placefact_delete",                "POST",   "",      L,      403,    302,    302,    L),
    ("admin:places_placefact_history",               "GET",    "",      L,      200,    200,    200,    L),
    ("admin:places_placefact_simple_history",        "GET",    "",      L,      200,    200,    200,    L),
    ("admin:places_placefact_simple_history",        "POST",   "",      L,      403,    302,    302,    L),
    ("admin/places/placefact/<path:object_id>/",     "GET",    "",      L,      302,    302,    302,    L),
    ("admin:people_organisation_changelist",         "GET",    "",      L,      200,    200,    200,    L),
    ("admin:people_organisation_add",                "GET",    "",      L,      403,    200,    200,    L),
    ("admin:people_organisation_add",                "POST",   "",      L,      403,    302,    302,    L),
    ("admin:people_organisation_change",             "GET",    "",      L,      200,    200,    200,    L),
    ("admin:people_organisation_change",             "POST",   "",      L,      403,    302,    302,    L),
    ("admin:people_organisation_delete",             "GET",    "",      L,      403,    200,    200,    L),
    ("admin:people_organisation_delete",             "POST",   "",      L,      403,    302,    302,    L),
    ("admin:people_organisation_history",            "GET",    "",      L,      200,    200,    200,    L),
    ("admin:people_organisation_simple_history",     "GET",    "",      L,      200,    200,    200,    L),
    ("admin:people_organisation_simple_history",     "POST",   "",      L,      403,    302,    302,    L),
    ("admin/people/organisation/<path:object_id>/",  "GET",    "",      L,      302,    302,    302,    L),
    ("admin:people_person_changelist",               "GET",    "",      L,      200,    200,    200,    L),
    ("admin:people_person_add",                      "GET",    "",      L,      403,    200,    200,    L),
    ("admin:people_person_add",                      "POST",   "",      L,      403,    302,    302,    L),
    ("admin:people_person_change",                   "GET",    "",      L,      200,    200,    200,    L),
    ("admin:people_person_change",                   "POST",   "",      L,      403,    302,    302,    L),
    ("admin:people_person_delete",                   "GET",    "",      L,      403,    200,    200,    L),
    ("admin:people_person_delete",                   "POST",   "",      L,      403,    302,    302,    L),
    ("admin:people_person_history",                  "GET",    "",      L,      200,    200,    200,    L),
    ("admin:people_person_simple_history",           "GET",    "",      L,      200,    200,    200,    L),
    ("admin:people_person_simple_history",           "POST",   "",      L,      403,    302,    302,    L),
    ("admin/people/person/<path:object_id>/",        "GET",    "",      L,      302,    302,    302,    L),
    ("admin:people_personname_changelist",           "GET",    "",      L,      200,    200,    200,    L),
    ("admin:people_personname_add",                  "GET",    "",      L,      403,    200,    200,    L),
    ("admin:people_personname_add",                  "POST",   "",      L,      403,    302,    302,    L),
    ("admin:people_personname_change",               "GET",    "",      L,      200,    200,    200,    L),
    ("admin:people_personname_change",               "POST",   "",      L,      403,    302,    302,    L),
    ("admin:people_personname_delete",               "GET",    "",      L,      403,    200,    200,    L),
    ("admin:people_personname_delete",               "POST",   "",      L,      403,    302,    302,    L),
    ("admin:people_personname_history",              "GET",    "",      L,      200,    200,    200,    L),
    ("admin:people_personname_simple_history",       "GET",    "",      L,      200,    200,    200,    L),
    ("admin:people_personname_simple_history",       "POST",   "",      L,      403,    302,    302,    L),
    ("admin/people/personname/<path:object_id>/",    "GET",    "",      L,      302,    302,    302,    L),
    ("admin:people_membership_changelist",           "GET",    "",      L,      200,    200,    200,    L),
    ("admin:people_membership_add",                  "GET",    "",      L,      403,    200,    200,    L),
    ("admin:people_membership_add",                  "POST",   "",      L,      403,    302,    302,    L),
    ("admin:people_membership_change",               "GET",    "",      L,      200,    200,    200,    L),
    ("admin:people_membership_change",               "POST",   "",      L,      403,    302,    302,    L),
    ("admin:people_membership_delete",               "GET",    "",      L,      403,    200,    200,    L),
    ("admin:people_membership_delete",               "POST",   "",      L,      403,    302,    302,    L),
    ("admin:people_membership_history",              "GET",    "",      L,      200,    200,    200,    L),
    ("admin:people_membership_simple_history",       "GET",    "",      L,      200,    200,    200,    L),
    ("admin:people_membership_simple_history",       "POST",   "",      L,      403,    302,    302,    L),
    ("admin/people/membership/<path:object_id>/",    "GET",    "",      L,      302,    302,    302,    L),
    ("admin:visits_visit_changelist",                "GET",    "",      L,      200,    200,    200,    L),
    ("admin:visits_visit_add",                       "GET",    "",      L,      403,    200,    200,    L),
    ("admin:visits_visit_add",                       "POST",   "",      L,      403,    302,    302,    L),
    ("admin:visits_visit_change",                    "GET",    "",      L,      200,    200,    200,    L),
    ("admin:visits_visit_change",                    "POST",   "",      L,      403,    302,    302,    L),
    ("admin:visits_visit_delete",                    "GET",    "",      L,      403,    200,    200,    L),
    ("admin:visits_visit_delete",                    "POST",   "",      L,      403,    302,    302,    L),
    ("admin:visits_visit_history",                   "GET",    "",      L,      200,    200,    200,    L),
    ("admin:visits_visit_simple_history",            "GET",    "",      L,      200,    200,    200,    L),
    ("admin:visits_visit_simple_history",            "POST",   "",      L,      403,    302,    302,    L),
    ("admin:visits_visit_change",                    "GET",    "draft", L,      302,    200,    200,    L),
    ("admin:visits_visit_history",                   "GET",    "draft", L,      404,    200,    200,    L),
    ("admin:visits_visit_simple_history",            "GET",    "draft", L,      404,    200,    200,    L),
    ("admin/visits/visit/<path:object_id>/",         "GET",    "",      L,      302,    302,    302,    L),
    ("admin:visits_visitkind_changelist",            "GET",    "",      L,      200,    200,    200,    L),
    ("admin:visits_visitkind_add",                   "GET",    "",      L,      403,    200,    200,    L),
    ("admin:visits_visitkind_add",                   "POST",   "",      L,      403,    302,    302,    L),
    ("admin:visits_visitkind_change",                "GET",    "",      L,      200,    200,    200,    L),
    ("admin:visits_visitkind_change",                "POST",   "",      L,      403,    302,    302,    L),
    ("admin:visits_visitkind_delete",                "GET",    "",      L,      403,    200,    200,    L),
    ("admin:visits_visitkind_delete",                "POST",   "",      L,      403,    302,    302,    L),
    ("admin:visits_visitkind_history",               "GET",    "",      L,      200,    200,    200,    L),
    ("admin:visits_visitkind_simple_history",        "GET",    "",      L,      200,    200,    200,    L),
    ("admin:visits_visitkind_simple_history",        "POST",   "",      L,      403,    302,    302,    L),
    ("admin/visits/visitkind/<path:object_id>/",     "GET",    "",      L,      302,    302,    302,    L),
    ("admin:visits_engagement_changelist",           "GET",    "",      L,      200,    200,    200,    L),
    ("admin:visits_engagement_add",                  "GET",    "",      L,      403,    200,    200,    L),
    ("admin:visits_engagement_add",                  "POST",   "",      L,      403,    302,    302,    L),
    ("admin:visits_engagement_change",               "GET",    "",      L,      200,    200,    200,    L),
    ("admin:visits_engagement_change",               "POST",   "",      L,      403,    302,    302,    L),
    ("admin:visits_engagement_delete",               "GET",    "",      L,      403,    200,    200,    L),
    ("admin:visits_engagement_delete",               "POST",   "",      L,      403,    302,    302,    L),
    ("admin:visits_engagement_history",              "GET",    "",      L,      200,    200,    200,    L),
    ("admin:visits_engagement_simple_history",       "GET",    "",      L,      200,    200,    200,    L),
    ("admin:visits_engagement_simple_history",       "POST",   "",      L,      403,    302,    302,    L),
    ("admin:visits_engagement_change",               "GET",    "draft", L,      302,    200,    200,    L),
    ("admin:visits_engagement_history",              "GET",    "draft", L,      404,    200,    200,    L),
    ("admin:visits_engagement_simple_history",       "GET",    "draft", L,      404,    200,    200,    L),
    ("admin/visits/engagement/<path:object_id>/",    "GET",    "",      L,      302,    302,    302,    L),
    ("admin:visits_participant_changelist",          "GET",    "",      L,      200,    200,    200,    L),
    ("admin:visits_participant_add",                 "GET",    "",      L,      403,    200,    200,    L),
    ("admin:visits_participant_add",                 "POST",   "",      L,      403,    302,    302,    L),
    ("admin:visits_participant_change",              "GET",    "",      L,      200,    200,    200,    L),
    ("admin:visits_participant_change",              "POST",   "",      L,      403,    302,    302,    L),
    ("admin:visits_participant_delete",              "GET",    "",      L,      403,    200,    200,    L),
    ("admin:visits_participant_delete",              "POST",   "",      L,      403,    302,    302,    L),
    ("admin:visits_participant_history",             "GET",    "",      L,      200,    200,    200,    L),
    ("admin:visits_participant_simple_history",      "GET",    "",      L,      200,    200,    200,    L),
    ("admin:visits_participant_simple_history",      "POST",   "",      L,      403,    302,    302,    L),
    ("admin:visits_participant_change",              "GET",    "draft", L,      302,    200,    200,    L),
    ("admin:visits_participant_history",             "GET",    "draft", L,      404,    200,    200,    L),
    ("admin:visits_participant_simple_history",      "GET",    "draft", L,      404,    200,    200,    L),
    ("admin/visits/participant/<path:object_id>/",   "GET",    "",      L,      302,    302,    302,    L),
    ("admin:auth_group_changelist",                  "GET",    "",      L,      403,    403,    200,    L),
    ("admin:auth_group_add",                         "GET",    "",      L,      403,    403,    200,    L),
    ("admin:auth_group_add",                         "POST",   "",      L,      403,    403,    302,    L),
    ("admin:auth_group_change",                      "GET",    "",      L,      403,    403,    200,    L),
    ("admin:auth_group_change",                      "POST",   "",      L,      403,    403,    302,    L),
    ("admin:auth_group_delete",                      "GET",    "",      L,      403,    403,    200,    L),
    ("admin:auth_group_delete",                      "POST",   "",      L,      403,    403,    302,    L),
    ("admin:auth_group_history",                     "GET",    "",      L,      403,    403,    200,    L),
    ("admin/auth/group/<path:object_id>/",           "GET",    "",      L,      302,    302,    302,    L),
    ("admin:auth_user_changelist",                   "GET",    "",      L,      403,    403,    200,    L),
    ("admin:auth_user_add",                          "GET",    "",      L,      403,    403,    200,    L),
    ("admin:auth_user_add",                          "POST",   "",      L,      403,    403,    302,    L),
    ("admin:auth_user_change",                       "GET",    "",      L,      403,    403,    200,    L),
    ("admin:auth_user_change",                       "POST",   "",      L,      403,    403,    302,    L),
    ("admin:auth_user_delete",                       "GET",    "",      L,      403,    403,    200,    L),
    ("admin:auth_user_delete",                       "POST",   "",      L,      403,    403,    302,    L),
    ("admin:auth_user_history",                      "GET",    "",      L,      403,    403,    200,    L),
    ("admin/auth/user/<path:object_id>/",            "GET",    "",      L,      302,    302,    302,    L),
    ("admin:auth_user_password_change",              "GET",    "",      L,      403,    403,    200,    L),
    ("admin:auth_user_password_change",              "POST",   "",      L,      403,    403,    302,    L),
    ("admin:accounts_apitoken_changelist",           "GET",    "",      L,      403,    403,    200,    L),
    ("admin:accounts_apitoken_add",                  "GET",    "",      L,      403,    403,    200,    L),
    # The answer to the add form is the page that shows the new key once (not a redirect).
    ("admin:accounts_apitoken_add",                  "POST",   "",      L,      403,    403,    200,    L),
    ("admin:accounts_apitoken_change",               "GET",    "",      L,      403,    403,    200,    L),
    ("admin:accounts_apitoken_change",               "POST",   "",      L,      403,    403,    302,    L),
    ("admin:accounts_apitoken_delete",               "GET",    "",      L,      403,    403,    200,    L),
    ("admin:accounts_apitoken_delete",               "POST",   "",      L,      403,    403,    302,    L),
    ("admin:accounts_apitoken_history",              "GET",    "",      L,      403,    403,    200,    L),
    ("admin/accounts/apitoken/<path:object_id>/",    "GET",    "",      L,      302,    302,    302,    L),
    ("admin:axes_accessattempt_changelist",            "GET",    "",      L,      403,    403,    200,    L),
    ("admin:axes_accessattempt_add",                   "GET",    "",      L,      403,    403,    403,    L),
    ("admin:axes_accessattempt_add",                   "POST",   "",      L,      403,    403,    403,    L),
    ("admin:axes_accessattempt_change",                "GET",    "",      L,      403,    403,    200,    L),
    ("admin:axes_accessattempt_change",                "POST",   "",      L,      403,    403,    403,    L),
    ("admin:axes_accessattempt_delete",                "GET",    "",      L,      403,    403,    200,    L),
    ("admin:axes_accessattempt_delete",                "POST",   "",      L,      403,    403,    302,    L),
    ("admin:axes_accessattempt_history",               "GET",    "",      L,      403,    403,    200,    L),
    ("admin/axes/accessattempt/<path:object_id>/",     "GET",    "",      L,      302,    302,    302,    L),
    ("admin:axes_accesslog_changelist",                "GET",    "",      L,      403,    403,    200,    L),
    ("admin:axes_accesslog_add",                       "GET",    "",      L,      403,    403,    403,    L),
    ("admin:axes_accesslog_add",                       "POST",   "",      L,      403,    403,    403,    L),
    ("admin:axes_accesslog_change",                    "GET",    "",      L,      403,    403,    200,    L),
    ("admin:axes_accesslog_change",                    "POST",   "",      L,      403,    403,    403,    L),
    ("admin:axes_accesslog_delete",                    "GET",    "",      L,      403,    403,    403,    L),
    ("admin:axes_accesslog_delete",                    "POST",   "",      L,      403,    403,    403,    L),
    ("admin:axes_accesslog_history",                   "GET",    "",      L,      403,    403,    200,    L),
    ("admin/axes/accesslog/<path:object_id>/",         "GET",    "",      L,      302,    302,    302,    L),
    ("admin:axes_accessfailurelog_changelist",         "GET",    "",      L,      403,    403,    200,    L),
    ("admin:axes_accessfailurelog_add",                "GET",    "",      L,      403,    403,    403,    L),
    ("admin:axes_accessfailurelog_add",                "POST",   "",      L,      403,    403,    403,    L),
    ("admin:axes_accessfailurelog_change",             "GET",    "",      L,      403,    403,    200,    L),
    ("admin:axes_accessfailurelog_change",             "POST",   "",      L,      403,    403,    403,    L),
    ("admin:axes_accessfailurelog_delete",             "GET",    "",      L,      403,    403,    403,    L),
    ("admin:axes_accessfailurelog_delete",             "POST",   "",      L,      403,    403,    403,    L),
    ("admin:axes_accessfailurelog_history",            "GET",    "",      L,      403,    403,    200,    L),
    ("admin/axes/accessfailurelog/<path:object_id>/",  "GET",    "",      L,      302,    302,    302,    L),
]
# fmt: on

# Admin views that change something need a POST row as well as a GET row.
ADMIN_WRITES = {"admin:logout", "admin:password_change"}
ADMIN_MODEL_WRITES = ("_add", "_change", "_delete", "_simple_history", "_password_change")

# Seeded records the pages show (see tests/conftest.py `seeded`).
PAGES = {
    "visits:visit-list": "/",
    "visits:visit-detail": "/visits/pashinyan-innopolis-2021-04-30/",
    "visits:network": "/network/",
    "people:person-detail": "/people/nikol-pashinyan/",
    "people:person-visits-ics": "/people/nikol-pashinyan/visits.ics",
    "people:organisation-detail": "/organisations/innopolis-city-administration/",
    "places:place-detail": "/places/innopolis/",
    "places:place-visits-ics": "/places/innopolis/visits.ics",
    "search:suggest": "/search/suggest/?kind=person&q=nikol",
    "api-guide": "/api/guide/",
    "api-guide-page": "/api/guide/recipes/",
    "people:person-list": "/people/",
    "people:organisation-list": "/organisations/",
    "places:place-list": "/places/",
    "sources:source-list": "/sources/",
}
RESOURCES = {basename: prefix for prefix, _viewset, basename in router.registry}
ADMIN_MODELS = {f"{model._meta.app_label}_{model._meta.model_name}": model for model in admin.site._registry}
PASSWORD = "a long enough pass phrase 42"
OWN_PASSWORD = "correct horse battery staple"  # every persona's, from tests/factories.py


class Request(collections.namedtuple("Request", "url data record", defaults=(None, None))):
    """What one row sends: the URL, the body, and the record a write would change."""


def routes():
    """(key, method) of every request the URLconf must answer: a key is a URL name, or the
    pattern of an unnamed route; viewset routes need each method they map, admin views that
    change something GET and POST, every other route GET."""
    required = set()
    for pattern, name, callback in walk(get_resolver().url_patterns):
        key = name or pattern
        methods = {"GET"}
        if getattr(callback, "actions", None):
            # DRF adds HEAD (a GET without its body) to this mapping on the first request.
            methods = {method.upper() for method in callback.actions} - {"HEAD"}
        elif name in ADMIN_WRITES | SITE_WRITES or (
            name and admin_model_view(name) and name.endswith(ADMIN_MODEL_WRITES)
        ):
            methods = {"GET", "POST"}
        required |= {(key, method) for method in methods}
    return required


def walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            assert isinstance(pattern, URLPattern)
            name = pattern.name and ":".join(filter(None, [namespace, pattern.name]))
            yield prefix + str(pattern.pattern), name, pattern.callback


def test_the_matrix_has_a_row_for_every_route():
    rows = {(route, method) for route, method, *_ in MATRIX}
    required = routes()
    assert sorted(required - rows) == [], "routes without a row in MATRIX"
    assert sorted(rows - required) == [], "rows in MATRIX for routes that do not exist"
    assert all(len(row) == 3 + len(PERSONAS) for row in MATRIX)


def test_permission_matrix(seeded, analyst, editor, superuser, row_counts):
    users = {"analyst": analyst, "editor": editor, "superuser": superuser}
    # A superuser's browser reads the forms that the other personas then post.
    forms = Client()
    forms.force_login(superuser)
    mismatches = []
    for route, method, variant, *expected in MATRIX:
        with transaction.atomic():
            request = build(route, method, variant, forms)
            clients = {persona: Client() for persona in PERSONAS}
            for persona, user in users.items():
                clients[persona].force_login(user)
            tables, record = row_counts(), snapshot(request.record)
            for persona, want in zip(PERSONAS, expected, strict=True):
                with transaction.atomic(), override_settings(PUBLIC_READ=persona == "public"):
                    got = outcome(send(clients[persona], method, request))
                    where = f"{persona:<9} {method:<6} {request.url} ({route} {variant})"
                    if got != want:
                        mismatches.append(f"{where}: expected {want}, got {got}")
                    elif got in REFUSED and (row_counts() != tables or snapshot(request.record) != record):
                        mismatches.append(f"{where}: refused with {got}, yet something was written")
                    transaction.set_rollback(True)
            transaction.set_rollback(True)
    assert not mismatches, "\n" + "\n".join(mismatches)


def test_session_writes_without_the_csrf_token_are_refused(seeded, editor, superuser, row_counts):
    """Every write the matrix lets an editor make, made from a browser session that does not
    send the CSRF token, is a 403 that writes nothing (API token requests carry no cookie and
    are exempt: tests/test_api_auth_matrix.py)."""
    forms = Client()
    forms.force_login(superuser)
    writes = [row for row in MATRIX if row[1] != "GET" and row[5] in (200, 201, 204, 302)]
    # API records (and two merges, and a report draft), admin records, logout and password change,
    # and the site's sign-in, sign-out, password change, API token and calendar feed URL
    assert len(writes) == 43 + 56 + 2 + 5
    mismatches = []
    for route, method, variant, *_ in writes:
        with transaction.atomic():
            request = build(route, method, variant, forms)
            client = Client(enforce_csrf_checks=True)
            client.force_login(editor)
            tables, record = row_counts(), snapshot(request.record)
            got = send(client, method, request).status_code
            if got != 403 or row_counts() != tables or snapshot(request.record) != record:
                mismatches.append(f"{method} {request.url} ({route}): {got}")
            transaction.set_rollback(True)
    assert not mismatches, "\n" + "\n".join(mismatches)


def test_the_admin_lists_and_offers_drafts_only_to_those_who_may_change_visits(analyst_client, editor_client):
    draft = factories.VisitFactory(title="Draft visit", status=VisitStatus.DRAFT)
    held = factories.VisitFactory(title="Held visit")
    engagement = factories.EngagementFactory(visit=draft)
    rows = {
        Visit: draft,
        Engagement: engagement,
        Participant: factories.ParticipantFactory(engagement=engagement),
        Citation: factories.CitationFactory(content_object=draft),
    }
    for model, row in rows.items():
        assert row not in analyst_client.get(admin_url(model, "changelist")).context["cl"].result_list
        assert row in editor_client.get(admin_url(model, "changelist")).context["cl"].result_list
    query = {"app_label": "visits", "model_name": "visit", "field_name": "parent", "term": "visit"}
    offered = analyst_client.get(reverse("admin:autocomplete"), query).json()["results"]
    assert [result["id"] for result in offered] == [str(held.pk)]


def outcome(response):
    # The pages send readers to the site's sign-in; the admin to its own.
    for login in (reverse("accounts:login"), reverse("admin:login")):
        if response.status_code == 302 and response["Location"].startswith(f"{login}?next="):
            return L
    return response.status_code


def snapshot(record):
    if record is None:
        return None
    return type(record)._default_manager.filter(pk=record.pk).values().first()


def send(client, method, request):
    if request.url.startswith("/api/"):
        body = "" if request.data is None else json.dumps(request.data)
        return client.generic(method, request.url, body, content_type="application/json")
    if method == "POST":
        return client.post(request.url, request.data or {})
    return client.get(request.url)


def build(route, method, variant, forms):
    """The request of one row; records it needs are made here, inside the row's transaction."""
    if route in PAGES:
        url = PAGES[route]
        if variant == "print":
            url += "?print=1"
        if variant == "draft":
            draft = factories.VisitFactory(status=VisitStatus.DRAFT)
            url = reverse(route, args=[draft.slug])
        return Request(url)
    if route == "favicon.ico":
        return Request("/favicon.ico")
    if route.startswith(("accounts:", "feeds:")):
        return build_site(route, method, variant)
    if route.startswith("api:") or route.startswith("api-"):
        return build_api(route, method, variant)
    return build_admin(route, method, variant, forms)


# Site routes that change something (a session, a password, a token): each needs a POST row too.
SITE_WRITES = {
    "accounts:login",
    "accounts:logout",
    "accounts:password-change",
    "accounts:token-create",
    "accounts:token-revoke",
    "accounts:feed-revoke",
    "feeds:create",
}


def build_site(route, method, variant):
    """The account pages and calendar feeds; a token or feed to revoke or fetch is the analyst's."""
    analyst = factories.analyst()  # the persona's (get or create)
    person = Person.objects.get(slug="nikol-pashinyan")
    if route == "accounts:set-password":
        return Request(invitation_path(factories.UserFactory()))
    if route == "accounts:token-revoke":
        token = ApiToken.issue(analyst)[0]
        return Request(reverse(route, args=[token.pk]), record=token)
    if route == "accounts:feed-revoke":
        feed = FeedToken.issue(analyst, person)[0]
        return Request(reverse(route, args=[feed.pk]), record=feed)
    if route == "feeds:feed":
        return Request(reverse(route, args=[FeedToken.issue(analyst, person)[1]]))
    data = {
        "accounts:login": {"username": "editor", "password": OWN_PASSWORD},
        "accounts:password-change": {
            "old_password": OWN_PASSWORD,
            "new_password1": PASSWORD,
            "new_password2": PASSWORD,
        },
        "accounts:token-create": {"name": "dashboard", "days": 30},
        "feeds:create": {"kind": "person", "slug": person.slug},
    }.get(route)
    return Request(reverse(route), data if method == "POST" else None)


def build_api(route, method, variant):
    basename, _, kind = route.removeprefix("api:").rpartition("-")
    if basename not in RESOURCES:
        return Request(reverse(route))  # the root, schema, docs and the aggregates
    resource = RESOURCES[basename]
    if basename == "report-draft":  # reads a report, writes nothing
        return Request(
            reverse(route), {"text": "Nikol Pashinyan visited Innopolis today.", "published_on": "2021-04-30"}
        )
    if kind == "list":
        return Request(reverse(route), payload(resource) if method == "POST" else None)
    if kind == "export":
        return Request(reverse(route) + "?format=csv")
    record = factories.VisitFactory(status=VisitStatus.DRAFT) if variant == "draft" else fresh(resource)
    data = {"PUT": payload(resource), "PATCH": {}}.get(method)
    if kind == "merge":
        data = {"into": fresh(resource).pk}
    return Request(reverse(route, args=[record.pk]), data, record)


def build_admin(route, method, variant, forms):
    if route == "admin/(?P<url>.*)$":
        return Request("/admin/no-such-page/")
    if route.startswith("admin/"):  # admin/<app>/<model>/<path:object_id>/: redirects to the change page
        _, app_label, model_name, *_ = route.split("/")
        record = admin_row(ADMIN_MODELS[f"{app_label}_{model_name}"])
        return Request(f"/admin/{app_label}/{model_name}/{admin_id(record)}/")
    name = route.removeprefix("admin:")
    if name == "autocomplete":
        query = "app_label=visits&model_name=visit&field_name=principal&term=pash"
        return Request(f"{reverse(route)}?{query}")
    if name in ("view_on_site", "admin-view-on-site"):
        if variant == "draft":
            visit = factories.VisitFactory(status=VisitStatus.DRAFT)
        else:
            visit = Visit.objects.get(slug="pashinyan-innopolis-2021-04-30")
        return Request(reverse(route, args=[ContentType.objects.get_for_model(Visit).pk, visit.pk]))
    if name == "app_list":
        return Request(reverse(route, kwargs={"app_label": variant or "visits"}))
    if name == "password_change" and method == "POST":
        return Request(
            reverse(route),
            {"old_password": OWN_PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD},
        )
    if not admin_model_view(route):
        return Request(reverse(route))  # index, login, logout, password change, jsi18n
    model, view = admin_model_view(route)
    if view == "changelist":
        return Request(admin_url(model, view))
    if view == "add":
        return Request(admin_url(model, view), add_form(model, forms) if method == "POST" else None)
    record = admin_row(model, draft=variant == "draft")
    args = [admin_id(record)]
    if view == "simple_history":
        args.append(record.history.earliest().history_id)
    url = admin_url(model, view, *args)
    if method == "GET":
        return Request(url, record=record)
    if view == "delete":
        data = {"post": "yes"}
    elif view == "password_change":
        data = {"password1": PASSWORD, "password2": PASSWORD}
    elif model is User:
        data = {"username": record.username, "date_joined_0": "2021-04-30", "date_joined_1": "09:00:00"}
    else:
        data = form_data(forms.get(url))  # the change or revert form as the page shows it
    return Request(url, data, record)


def admin_model_view(route):
    """(model, view) of a route named admin:<app>_<model>_<view>, else None."""
    name = route.removeprefix("admin:")
    for key, model in ADMIN_MODELS.items():
        if name.startswith(f"{key}_"):
            return model, name.removeprefix(f"{key}_")
    return None


def admin_row(model, *, draft=False):
    """A fresh row of an admin-registered model, that nothing else refers to; with `draft`,
    one that belongs to a draft visit."""
    if draft:
        visit = factories.VisitFactory(status=VisitStatus.DRAFT)
        return {
            Visit: lambda: visit,
            Engagement: lambda: factories.EngagementFactory(visit=visit),
            Participant: lambda: factories.ParticipantFactory(engagement__visit=visit),
            Citation: lambda: factories.CitationFactory(content_object=visit),
        }[model]()
    if model is User:
        return factories.UserFactory()
    if model is Group:
        return Group.objects.create(name="Reviewers")
    if model is ApiToken:
        return ApiToken.issue(factories.UserFactory())[0]
    if model in SIGN_IN_RECORDS:
        return sign_in_record(model)
    return build_row(model)


# The login lockout's records (django-axes), which only a failed or successful sign-in writes.
SIGN_IN_RECORDS = (AccessAttempt, AccessLog, AccessFailureLog)


def sign_in_record(model):
    fields = {
        "username": "editor",
        "ip_address": "203.0.113.7",
        "user_agent": "curl",
        "path_info": "/admin/login/",
    }
    if model is AccessAttempt:
        fields.update(get_data="", post_data="username=editor", failures_since_start=2)
    return model.objects.create(**fields)


def admin_id(record):
    return record.pk


def add_form(model, forms):
    """What an editor posts to add a row: the add page's forms, filled with a fresh row's values
    from its change page; the row is then deleted, freeing its unique fields."""
    if model is User:
        return {
            "username": "newcomer",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "usable_password": "true",
        }
    if model is Group:
        return {"name": "Reviewers"}
    if model is ApiToken:
        return {"user": factories.UserFactory().pk, "name": "dashboard", "days": 30}
    if model in SIGN_IN_RECORDS:
        return {"username": "editor"}  # nobody may add them
    row = build_row(model)
    change_page = forms.get(admin_url(model, "change", row.pk))
    main_form = change_page.context["adminform"].form
    values = {name: value for name, value in form_data(change_page).items() if name in main_form.fields}
    row.delete()
    return {**form_data(forms.get(admin_url(model, "add"))), **values}
