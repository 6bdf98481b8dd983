// SCIM 2.0 (RFC 7643/7644) provisioning as an embeddable handler: an identity
// provider (Okta, Microsoft Entra ID…) creates, updates, suspends and groups
// the members of one organization with the same rules as every other way in
// (seats, catalogs, rank, audit). The host owns the HTTP server: it hands
// the Handler each request's method, path, query, headers and body and sends
// back the status, headers and body it returns. docs/scim.md.
//
// Who acts: a request carries "Authorization: Bearer <token>", a SCIM token
// an administrator made with Tokens::create. The token acts as the member who
// made it, with their role as it is at each request: a token made by a
// Manager cannot touch an Admin, and a token whose maker was suspended or
// lost manage_users stops working. A host may also call the Handler as a
// member directly (the CLI acting as its administrator).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "onboard/core/error.hpp"
#include "onboard/directory.hpp"
#include "onboard/model/scim_token.hpp"

namespace onboard {
inline namespace v1 {
namespace scim {

// A new token: the record and the secret, which exists only in this value
// (the store keeps its keyed hash). "onbscim_" and 43 URL-safe characters.
struct IssuedToken {
  ScimToken token;  // token_hash cleared
  std::string secret;
};

// The organization's SCIM tokens. Every call needs manage_users.
class Tokens {
 public:
  explicit Tokens(Directory& directory) : dir_(directory) {}

  // Makes a token acting as the actor, named `name` (1 to 200 characters);
  // audited ("scim.token_created", without the secret). Errors:
  // permission_denied, invalid_input.
  Result<IssuedToken> create(const Actor& actor, std::string_view name);
  // Every token of the organization, revoked ones too, oldest first; hashes cleared.
  Result<std::vector<ScimToken>> list(const Actor& actor);
  // Revokes a token for good; audited ("scim.token_revoked"). A token acts
  // as its maker, so revoking one made by a member ranked above the actor is
  // refused. Revoking a revoked token changes nothing. Errors: not_found,
  // permission_denied.
  Result<ScimToken> revoke(const Actor& actor, std::string_view token_id);

 private:
  Directory& dir_;
};

// One HTTP request as the host received it. `path` is relative to where the
// handler is mounted ("/Users/ID"); `query` is the raw query string without
// '?' ("filter=userName%20eq%20%22a%22").
struct Request {
  std::string method;  // "GET", "POST", "PUT", "PATCH", "DELETE"
  std::string path;
  std::string query;
  std::vector<std::pair<std::string, std::string>> headers;  // names in any case
  std::string body;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // Content-Type, ETag, Location
  std::string body;                                          // JSON, or empty (204)
};

struct HandlerOptions {
  // Where the handler is mounted, for `meta.location` and Location headers
  // ("https://acme.example/scim/v2"); empty: relative locations ("/Users/ID").
  std::string base_url;
  // DELETE /Users/ID suspends the member (the default: nothing is lost, the
  // seat stays taken) or, when true, deletes them as `onboard users delete`.
  bool delete_removes = false;
  std::size_t max_bulk_operations = 100;                     // advertised in /ServiceProviderConfig
  std::size_t max_payload_bytes = std::size_t{1024} * 1024;  // any request body, Bulk included
  std::size_t max_results = 200;                             // a page's largest `count`
  std::size_t max_filter_length = 2000;                      // characters of a filter
};

class Handler {
 public:
  // Serves the organization `org_id`; the directory must outlive the handler.
  Handler(Directory& directory, std::string org_id, HandlerOptions options = {});

  // Authenticates the bearer token, then serves the request as the member
  // who made the token. Never throws for a client's input: every refusal is
  // a SCIM error response (urn:ietf:params:scim:api:messages:2.0:Error).
  Response handle(const Request& request);
  // Serves the request as `actor`, without a token (a trusted host).
  Response handle(const Request& request, const Actor& actor);

 private:
  Directory& dir_;
  std::string org_id_;
  HandlerOptions options_;
};

}  // namespace scim
}  // namespace v1
}  // namespace onboard
