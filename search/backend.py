"""The search backend: one interface, `search_ids(query, kind)`, and two implementations, chosen
by the database: PostgreSQL (full-text search ranked by ts_rank, pg_trgm for names) and SQLite
(FTS5 ranked by bm25). Both return record ids best first; the caller applies the visibility
rule and reads only the page it shows.

A visit is also found by its principal's name (any of their names), which its own words need
not hold: the Historian's "Trip to China: Peking" names neither Kissinger nor Nixon. Those
visits (of the PRINCIPALS people the name fits best, the latest CANDIDATES) rank after the
visits whose words matched.

Bounded work for common words: a text search ranks at most CANDIDATES matching rows (on
PostgreSQL the first found by the index, unordered, so `q=visit` over a million visits reads
that many rows, not a million); `SearchResult.more` says when more rows matched.
"""

import re
from dataclasses import dataclass

from django.db import connections

from search.indexes import INDEXES, TS_CONFIG, visit_vector_sql

KINDS = ("person", "place", "organisation", "visit", "source")
CANDIDATES = 1000
PRINCIPALS = 20  # the people whose visits a name finds, at most
MAX_TERMS = 8
MAX_TERM_LENGTH = 40


def terms_of(text):
    """The words searched for: letters and digits only (no operator of either engine gets
    through), at most MAX_TERMS of at most MAX_TERM_LENGTH characters."""
    words = re.findall(r"\w+", text or "")
    return [word[:MAX_TERM_LENGTH] for word in words if word.strip("_")][:MAX_TERMS]


@dataclass
class SearchResult:
    ids: list  # best first, at most CANDIDATES
    more: bool  # more rows matched than were ranked


