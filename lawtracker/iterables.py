"""Iterating in steps."""

from collections.abc import Iterable, Iterator


def batched(rows: Iterable, size: int) -> Iterator[list]:
    """The rows in lists of `size` (the last one maybe shorter), read as they come."""
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
