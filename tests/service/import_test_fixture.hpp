// Organizations shaped like the products whose files the import tests read.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "onboard/directory.hpp"
#include "onboard/importer.hpp"
#include "onboard/storage/faulty_storage.hpp"
#include "service_fixture.hpp"
#include "test_support.hpp"

namespace onboard::test {

struct ImportWorld {
  std::shared_ptr<ManualClock> clock;
  std::shared_ptr<Storage> inner;         // the real backend
  std::shared_ptr<FaultyStorage> faulty;  // wraps `inner`; what the directory uses
  std::unique_ptr<Directory> dir;
  Organization org;
  User admin;

  Actor admin_actor() const { return {org.id, admin.id}; }
  Result<ImportReport> run(std::string_view bytes, const ImportOptions& options = {},
                           std::string_view name = "users.csv") {
    return Importer(*dir).run(admin_actor(), bytes, name, options);
  }
  Result<ImportReport> preview(std::string_view bytes, const ImportOptions& options = {},
                               std::string_view name = "users.csv") {
    return Importer(*dir).preview(admin_actor(), bytes, name, options);
  }
  std::vector<User> users() {
    auto all = dir->list_users(admin_actor(), {});
    REQUIRE(all.ok());
    return *all;
  }
  User user_by_email(const std::string& email) {
    auto u = dir->find_user_by_email(org.id, email);
    REQUIRE_MESSAGE(u.ok(), email);
    return *u;
  }
};

struct ImportWorldSpec {
  std::string backend = "memory";  // or "sqlite"
  std::string preset = "workspace";
  std::vector<std::string> offices = {"HQ", "London"};
  std::vector<std::string> teams = {"Engineering", "Sales"};
  std::optional<std::int64_t> seats;
  unsigned threads = 0;  // DirectoryOptions::threads
};

inline ImportWorld make_import_world(const ImportWorldSpec& spec = {}) {
  ImportWorld w;
  w.clock = std::make_shared<ManualClock>(*parse_iso8601("2026-11-21T09:00:00Z"));
  if (spec.backend == "sqlite") {
    auto s = open_storage("sqlite:" + (temp_dir() / "onboard.db").string());
    REQUIRE(s.ok());
    w.inner = std::move(s).value();
  } else {
    w.inner = make_memory_storage();
  }
  w.faulty = std::make_shared<FaultyStorage>(w.inner);
  w.dir = std::make_unique<Directory>(w.faulty, std::move(Keyring::from_bytes(kMasterKey)).value(),
                                      DirectoryOptions{spec.threads, w.clock});
  NewOrganization req;
  req.name = "Acme";
  req.role_preset = spec.preset;
  req.offices = spec.offices;
  req.teams = spec.teams;
  req.seat_limit = spec.seats;
  req.admin_email = "admin@acme.example";
  req.admin_name = "Ada Admin";
  req.admin_password = kAdminPassword;
  auto created = w.dir->create_organization(req);
  REQUIRE_MESSAGE(created.ok(), (created.ok() ? "" : created.error().message));
  w.org = created->organization;
  w.admin = created->admin;
  return w;
}

// A Manager of `w`, added through an accepted invitation.
inline User add_member_for_import(ImportWorld& w) {
  auto issued = w.dir->invite(w.admin_actor(), {"manager@acme.example", "Manager", "", ""});
  REQUIRE(issued.ok());
  auto user = w.dir->accept_invitation(w.org.id, {issued->token, "Mia Manager", kGoodPassword});
  REQUIRE(user.ok());
  return *user;
}

// "Full Name,Email,Role,Office,Team" plus `rows` generated people.
inline std::string people_csv(int rows, int first = 0) {
  std::string out = "Full Name,Email,Role,Office,Team\r\n";
  for (int i = first; i < first + rows; ++i)
    out += "Person Number" + std::to_string(i) + ",person" + std::to_string(i) +
           "@example.com,User,HQ,Sales\r\n";
  return out;
}

inline std::string codes(const ImportReport& r) {
  std::string out;
  for (const auto& e : r.errors) out += std::to_string(e.row) + ":" + e.column + ":" + e.code + " ";
  return out;
}

}  // namespace onboard::test
