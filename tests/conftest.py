import pytest
from django.utils import translation


@pytest.fixture
def english():
    """Messages are checked in their English msgids, whatever the default language is."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Import progress lives in the cache: no test sees another's (job ids repeat once a
    test's rows are rolled back)."""
    from django.core.cache import cache

    cache.clear()
    yield
