#include <doctest/doctest.h>

#include <filesystem>

#include "service_fixture.hpp"

using namespace onboard;
using namespace onboard::test;

namespace {

// Every byte the database keeps on disk: the main file and its WAL.
std::string database_bytes(const std::string& path) {
  std::string all;
  for (const char* suffix : {"", "-wal", "-journal"}) {
    const std::string p = path + suffix;
    if (std::filesystem::exists(p)) all += read_file(p);
  }
  return all;
}

}  // namespace

TEST_CASE("no token or password is stored in clear in the SQLite file") {
  auto w = make_world("sqlite");
  auto issued = w.dir->invite(w.admin_actor(), {"grace@navy.example", "", "", ""});
  REQUIRE(issued.ok());
  auto resent = w.dir->resend_invitation(w.admin_actor(), issued->invitation.id);
  REQUIRE(resent.ok());
  REQUIRE(w.dir->accept_invitation(w.org.id, {resent->token, "Grace Hopper", kGoodPassword}).ok());
  const std::string bytes = database_bytes(w.db_path);
  CHECK(bytes.find("grace@navy.example") != std::string::npos);  // the scan does see the data
  CHECK(bytes.find(issued->token) == std::string::npos);
  CHECK(bytes.find(resent->token) == std::string::npos);
  CHECK(bytes.find(resent->link) == std::string::npos);
  CHECK(bytes.find(kGoodPassword) == std::string::npos);
  CHECK(bytes.find(kAdminPassword) == std::string::npos);
}

TEST_CASE("a generated administrator password is returned once and stored only as a keyed hash") {
  auto clock = std::make_shared<ManualClock>(*parse_iso8601("2026-11-21T09:00:00Z"));
  const auto path = (temp_dir() / "gen.db").string();
  auto dir = Directory::open("sqlite:" + path, Keyring::generate(), clock);
  REQUIRE(dir.ok());
  NewOrganization req;
  req.name = "Acme";
  req.admin_email = "ada@acme.example";
  req.admin_name = "Ada Lovelace";
  auto created = (*dir)->create_organization(req);
  REQUIRE(created.ok());
  CHECK(created->generated_password.size() >= 20);
  CHECK(created->admin.must_change_password);
  CHECK(database_bytes(path).find(created->generated_password) == std::string::npos);
  // The generated password must be replaced before signing in.
  auto login =
      (*dir)->authenticate(created->organization.id, "ada@acme.example", created->generated_password);
  CHECK(login.error().code == Errc::must_change_password);
  auto changed = (*dir)->change_password(created->organization.id, "ada@acme.example",
                                         created->generated_password, kGoodPassword);
  REQUIRE(changed.ok());
  CHECK_FALSE(changed->must_change_password);
  CHECK((*dir)->authenticate(created->organization.id, "ada@acme.example", kGoodPassword).ok());
}

TEST_CASE("refusals never repeat a token") {
  auto w = make_world();
  auto issued = w.dir->invite(w.admin_actor(), {"grace@navy.example", "", "", ""});
  REQUIRE(issued.ok());
  REQUIRE(w.dir->revoke_invitation(w.admin_actor(), issued->invitation.id).ok());
  for (const std::string& t : {issued->token, issued->token.substr(0, 30), issued->token + "x"}) {
    auto r = w.dir->accept_invitation(w.org.id, {t, "Grace Hopper", kGoodPassword});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find(t.substr(0, 12)) == std::string::npos);
  }
}
