// The master key's check value: installed once per store, the first value
// wins, and it survives a reopen (SQLite).
#include "backends.hpp"

using namespace onboard;
using namespace onboard::test;

TEST_CASE_TEMPLATE("a store keeps the first key check it is given", B, ONB_BACKENDS) {
  auto store = B::make();
  auto none = store->key_check();
  REQUIRE(none.ok());
  CHECK_FALSE(none->has_value());
  auto first = store->install_key_check(fake_hash('a'));
  REQUIRE(first.ok());
  CHECK(*first == fake_hash('a'));
  // A second install (another key, or another process racing) changes nothing
  // and answers with the stored value, so the caller can compare.
  auto second = store->install_key_check(fake_hash('b'));
  REQUIRE(second.ok());
  CHECK(*second == fake_hash('a'));
  auto stored = store->key_check();
  REQUIRE(stored.ok());
  REQUIRE(stored->has_value());
  CHECK(**stored == fake_hash('a'));
}

TEST_CASE("SQLite keeps the key check across a reopen") {
  const auto path = (temp_dir() / "check.db").string();
  {
    auto store = open_sqlite_storage(path);
    REQUIRE(store.ok());
    REQUIRE((*store)->install_key_check(fake_hash('k')).ok());
  }
  auto store = open_sqlite_storage(path);
  REQUIRE(store.ok());
  auto stored = (*store)->key_check();
  REQUIRE(stored.ok());
  REQUIRE(stored->has_value());
  CHECK(**stored == fake_hash('k'));
}
