// One-use set-password links (see include/onboard/password_links.hpp).
#include "onboard/password_links.hpp"

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <cstdint>

#include "onboard/secrets/password.hpp"
#include "service/service_support.hpp"

namespace onboard {
inline namespace v1 {
namespace {

constexpr std::size_t kMacChars = 43;  // 32 bytes, URL-safe base64 without padding

std::string mac_text(const Keyring& keyring, std::string_view org_id, std::string_view user_id,
                     std::int64_t expires, std::string_view password_hash) {
  std::string data = "onboard set-password v1\n";
  data += org_id;
  data += '\n';
  data += user_id;
  data += '\n';
  data += std::to_string(expires);
  data += '\n';
  data += password_hash;
  const std::string mac = keyring.hmac(KeyPurpose::password_link, data);
  std::fill(data.begin(), data.end(), '\0');
  std::string out(sodium_base64_ENCODED_LEN(mac.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(mac.data()), mac.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(kMacChars);
  return out;
}

Error unknown_link() {
  return Error{Errc::not_found,
               "This set-password link is not valid or was already used; sign in with your password, or ask "
               "an administrator for a new link.",
               "password_link.unknown"};
}

struct ParsedToken {
  std::string user_id;
  std::int64_t expires = 0;
  std::string mac;
};

Result<ParsedToken> parse_token(std::string_view token) {
  while (!token.empty() &&
         (token.back() == '\n' || token.back() == '\r' || token.back() == ' ' || token.back() == '/'))
    token.remove_suffix(1);
  while (!token.empty() && (token.front() == ' ' || token.front() == '\t')) token.remove_prefix(1);
  if (const auto slash = token.rfind('/'); slash != std::string_view::npos) token.remove_prefix(slash + 1);
  const Error malformed{Errc::invalid_input,
                        "This is not a set-password link; paste the whole link from the email.",
                        "password_link.invalid"};
  const auto first = token.find('.');
  const auto last = token.rfind('.');
  if (first == std::string_view::npos || first == last || first == 0 || first > 64) return malformed;
  ParsedToken parsed;
  parsed.user_id.assign(token.substr(0, first));
  const std::string_view expires = token.substr(first + 1, last - first - 1);
  const auto [end, ec] = std::from_chars(expires.data(), expires.data() + expires.size(), parsed.expires);
  if (ec != std::errc{} || end != expires.data() + expires.size() || expires.empty()) return malformed;
  parsed.mac.assign(token.substr(last + 1));
  if (parsed.mac.size() != kMacChars) return malformed;
  for (char c : parsed.user_id)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_'))
      return malformed;
  return parsed;
}

// True when `token`'s MAC matches the user as stored now (constant time).
bool mac_matches(const Keyring& keyring, const Organization& org, const User& user,
                 const ParsedToken& token) {
  if (user.password_hash.empty()) return false;
  const std::string expected = mac_text(keyring, org.id, user.id, token.expires, user.password_hash);
  return sodium_memcmp(expected.data(), token.mac.data(), kMacChars) == 0;
}

// The user a token names, if the token is theirs and still usable.
Result<User> check_token(Directory& dir, const Organization& org, const ParsedToken& token) {
  auto user = DirectoryAccess::storage(dir).get_user(org.id, token.user_id);
  if (!user) {
    if (user.error().code == Errc::not_found) return unknown_link();
    return std::move(user).error();
  }
  if (!mac_matches(dir.keyring(), org, *user, token)) return unknown_link();
  // The expiry is only believed once the MAC says it is ours.
  const Timestamp expires{std::chrono::seconds{token.expires}};
  if (!(expires > dir.clock().now()))
    return Error{Errc::expired,
                 "This set-password link expired on " + format_iso8601(expires) +
                     "; sign in with the password you were given, or ask an administrator for a new link.",
                 "password_link.expired"};
  if (user->status != UserStatus::active)
    return Error{Errc::permission_denied, "This account is not active; ask an administrator.",
                 "password_link.not_active"};
  return user;
}

}  // namespace

std::string PasswordLinks::issue_token(const Keyring& keyring, const Organization& org, const User& user,
                                       Timestamp expires_at) {
  const std::int64_t expires = expires_at.time_since_epoch().count();
  return user.id + "." + std::to_string(expires) + "." +
         mac_text(keyring, org.id, user.id, expires, user.password_hash);
}

std::string PasswordLinks::link(const Organization& org, std::string_view token) {
  return make_link(org, "set-password", token);
}

Result<PendingPasswordLink> PasswordLinks::inspect(std::string_view org_id, std::string_view token) {
  ONB_ASSIGN(auto parsed, parse_token(token));
  ONB_ASSIGN(auto org, DirectoryAccess::storage(dir_).get_organization(org_id));
  ONB_ASSIGN(auto user, check_token(dir_, org, parsed));
  return PendingPasswordLink{std::move(user), Timestamp{std::chrono::seconds{parsed.expires}}};
}

Result<User> PasswordLinks::set_password(std::string_view org_id, std::string_view token,
                                         std::string_view password) {
  ONB_ASSIGN(auto parsed, parse_token(token));
  auto& storage = DirectoryAccess::storage(dir_);
  ONB_ASSIGN(auto org, storage.get_organization(org_id));
  ONB_ASSIGN(auto user, check_token(dir_, org, parsed));
  // Hashed (slowly) outside the transaction; the link is checked again inside it.
  ONB_ASSIGN(auto hash,
             hash_chosen_password(
                 password, org.settings.password_policy,
                 {user.email, {user.first_name, user.last_name, user.display_name, user.username}}));
  User changed;
  ONB_TRY(storage.transaction([&]() -> Result<void> {
    // Still the same password hash: of two uses of one link, the second sees
    // the first one's hash and is refused.
    ONB_ASSIGN(changed, check_token(dir_, org, parsed));
    changed.password_hash = hash;
    changed.must_change_password = false;
    ONB_TRY(storage.update_users(std::span<const User>(&changed, 1)));
    const AuditEvent ev[] = {
        make_audit(dir_.clock(), org.id, changed.id, "user.password_set_by_link", changed.id, {})};
    return storage.append_audit(ev);
  }));
  return changed;
}

}  // namespace v1
}  // namespace onboard
