"""Fixtures of the announcement tests."""

import pytest


@pytest.fixture
def publisher(make_user):
    return make_user("operator_publisher", "publisher", "OP3601")


@pytest.fixture
def anonymous(db, client):
    """The Django test client with no session at all (the public feed needs none)."""
    client.logout()
    return client
