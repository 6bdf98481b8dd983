"""SCIM through the Python binding: a token, the Okta flow's requests, and refusals."""
import json

import pytest

import onboard
from onboard import scim


def test_a_token_creates_finds_and_deactivates_a_user(world):
    issued = scim.create_token(world.dir, world.org_id, world.admin_id, "Okta")
    assert issued.secret.startswith("onbscim_") and issued.secret not in repr(issued)
    listed = scim.tokens(world.dir, world.org_id, world.admin_id)
    assert [t["name"] for t in listed] == ["Okta"] and issued.secret not in json.dumps(listed)
    handler = scim.Handler(world.dir, world.org_id, base_url="https://acme.example/scim/v2")
    auth = {"Authorization": "Bearer " + issued.secret}
    created = handler.handle("POST", "/Users", headers=auth, body=json.dumps({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "dade@acme.example",
        "name": {"givenName": "Dade", "familyName": "Murphy"}, "active": True}))
    assert created.status == 201, created.body
    assert created.header("content-type") == "application/scim+json"
    user_id = created.json()["id"]
    assert created.header("Location") == "https://acme.example/scim/v2/Users/" + user_id
    found = handler.handle("GET", "/Users", headers=auth, query="filter=userName%20eq%20%22dade%40acme.example%22")
    assert found.json()["totalResults"] == 1
    patched = handler.handle("PATCH", "/Users/" + user_id, headers=auth, body=json.dumps({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        "Operations": [{"op": "Replace", "path": "active", "value": "False"}]}))
    assert patched.status == 200 and patched.json()["active"] is False
    [user] = world.dir.users(world.org_id, world.admin_id, status="suspended")
    assert user.id == user_id


def test_a_revoked_or_missing_token_is_refused_with_a_scim_error(world):
    issued = scim.create_token(world.dir, world.org_id, world.admin_id, "Entra")
    scim.revoke_token(world.dir, world.org_id, world.admin_id, issued.id)
    handler = scim.Handler(world.dir, world.org_id)
    r = handler.handle("GET", "/Users", headers={"Authorization": "Bearer " + issued.secret})
    assert r.status == 401
    assert r.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    assert handler.handle("GET", "/Users").status == 401
    # As the administrator, without a token.
    assert handler.handle("GET", "/ServiceProviderConfig", actor_id=world.admin_id).status == 200
    with pytest.raises(onboard.NotFoundError):
        scim.revoke_token(world.dir, world.org_id, world.admin_id, "no-such-token")
