import pytest
from django.utils import translation


@pytest.fixture
def english():
    """Messages are checked in their English msgids, whatever the default language is."""
    with translation.override("en"):
        yield
