// A directory with one organization and its administrator, on a chosen backend.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "onboard/directory.hpp"
#include "test_support.hpp"

namespace onboard::test {

inline constexpr const char* kAdminPassword = "correct horse battery staple orbit";
inline constexpr const char* kGoodPassword = "violet tangerine kayak membrane 42";
// A fixed master key, so a second Directory (another "process") can share the database.
inline const std::string kMasterKey(32, '\x2a');

struct World {
  std::shared_ptr<ManualClock> clock;
  std::shared_ptr<Storage> storage;
  std::unique_ptr<Directory> dir;
  Organization org;
  User admin;
  std::string db_path;  // set for SQLite

  Actor admin_actor() const { return {org.id, admin.id}; }
};

// backend: "memory" or "sqlite" (a fresh file in a temp dir).
inline World make_world(const std::string& backend = "memory",
                        std::optional<std::int64_t> seats = std::nullopt) {
  World w;
  w.clock = std::make_shared<ManualClock>(*parse_iso8601("2026-11-21T09:00:00Z"));
  if (backend == "sqlite") {
    w.db_path = (temp_dir() / "onboard.db").string();
    auto s = open_storage("sqlite:" + w.db_path);
    REQUIRE(s.ok());
    w.storage = std::move(s).value();
  } else {
    w.storage = make_memory_storage();
  }
  w.dir = std::make_unique<Directory>(w.storage, std::move(Keyring::from_bytes(kMasterKey)).value(), w.clock);
  NewOrganization req;
  req.name = "Acme";
  req.base_url = "https://acme.example/";
  req.offices = {"HQ", "London"};
  req.teams = {"Sales", "Support"};
  req.seat_limit = seats;
  req.admin_email = "ada@acme.example";
  req.admin_name = "Ada Lovelace";
  req.admin_password = kAdminPassword;
  auto created = w.dir->create_organization(req);
  REQUIRE_MESSAGE(created.ok(), (created.ok() ? "" : created.error().message));
  w.org = created->organization;
  w.admin = created->admin;
  return w;
}

// A member with `role`, added through an accepted invitation.
inline User add_member(World& w, const std::string& email, const std::string& role) {
  auto issued = w.dir->invite(w.admin_actor(), {email, role, "", ""});
  REQUIRE_MESSAGE(issued.ok(), (issued.ok() ? "" : issued.error().message));
  auto user = w.dir->accept_invitation(w.org.id, {issued->token, "Member " + role, kGoodPassword});
  REQUIRE_MESSAGE(user.ok(), (user.ok() ? "" : user.error().message));
  return *user;
}

}  // namespace onboard::test
