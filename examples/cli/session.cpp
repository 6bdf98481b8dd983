// What a host sets up: the key file beside the database, the clock, the
// organization of this database and the member who acts.
#include <cstdlib>
#include <filesystem>

#include "cli.hpp"

namespace onboard::cli {

std::shared_ptr<const Clock> make_clock() {
  if (const char* pinned = std::getenv("ONBOARD_NOW"); pinned && *pinned) {
    if (auto t = parse_iso8601(pinned)) return std::make_shared<ManualClock>(*t);
    throw UsageError{"ONBOARD_NOW is not an ISO 8601 instant such as 2026-11-21T09:00:00Z"};
  }
  return std::make_shared<SystemClock>();
}

Result<std::unique_ptr<Directory>> open_directory(const Globals& g, bool create) {
  const std::string key_path = g.db + ".key";
  if (!create) {
    if (!std::filesystem::exists(g.db))
      return Error{Errc::not_found, "There is no onboard database at " + g.db + "; run `onboard init` first.",
                   "cli.no_database"};
    if (!std::filesystem::exists(key_path))
      return Error{Errc::storage,
                   "The key file " + key_path + " is missing; without it the database cannot be used.",
                   "cli.no_key"};
  }
  ONB_ASSIGN(auto keyring, Keyring::load_or_create_file(key_path));
  return Directory::open("sqlite:" + g.db, std::move(keyring), make_clock());
}

Result<Session> open_session(const Globals& g) {
  Session s;
  ONB_ASSIGN(s.directory, open_directory(g, false));
  ONB_ASSIGN(auto orgs, s.directory->organizations());
  if (orgs.empty())
    return Error{Errc::not_found, "This database has no organization yet; run `onboard init` first.",
                 "cli.no_org"};
  s.org = std::move(orgs.front());
  if (!g.as.empty()) {
    ONB_ASSIGN(s.actor, s.directory->find_user_by_email(s.org.id, g.as));
    return s;
  }
  // Without --as, the CLI acts as the highest-ranked active member (the
  // administrator created by `init`).
  UserFilter filter;
  filter.status = UserStatus::active;
  ONB_ASSIGN(auto active, s.directory->storage().list_users(s.org.id, filter));
  const User* best = nullptr;
  int best_rank = -1;
  for (const auto& u : active) {
    const Role* r = s.org.roles.find(u.role);
    if (r && r->rank > best_rank) {
      best = &u;
      best_rank = r->rank;
    }
  }
  if (!best) return Error{Errc::not_found, "This organization has no active administrator.", "cli.no_admin"};
  s.actor = *best;
  return s;
}

}  // namespace onboard::cli
