"""Search that is correct for Chinese words of every length on SQLite and PostgreSQL.

Text is normalised (full-width folded, lower-cased, all whitespace removed, since the
review's PDF text breaks words with spaces) and indexed as its characters and
two-character pairs, exactly the queries that trigram indexes (SQLite FTS5, pg_trgm)
cannot serve; longer queries are a substring scan of the normalised text. Both are plain
equality and LIKE, the same on both databases.
"""

from django.db.models import Q, QuerySet

from lawtracker.text import compact


def normalise(text: str) -> str:
    return compact(text).lower()


# Between a record's fields: a private-use character no typed query holds, so no match
# runs from the end of one field into the next.
FIELD_BREAK = "\ue000"


def document(*fields: str) -> str:
    """A record's search text: its fields normalised, kept apart."""
    return FIELD_BREAK.join(normalise(field) for field in fields)


def grams(text: str) -> set[str]:
    """Every character and pair of neighbouring characters of a search text (`document`)."""
    pairs = {text[i : i + 2] for i in range(len(text) - 1)}
    return {gram for gram in set(text) | pairs if FIELD_BREAK not in gram}


def matching(records: QuerySet, grams_model, query: str, *, text_field: str = "search_text"):
    """`records` narrowed to those whose search text contains `query` (one query).

    `grams_model` has `record` (a foreign key to the records) and `gram`. A one- or
    two-character query is one gram: the index gives exactly its records. A longer query
    is a substring scan: benchmark_search measured intersecting its grams slower than
    the scan on PostgreSQL for common words, and never more than a few times faster.
    """
    query = normalise(query)
    if not query:
        return records
    if len(query) > 2:
        return records.filter(Q(**{f"{text_field}__contains": query}))
    holders = grams_model.objects.filter(gram=query).values("record")
    return records.filter(pk__in=holders)
