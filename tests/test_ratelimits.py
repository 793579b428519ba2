"""Calls counted per window in the shared cache (the database's, in the tests)."""

import pytest
from django.core.cache import cache

from reliability.ratelimits import count

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()


def test_calls_are_counted_within_a_window_and_start_again_in_the_next():
    assert [count("token:1", 60, now=120.0 + second)[0] for second in (0, 10, 59)] == [1, 2, 3]
    assert count("token:1", 60, now=180.0) == (1, 60.0)
    assert count("token:1", 60, now=200.0) == (2, 40.0)


def test_each_name_and_window_counts_apart():
    count("disputes:10.0.0.1", 3600, now=7200.0)
    assert count("disputes:10.0.0.2", 3600, now=7200.0)[0] == 1
    assert count("disputes:10.0.0.1", 60, now=7200.0)[0] == 1
