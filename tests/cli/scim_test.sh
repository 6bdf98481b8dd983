#!/usr/bin/env bash
# SCIM through the CLI: tokens, requests as the administrator and with a token file.
source "$(dirname "$0")/lib.sh" "$1"
init_org

# A token, written to a 0600 file (or shown once).
expect 0 ob scim token create Okta -o "$WORK/okta.token"
contains "$OUT" "Token written to $WORK/okta.token"
lacks "$OUT" "onbscim_"
[[ $(stat -c %a "$WORK/okta.token") == 600 ]] && CHECKS=$((CHECKS + 1)) || { echo "FAIL: token file mode"; FAILURES=$((FAILURES + 1)); }
expect 0 ob --json scim token create Entra
ENTRA_ID=$(json id)
contains "$OUT" '"token":"onbscim_'
expect 0 ob scim token list
contains "$OUT" '"Okta"  active'
lacks "$OUT" "onbscim_"

# As the signed-in administrator: create, read, filter.
expect 0 bash -c "echo '{\"userName\":\"dade@acme.example\",\"name\":{\"givenName\":\"Dade\",\"familyName\":\"Murphy\"}}' | '$ONBOARD' --db '$DB' scim POST /Users"
contains "$OUT" '"userName":"dade@acme.example"'
contains "$ERR" "HTTP 201"
DADE=$(json id)
expect 0 ob scim GET "/Users/$DADE"
contains "$OUT" '"active":true'
expect 0 ob scim GET '/Users?filter=userName%20eq%20%22dade%40acme.example%22'
contains "$OUT" '"totalResults":1'
# With the token file, as a SCIM client: Entra's deactivation.
expect 0 bash -c "echo '{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]}' | '$ONBOARD' --db '$DB' scim PATCH '/Users/$DADE' --token-file '$WORK/okta.token'"
contains "$OUT" '"active":false'
expect 0 ob users list --status suspended
contains "$OUT" "dade@acme.example"
# A refusal: the SCIM error on stdout, exit 1.
expect 1 bash -c "echo '{\"userName\":\"dade@acme.example\",\"name\":{\"givenName\":\"D\",\"familyName\":\"M\"}}' | '$ONBOARD' --db '$DB' scim POST /Users"
contains "$OUT" '"scimType":"uniqueness"'
contains "$ERR" "HTTP 409"
expect 1 ob scim GET '/Users?filter=userName%20eq'
contains "$OUT" '"scimType":"invalidFilter"'
# A revoked token is refused.
expect 0 ob scim token list --json
OKTA_ID=$(sed -n 's/.*"id":"\([^"]*\)","name":"Okta".*/\1/p' <<<"$OUT")
expect 0 ob scim token revoke "$OKTA_ID"
expect 1 ob scim GET /Users --token-file "$WORK/okta.token"
contains "$OUT" '"status":"401"'
expect 0 ob scim token revoke "$ENTRA_ID"
# The audit log names the way in, never the token.
expect 0 ob audit
contains "$OUT" "scim.request"
contains "$OUT" "scim.token_revoked"
lacks "$OUT" "onbscim_"
finish
