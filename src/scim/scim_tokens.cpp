// SCIM bearer tokens: create, list, revoke (scim.hpp), and the lookup the
// handler makes for each request (scim_auth.hpp).
#include <boost/json.hpp>

#include "onboard/core/id.hpp"
#include "onboard/model/name.hpp"
#include "onboard/scim.hpp"
#include "onboard/secrets/token.hpp"
#include "scim/scim_auth.hpp"
#include "service/service_support.hpp"

namespace onboard {
inline namespace v1 {
namespace scim {
namespace {

constexpr std::string_view kPrefix = "onbscim_";

ScimToken without_hash(ScimToken t) {
  t.token_hash.clear();
  return t;
}

}  // namespace

Result<IssuedToken> Tokens::create(const Actor& actor, std::string_view name) {
  ONB_ASSIGN(auto ctx, dir_.authorize(actor, Permission::manage_users));
  const Clock& clock = dir_.clock();
  ScimToken token;
  ONB_ASSIGN(token.name, clean_text(name, "token name", 200));
  if (token.name.empty())
    return Error{Errc::invalid_input, "Please give the SCIM token a name, such as the identity provider's.",
                 "scim.token_name"};
  token.id = new_id(clock);
  token.org_id = ctx.org.id;
  token.created_by = ctx.user.id;
  token.created_at = clock.now();
  IssuedToken issued;
  issued.secret = std::string(kPrefix) + generate_token();
  token.token_hash = dir_.keyring().hmac(KeyPurpose::scim_token, issued.secret);
  auto& storage = DirectoryAccess::storage(dir_);
  ONB_TRY(storage.transaction([&]() -> Result<void> {
    ONB_TRY(storage.insert_scim_token(token));
    const AuditEvent ev[] = {
        make_audit(clock, ctx.org.id, ctx.user.id, "scim.token_created", token.id, {{"name", token.name}})};
    return storage.append_audit(ev);
  }));
  issued.token = without_hash(std::move(token));
  return issued;
}

Result<std::vector<ScimToken>> Tokens::list(const Actor& actor) {
  ONB_ASSIGN(auto ctx, dir_.authorize(actor, Permission::manage_users));
  ONB_ASSIGN(auto tokens, DirectoryAccess::storage(dir_).list_scim_tokens(ctx.org.id));
  for (auto& t : tokens) t.token_hash.clear();
  return tokens;
}

Result<ScimToken> Tokens::revoke(const Actor& actor, std::string_view token_id) {
  ONB_ASSIGN(auto ctx, dir_.authorize(actor, Permission::manage_users));
  auto& storage = DirectoryAccess::storage(dir_);
  ONB_ASSIGN(auto token, storage.get_scim_token(ctx.org.id, token_id));
  if (token.revoked) return without_hash(std::move(token));
  // The token acts as its maker: only someone ranked at or above them may end it.
  if (auto maker = storage.get_user(ctx.org.id, token.created_by); maker && maker->id != ctx.user.id) {
    const Role* role = ctx.org.roles.find(maker->role);
    if (role != nullptr && role->rank > ctx.role.rank)
      return Error{Errc::permission_denied,
                   "You cannot revoke this SCIM token: it acts as " + maker->display_name + ", whose role " +
                       role->name + " ranks above your own role " + ctx.role.name + ".",
                   "role.above_own"};
  }
  token.revoked = true;
  ONB_TRY(storage.transaction([&]() -> Result<void> {
    ONB_TRY(storage.update_scim_token(token));
    const AuditEvent ev[] = {make_audit(dir_.clock(), ctx.org.id, ctx.user.id, "scim.token_revoked", token.id,
                                        {{"name", token.name}})};
    return storage.append_audit(ev);
  }));
  return without_hash(std::move(token));
}

Result<TokenActor> authenticate_token(Directory& dir, std::string_view org_id, std::string_view bearer) {
  const Error refused{Errc::authentication_failed, "The SCIM token is not valid for this organization.",
                      "scim.token"};
  if (bearer.size() != kPrefix.size() + token_chars || bearer.substr(0, kPrefix.size()) != kPrefix)
    return refused;
  auto& storage = DirectoryAccess::storage(dir);
  auto found = storage.find_scim_token_by_hash(org_id, dir.keyring().hmac(KeyPurpose::scim_token, bearer));
  if (!found) {
    if (found.error().code == Errc::not_found) return refused;
    return std::move(found).error();
  }
  ScimToken token = std::move(*found);
  if (token.revoked)
    return Error{Errc::authentication_failed, "This SCIM token was revoked; make a new one.", "scim.revoked"};
  // A last use is kept to the minute, not written on every request.
  const Timestamp now = dir.clock().now();
  if (!token.last_used_at || now - *token.last_used_at >= std::chrono::minutes{1}) {
    token.last_used_at = now;
    ONB_TRY(storage.update_scim_token(token));
  }
  TokenActor out;
  out.actor = Actor{std::string(org_id), token.created_by};
  out.token_name = token.name;
  out.token_id = token.id;
  return out;
}

}  // namespace scim
}  // namespace v1
}  // namespace onboard