class SQLiteBackend:
    """FTS5: every term a word prefix ("netan" finds Netanyahu), all terms required, bm25 rank."""

    def __init__(self, connection):
        self.connection = connection

    def match(self, terms):
        return " AND ".join(f'"{term}"*' for term in terms)

    def search_ids(self, terms, kind):
        branches = []
        params = []
        for index in INDEXES:
            if index.kind != kind:
                continue
            fts = f"search_fts_{index.name}"
            if index.owner == "id":
                owner = f"{fts}.rowid"
                source = fts
            else:
                owner = f"t.{index.owner}"
                source = f"{fts} JOIN {index.table} t ON t.id = {fts}.rowid"
            # Each branch ranked and cut on its own (FTS5's `rank` is bm25 and cannot be read
            # once SQLite flattens the branch into the UNION).
            branches.append(
                f"SELECT * FROM (SELECT {owner} AS owner, {fts}.rank AS score FROM {source} "
                f"WHERE {fts} MATCH %s ORDER BY {fts}.rank LIMIT {CANDIDATES + 1})"
            )
            params.append(self.match(terms))
        if kind == "visit":
            # The visits of the people whose names hold every term, newest first; scored 0, after
            # every word match (FTS5's rank is a negative bm25).
            people = (
                "SELECT rowid FROM search_fts_person WHERE search_fts_person MATCH %s UNION "
                "SELECT n.person_id FROM search_fts_personname JOIN people_personname n "
                "ON n.id = search_fts_personname.rowid WHERE search_fts_personname MATCH %s "
                f"LIMIT {PRINCIPALS}"
            )
            branches.append(
                f"SELECT * FROM (SELECT id AS owner, 0 AS score FROM visits_visit "
                f"WHERE principal_id IN ({people}) ORDER BY start_date DESC LIMIT {CANDIDATES + 1})"
            )
            params += [self.match(terms)] * 2
        sql = (
            f"SELECT owner FROM ({' UNION ALL '.join(branches)}) "
            f"GROUP BY owner ORDER BY min(score), owner DESC LIMIT {CANDIDATES + 1}"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            ids = [row[0] for row in cursor.fetchall()]
        return SearchResult(ids=ids[:CANDIDATES], more=len(ids) > CANDIDATES)


class PostgreSQLBackend:
    """Names by trigram (every term a substring, or the whole query similar to a word of the name:
    "Netanyahoo" finds Netanyahu); texts by full-text search (every term a prefix of a stemmed word)."""

    def __init__(self, connection):
        self.connection = connection

    def tsquery(self, terms):
        return " & ".join(f"{term}:*" for term in terms)

    def search_ids(self, terms, kind):
        indexes = [index for index in INDEXES if index.kind == kind]
        if indexes[0].names:
            sql, params = self._names_sql(terms, indexes)
        elif kind == "visit":
            people_sql, people_params = self._names_sql(terms, [i for i in INDEXES if i.kind == "person"])
            sql, params = self._visits_sql(terms, people_sql, people_params)
        else:
            sql, params = self._sources_sql(terms)
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            ids = [row[0] for row in cursor.fetchall()]
        return SearchResult(ids=ids[:CANDIDATES], more=len(ids) > CANDIDATES)

    def _names_sql(self, terms, indexes):
        query = " ".join(terms)
        branches, params = [], []
        for index in indexes:
            for column in index.columns:
                # Accents ignored as FTS5 ignores them ("erdogan" finds Erdoğan). unaccent() is not
                # indexable, but name tables hold thousands of rows, not millions.
                contains = " AND ".join(f"unaccent({column}) ILIKE unaccent(%s)" for _ in terms)
                branches.append(
                    f"SELECT {index.owner} AS owner, word_similarity(%s, {column}) AS score "
                    f"FROM {index.table} WHERE ({contains}) OR %s <%% {column}"
                )
                params += [query, *(f"%{escape_like(term)}%" for term in terms), query]
        sql = (
            f"SELECT owner FROM ({' UNION ALL '.join(branches)}) AS hits "
            f"GROUP BY owner ORDER BY max(score) DESC, owner DESC LIMIT {CANDIDATES + 1}"
        )
        return sql, params

    def _visits_sql(self, terms, people_sql, people_params):
        # The first CANDIDATES rows the index finds, then ranked: LIMIT with no ORDER BY lets the
        # scan stop there. Then the visits of the people named (their latest, by the principal's
        # index), scored -1: after every word match (ts_rank is not negative).
        words = (
            f"SELECT id, ts_rank(vector, to_tsquery('{TS_CONFIG}', %s)) AS score FROM ("
            f"SELECT id, {visit_vector_sql()} AS vector FROM visits_visit "
            f"WHERE {visit_vector_sql()} @@ to_tsquery('{TS_CONFIG}', %s) LIMIT {CANDIDATES + 1}) AS found"
        )
        # The best PRINCIPALS people, each one's latest visits read from the principal's index: at
        # most PRINCIPALS * CANDIDATES rows, however many visits they made.
        principals = (
            f"(SELECT made.id, -1 AS score FROM "
            f"(SELECT owner FROM ({people_sql}) AS named LIMIT {PRINCIPALS}) AS people "
            f"CROSS JOIN LATERAL (SELECT id, start_date FROM visits_visit WHERE principal_id = people.owner "
            f"ORDER BY start_date DESC LIMIT {CANDIDATES + 1}) AS made "
            f"ORDER BY made.start_date DESC LIMIT {CANDIDATES + 1})"
        )
        sql = (
            f"SELECT id FROM ({words} UNION ALL {principals}) AS hits "
            f"GROUP BY id ORDER BY max(score) DESC, id DESC LIMIT {CANDIDATES + 1}"
        )
        return sql, [self.tsquery(terms)] * 2 + list(people_params)

    def _sources_sql(self, terms):
        sql = (
            "SELECT id FROM (SELECT id, search_vector FROM sources_source "
            f"WHERE search_vector @@ to_tsquery('{TS_CONFIG}', %s) LIMIT {CANDIDATES + 1}) AS found "
            f"ORDER BY ts_rank(search_vector, to_tsquery('{TS_CONFIG}', %s)) DESC, id DESC"
        )
        return sql, [self.tsquery(terms)] * 2


def escape_like(text):
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def backend(using="default"):
    connection = connections[using]
    if connection.vendor == "postgresql":
        return PostgreSQLBackend(connection)
    if connection.vendor == "sqlite":
        return SQLiteBackend(connection)
    raise NotImplementedError(f"No search backend for {connection.vendor}.")


def search_ids(text, kind, using="default"):
    """Ids of records of `kind` (one of KINDS) matching `text`, best first, and whether more matched."""
    if kind not in KINDS:
        raise ValueError(f"{kind!r} is not a kind of record searched; use one of: {', '.join(KINDS)}.")
    terms = terms_of(text)
    if not terms:
        return SearchResult(ids=[], more=False)
    return backend(using).search_ids(terms, kind)
