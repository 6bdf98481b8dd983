// Conformance: an imported password hash, sealed ("legacy$" + base64 of
// keyring.seal), is stored and read back unchanged by every backend, through
// the import's bulk insert (COPY on PostgreSQL) and a single update.
#include <string>
#include <vector>

#include "backends.hpp"
#include "onboard/secrets/password.hpp"

using namespace onboard;
using namespace onboard::test;

TEST_CASE_TEMPLATE("a sealed imported hash round-trips through the bulk insert and an update", B,
                   ONB_BACKENDS) {
  World w(B::make());
  const Keyring keyring = Keyring::generate();
  const std::string bcrypt = "$2b$05$7ogS.qWgxsgEyS/uF9HY.er3X6qsKp3yIMtVdjGSUyf6B/tkFWsDC";
  std::vector<User> users;
  for (int i = 0; i < 3; ++i) {
    User u = w.user("legacy" + std::to_string(i) + "@x.com");
    u.password_hash = seal_legacy_hash(keyring, bcrypt);
    users.push_back(u);
  }
  REQUIRE(w.store->insert_users(users).ok());
  for (const User& u : users) {
    auto got = w.store->get_user(w.org.id, u.id);
    REQUIRE(got.ok());
    CHECK(got->password_hash == u.password_hash);
    CHECK(got->password_hash.find("$2b$") == std::string::npos);
    auto opened = open_legacy_hash(keyring, got->password_hash);
    REQUIRE(opened.ok());
    CHECK(*opened == bcrypt);
  }
  // The first sign-in replaces it: an update with the Argon2id text.
  User first = users.front();
  first.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA";
  REQUIRE(w.store->update_users(std::vector<User>{first}).ok());
  auto got = w.store->get_user(w.org.id, first.id);
  REQUIRE(got.ok());
  CHECK(got->password_hash == first.password_hash);
}
