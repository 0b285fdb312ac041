"""Search that is correct for Chinese words of every length, served by each database's own
full-text index: SQLite FTS5 and PostgreSQL GIN.

Text is normalised (full-width folded, lower-cased, all whitespace removed, since the
review's PDF text breaks words with spaces). A record's tokens are the characters and
two-character pairs of its text, written out as words, so that the databases' word
indexes (which know no Chinese word boundaries) index exactly what a one- or
two-character query asks for. Such a query is one token: the index gives exactly its
records. A longer query needs every pair it holds (the index narrows) and then the text
itself (a substring check of the few records left, for exactness).

An app keeps one row of tokens per record in a table of its own (`Index`), writes it with
`tokens()` whenever the record's search text changes, and creates the index over it in a
migration with `create_index_sql()`. On SQLite the FTS5 table follows that table by
triggers; on PostgreSQL an expression index covers it.
"""

from dataclasses import dataclass

from django.db import connections
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from lawtracker.text import compact


def normalise(text: str) -> str:
    return compact(text).lower()


# Between a record's fields: a private-use character no typed query holds, so no match
# runs from the end of one field into the next.
FIELD_BREAK = "\ue000"

# A longer query is narrowed by this many of its pairs at most; the text check that
# follows is exact whatever is left out.
QUERY_PAIRS = 12


def document(*fields: str) -> str:
    """A record's search text: its fields normalised, kept apart."""
    return FIELD_BREAK.join(normalise(field) for field in fields)


def grams(text: str) -> set[str]:
    """Every character and pair of neighbouring characters of a search text (`document`)."""
    pairs = {text[i : i + 2] for i in range(len(text) - 1)}
    return {gram for gram in set(text) | pairs if FIELD_BREAK not in gram}


def is_word(gram: str) -> bool:
    """Whether the indexes keep this gram as one token: letters and digits only (the
    characters SQLite's unicode61 tokenizer and our PostgreSQL lexemes both keep whole;
    punctuation and symbols would split or vanish). `str.isalnum` is exactly that:
    categories L* and N*."""
    return gram.isalnum()


def tokens(text: str) -> str:
    """A search text's tokens, space-separated, as the index table holds them."""
    return " ".join(sorted(filter(is_word, grams(text))))


def query_tokens(query: str) -> list[str]:
    """The tokens a normalised query needs in a record: itself when one or two
    characters, else its pairs; none when it holds no gram the index keeps whole."""
    if len(query) <= 2:
        return [query] if is_word(query) else []
    pairs = dict.fromkeys(query[i : i + 2] for i in range(len(query) - 1))
    return [pair for pair in pairs if is_word(pair)][:QUERY_PAIRS]


@dataclass(frozen=True)
class Index:
    """Where an app keeps its records' tokens: `table` with the record's id in `key` and
    its tokens in `tokens`; on SQLite, `fts_table` is the FTS5 index over it."""

    table: str
    key: str
    fts_table: str
    tokens: str = "tokens"
    # PostgreSQL: the tokens as a tsvector, a column the database keeps (generated from
    # the tokens), which the GIN index covers: a row's check reads it, never recomputes it.
    vector: str = "vector"

    def create_sql(self, vendor: str) -> list[str]:
        """The statements that index the table on this database (for a migration)."""
        if vendor == "sqlite":
            fts, table, key, column = self.fts_table, self.table, self.key, self.tokens
            delete = (
                f"INSERT INTO {fts} ({fts}, rowid, {column}) "
                f"VALUES ('delete', old.{key}, old.{column});"
            )
            insert = f"INSERT INTO {fts} (rowid, {column}) VALUES (new.{key}, new.{column});"
            return [
                f"CREATE VIRTUAL TABLE {fts} USING fts5({column}, content='{table}', "
                f"content_rowid='{key}', tokenize='unicode61 remove_diacritics 0')",
                f"CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN {insert} END",
                f"CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN {delete} END",
                f"CREATE TRIGGER {table}_au AFTER UPDATE ON {table} BEGIN {delete} {insert} END",
                f"INSERT INTO {fts} ({fts}) VALUES ('rebuild')",
            ]
        if vendor == "postgresql":
            return [
                f"ALTER TABLE {self.table} ADD COLUMN IF NOT EXISTS {self.vector} tsvector "
                f"GENERATED ALWAYS AS ({self.vector_of_tokens}) STORED",
                f"CREATE INDEX IF NOT EXISTS {self.table}_gin ON {self.table} "
                f"USING gin ({self.vector})",
            ]
        raise NotImplementedError(f"no full-text index for {vendor}")

    def drop_sql(self, vendor: str) -> list[str]:
        if vendor == "sqlite":
            return [
                *(f"DROP TRIGGER IF EXISTS {self.table}_{event}" for event in ("ai", "ad", "au")),
                f"DROP TABLE IF EXISTS {self.fts_table}",
            ]
        return [
            f"DROP INDEX IF EXISTS {self.table}_gin",
            f"ALTER TABLE {self.table} DROP COLUMN IF EXISTS {self.vector}",
        ]

    @property
    def vector_of_tokens(self) -> str:
        """PostgreSQL: the tokens as a tsvector, word for word."""
        return f"array_to_tsvector(string_to_array({self.tokens}, ' '))"

    def holders(self, vendor: str, needed: list[str]) -> RawSQL:
        """The ids of the records holding every one of these tokens, from the index."""
        if vendor == "sqlite":
            match = " AND ".join(f'"{token}"' for token in needed)
            sql = f"SELECT rowid FROM {self.fts_table} WHERE {self.fts_table} MATCH %s"
            return RawSQL(sql, [match])
        query = " & ".join(f"'{token}'" for token in needed)
        sql = f"SELECT {self.key} FROM {self.table} WHERE {self.vector} @@ %s::tsquery"
        return RawSQL(sql, [query])


# A query held by more records than this is read off the records themselves, newest first:
# its matches are so dense that a page of them is found within the first rows read, and a
# list stops counting at its cap (lawtracker.views.COUNT_CAP) soon after; the index would
# first gather every one of its records.
DENSE = 10_000


def matching(
    records: QuerySet, index: Index, query: str, *, text_field: str = "search_text"
) -> QuerySet:
    """`records` narrowed to those whose search text contains `query` (one query on the
    index, which stops past DENSE records; then the records it found, by id, checked on
    their text past two characters; a query held by more than DENSE records is the
    substring check alone)."""
    query = normalise(query)
    if not query:
        return records
    needed = query_tokens(query)
    contains = Q(**{f"{text_field}__contains": query})
    if not needed:
        return records.filter(contains)  # punctuation alone: a plain scan
    found = holder_ids(records.db, index.holders(connections[records.db].vendor, needed))
    if found is None:
        return records.filter(contains)
    # The ids themselves, not a subquery: the database then knows how few they are and
    # reads them by key (a subquery under LIMIT 1 was walked along the date index).
    narrowed = records.filter(pk__in=found)
    return narrowed if len(query) <= 2 else narrowed.filter(contains)


def holder_ids(database: str, holders: RawSQL) -> list[int] | None:
    """The ids of the records holding the tokens, or None when more than DENSE do (one
    query that stops there)."""
    with connections[database].cursor() as cursor:
        cursor.execute(f"{holders.sql} LIMIT {DENSE + 1}", holders.params)
        ids = [row[0] for row in cursor.fetchall()]
    return None if len(ids) > DENSE else ids
