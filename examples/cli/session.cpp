// What a host sets up: the storage and its key file, the clock, the
// organization of this database and the member who acts.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "cli.hpp"
#include "onboard/model/catalog.hpp"

namespace onboard::cli {
namespace {

std::string percent_decoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto hex = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

// "PostgreSQL database D on H:P", built from the parts of the URI that hold
// no credential: the user information and every query parameter other than
// host, port and dbname are dropped, because either may carry a password.
std::string describe_postgres(std::string_view uri) {
  std::string_view rest = uri.substr(uri.find("://") + 3);
  std::string_view query;
  if (const auto q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  std::string_view authority = rest.substr(0, rest.find('/'));
  std::string dbname =
      authority.size() < rest.size() ? percent_decoded(rest.substr(authority.size() + 1)) : "";
  // The last '@', not the first: an unescaped '@' in a password must not
  // leave part of it in what we show.
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  std::string host(authority), port;
  const auto colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(',') == std::string_view::npos &&
      (authority.front() != '[' || authority.rfind(']') < colon)) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  host = percent_decoded(host);
  while (!query.empty()) {
    const std::string_view pair = query.substr(0, query.find('&'));
    query.remove_prefix(std::min(query.size(), pair.size() + 1));
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    const std::string_view key = pair.substr(0, eq);
    if (key == "host") host = percent_decoded(pair.substr(eq + 1));
    if (key == "port") port = percent_decoded(pair.substr(eq + 1));
    if (key == "dbname") dbname = percent_decoded(pair.substr(eq + 1));
  }
  return "PostgreSQL database " + (dbname.empty() ? std::string("(default)") : dbname) + " on " +
         (host.empty() ? std::string("the local socket") : host) + (port.empty() ? "" : ":" + port);
}

}  // namespace

Store resolve_store(const Globals& g) {
  Store s;
  const std::string_view db = g.db;
  if (db.starts_with("postgresql://") || db.starts_with("postgres://")) {
    // The keyring seals the secrets the database holds; keeping it beside a
    // server database has no obvious place, so the host must name one.
    if (g.key_file.empty())
      throw UsageError{"a PostgreSQL --db needs --key-file PATH, the file that holds its master key"};
    s.uri = g.db;
    s.key_path = g.key_file;
    s.shown = describe_postgres(db);
    return s;
  }
  s.file = db.starts_with("sqlite:") ? std::string(db.substr(7)) : g.db;
  if (s.file.empty()) throw UsageError{"--db sqlite: needs a file path"};
  s.uri = "sqlite:" + s.file;
  s.key_path = g.key_file.empty() ? s.file + ".key" : g.key_file;
  s.shown = s.file;
  return s;
}

std::shared_ptr<const Clock> make_clock() {
  if (const char* pinned = std::getenv("ONBOARD_NOW"); pinned && *pinned) {
    if (auto t = parse_iso8601(pinned)) return std::make_shared<ManualClock>(*t);
    throw UsageError{"ONBOARD_NOW is not an ISO 8601 instant such as 2026-11-21T09:00:00Z"};
  }
  return std::make_shared<SystemClock>();
}

Result<std::unique_ptr<Directory>> open_directory(const Globals& g, bool create) {
  const Store store = resolve_store(g);
  if (!create) {
    // A server database always "exists"; whether it holds an organization is
    // for open_session to say.
    if (store.is_file() && !std::filesystem::exists(store.file))
      return Error{Errc::not_found,
                   "There is no onboard database at " + store.file + "; run `onboard init` first.",
                   "cli.no_database"};
    // Creating a fresh key here would leave every stored secret unreadable.
    if (!std::filesystem::exists(store.key_path))
      return Error{Errc::storage,
                   "The key file " + store.key_path + " is missing; without it the database cannot be used.",
                   "cli.no_key"};
  }
  // The library creates a key file only for an empty store, and refuses a
  // key that is not the one the store was sealed with.
  DirectoryOptions options;
  options.threads = g.threads;
  options.clock = make_clock();
  return Directory::open_with_key_file(store.uri, store.key_path, options);
}

Result<Organization> choose_organization(const std::vector<Organization>& orgs, const std::string& wanted) {
  const auto listing = [&] {
    std::vector<std::string> names;
    for (const auto& org : orgs) names.push_back(org.name + " (" + org.id + ")");
    std::sort(names.begin(), names.end());
    std::string out;
    for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
    return out;
  };
  if (wanted.empty()) {
    if (orgs.size() == 1) return orgs.front();
    return Error{Errc::invalid_input,
                 "This database holds " + std::to_string(orgs.size()) + " organizations: " + listing() +
                     "; pick one with --org NAME or --org ID.",
                 "cli.org_required"};
  }
  std::vector<const Organization*> matches;
  for (const auto& org : orgs)
    if (org.id == wanted) return org;
  for (const auto& org : orgs)
    if (fold_key(org.name) == fold_key(wanted)) matches.push_back(&org);
  if (matches.size() == 1) return *matches.front();
  if (matches.size() > 1)
    return Error{
        Errc::invalid_input,
        "Several organizations are called " + wanted + "; pick one with --org ID: " + listing() + ".",
        "cli.org_ambiguous"};
  return Error{
      Errc::not_found,
      "There is no organization " + wanted.substr(0, 100) + " in this database; it holds " + listing() + ".",
      "cli.org_unknown"};
}

Result<Session> open_session(const Globals& g) {
  Session s;
  ONB_ASSIGN(s.directory, open_directory(g, false));
  ONB_ASSIGN(auto orgs, s.directory->organizations());
  if (orgs.empty())
    return Error{Errc::not_found, "This database has no organization yet; run `onboard init` first.",
                 "cli.no_org"};
  ONB_ASSIGN(s.org, choose_organization(orgs, g.org));
  if (!g.as.empty()) {
    ONB_ASSIGN(s.actor, s.directory->find_user_by_email(s.org.id, g.as));
    return s;
  }
  // Without --as, the CLI acts as the highest-ranked active member (the
  // administrator created by `init`).
  auto best = s.directory->highest_ranked_member(s.org.id);
  if (!best && best.error().code == Errc::not_found)
    return Error{Errc::not_found, "This organization has no active administrator.", "cli.no_admin"};
  ONB_ASSIGN(s.actor, std::move(best));
  return s;
}

}  // namespace onboard::cli
