"""Relations and pull scope come from master data."""

from __future__ import annotations

import pytest

from server.scope import pull_scope, relation_to, visible_owners
from server.services import Services
from sync import Relation
from tests.unit.server import dataset as ds


def _actor(services: Services, nip: str):  # type: ignore[no-untyped-def]
    password = ds.OTHER_PASSWORD if nip == ds.TEACHER else ds.PASSWORD
    return services.auth.login(nip=nip, password=password, address="x").actor


@pytest.mark.parametrize(
    ("actor_nip", "owner", "relation"),
    [
        (ds.NURSE, ds.NURSE, Relation.OWNER),
        (ds.KAPUS, ds.NURSE, Relation.SUPERVISOR),
        (ds.KADINKES, ds.NURSE, Relation.ATASAN),
        (ds.ADMIN_DINKES, ds.NURSE, Relation.HR),
        (ds.BKPP, ds.NURSE, Relation.HR),
        (ds.NURSE2, ds.NURSE, Relation.NONE),
        (ds.TEACHER, ds.NURSE, Relation.NONE),
        (ds.ADMIN_DINKES, ds.TEACHER, Relation.NONE),
    ],
)
def test_relation(services: Services, actor_nip: str, owner: str, relation: Relation) -> None:
    actor = _actor(services, actor_nip)
    with services.storage.read() as reader:
        assert relation_to(reader, actor, owner) is relation


@pytest.mark.parametrize(
    ("actor_nip", "kind", "fields", "relation"),
    [
        (ds.BKPP, "period", {}, Relation.HR),
        (ds.ADMIN_DINKES, "period", {}, Relation.NONE),
        (ds.ADMIN_DINKES, "employee", {"unit_id": ds.PKM}, Relation.HR),
        (ds.ADMIN_DINKES, "employee", {"unit_id": ds.DISDIK}, Relation.NONE),
        (ds.ADMIN_DINKES, "unit", {"opd_id": ds.DINKES}, Relation.HR),
        (ds.NURSE, "unit", {"opd_id": ds.DINKES}, Relation.NONE),
    ],
)
def test_master_data_relation(
    services: Services, actor_nip: str, kind: str, fields: dict[str, str], relation: Relation
) -> None:
    actor = _actor(services, actor_nip)
    with services.storage.read() as reader:
        assert relation_to(reader, actor, "", kind=kind, fields=fields) is relation


def test_visible_owners_and_scope(services: Services) -> None:
    with services.storage.read() as reader:
        assert visible_owners(reader, _actor(services, ds.NURSE)) == {ds.NURSE}
        assert visible_owners(reader, _actor(services, ds.KAPUS)) == {ds.KAPUS, ds.NURSE, ds.NURSE2}
        assert visible_owners(reader, _actor(services, ds.KADINKES)) == {
            ds.KADINKES,
            ds.KAPUS,
            ds.NURSE,
            ds.NURSE2,
            ds.ADMIN_DINKES,
        }
        admin = pull_scope(reader, _actor(services, ds.ADMIN_DINKES))
        city = pull_scope(reader, _actor(services, ds.BKPP))
    assert admin.opd_ids == {ds.DINKES}
    assert not admin.everything
    assert city.everything
    assert {"unit", "employee", "period", "org_predikat"} == admin.public_kinds
