"""Fixtures: a directory on a manual clock with Acme and its admin Ada."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import pytest

import onboard

ADMIN_PASSWORD = "correct horse battery staple orbit"
GOOD_PASSWORD = "violet tangerine kayak membrane 42"
START = datetime(2026, 11, 21, 9, 0, tzinfo=timezone.utc)


@dataclass
class World:
    dir: onboard.Directory
    org: onboard.Organization
    admin: onboard.User

    @property
    def org_id(self) -> str:
        return self.org.id

    @property
    def admin_id(self) -> str:
        return self.admin.id


def create_acme(d: onboard.Directory) -> World:
    created = d.create_organization("Acme", admin_email="ada@acme.example", admin_name="Ada Lovelace",
                                    admin_password=ADMIN_PASSWORD, base_url="https://acme.example/",
                                    offices=["HQ", "London"], teams=["Sales", "Support"])
    assert created.generated_password is None
    return World(d, created.organization, created.admin)


@pytest.fixture
def world():
    with onboard.Directory.open("memory:", now=START) as d:
        yield create_acme(d)
