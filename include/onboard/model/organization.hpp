// The tenant: its settings and catalogs. Every other record belongs to one.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "onboard/core/clock.hpp"
#include "onboard/model/roles.hpp"

namespace onboard {
inline namespace v1 {

struct PasswordPolicy {
  std::size_t min_length = 15;  // in code points, after NFKC (NIST SP 800-63B-4: 15 without MFA)
  std::size_t max_length = 256;
  int min_strength = 3;  // zxcvbn-style score 0..4
  // Argon2id cost. Never below the OWASP floor (t=2, m=19 MiB).
  std::uint64_t argon2_opslimit = 2;
  std::size_t argon2_memlimit = std::size_t{19} * 1024 * 1024;
};

struct ImportLimits {
  std::uint64_t max_bytes = std::uint64_t{10} * 1024 * 1024;
  std::uint64_t max_rows = 500;
};

struct ThrottleSettings {
  int per_source_max_failures = 100;     // consecutive failures from one source
  int org_max_failures_per_hour = 1000;  // failures across all sources in an hour
  std::chrono::seconds source_lockout{std::chrono::hours{1}};
};

struct OrgSettings {
  std::chrono::seconds invitation_ttl{std::chrono::hours{24 * 7}};
  PasswordPolicy password_policy;
  ImportLimits import_limits;
  ThrottleSettings throttle;
  // How long an import's generated credentials stay sealed in the store for
  // `onboard import credentials` when nobody claims them; then they are wiped.
  std::chrono::seconds credentials_ttl{std::chrono::hours{24 * 7}};
  // The language of the organization's messages: "en" or "de".
  std::string locale = "en";
  // Pending invitations and not yet activated pre-created users hold a seat,
  // so an invitation is refused when it is sent, never when it is accepted.
  bool pending_hold_seats = true;
  // The organization's own mail templates, over the shipped ones
  // (MailTemplates): "<locale>/<kind>/<subject|text|html>" -> MessageFormat.
  std::map<std::string, std::string> mail_templates;
};

struct Organization {
  std::string id;
  std::string name;
  std::string base_url = "https://onboard.invalid";  // links: <base_url>/invite/<token>
  std::string time_zone = "UTC";                     // IANA name; for dates people type
  std::optional<std::int64_t> seat_limit;            // active + not-activated users
  OrgSettings settings;
  RoleCatalog roles;
  std::vector<std::string> offices;
  std::string default_office;
  std::vector<std::string> teams;
  Timestamp created_at{};
};

}  // namespace v1
}  // namespace onboard
