"""Search that is correct for Chinese words of every length on SQLite and PostgreSQL.

Text is normalised (full-width folded, lower-cased, all whitespace removed, since the
review's PDF text breaks words with spaces) and indexed as its characters and
two-character pairs. A one-character query looks its character up; a longer query finds
the records holding all of its pairs through the index, then confirms the substring on
those few rows only. Both steps are plain equality and LIKE, the same on both databases.
"""

import unicodedata

from django.db.models import Count, Q, QuerySet


def normalise(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


def grams(text: str) -> set[str]:
    """Every character and every pair of neighbouring characters of normalised text."""
    text = normalise(text)
    return set(text) | {text[i : i + 2] for i in range(len(text) - 1)}


def query_grams(query: str) -> set[str]:
    """The grams every record matching `query` must hold."""
    query = normalise(query)
    if len(query) == 1:
        return {query}
    return {query[i : i + 2] for i in range(len(query) - 1)}


def matching(records: QuerySet, grams_model, query: str, *, text_field: str = "search_text"):
    """`records` narrowed to those whose search text contains `query`.

    `grams_model` has `record` (a foreign key to the records) and `gram`; one query.
    """
    query = normalise(query)
    if not query:
        return records
    wanted = query_grams(query)
    if len(wanted) == 1:
        holders = grams_model.objects.filter(gram=next(iter(wanted))).values("record")
    else:
        holders = (
            grams_model.objects.filter(gram__in=wanted)
            .values("record")
            .annotate(held=Count("gram", distinct=True))
            .filter(held=len(wanted))
            .values("record")
        )
    narrowed = records.filter(pk__in=holders)
    if len(query) > 2:
        narrowed = narrowed.filter(Q(**{f"{text_field}__contains": query}))
    return narrowed
