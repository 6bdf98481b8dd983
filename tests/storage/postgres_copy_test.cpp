// The PostgreSQL bulk path (src/storage/postgres/pg_copy.cpp): users and an
// import's messages go in by COPY … FROM STDIN (FORMAT binary). Its tuples
// must carry each value in the very bytes a bound parameter has (so COPY and
// INSERT store the same thing), hostile text must come back exactly, and its
// refusals must be the INSERT path's: the same Errc, the same sentence,
// nothing half-written, the connection usable after.
#if ONBOARD_HAVE_POSTGRES

#include <chrono>
#include <cstdint>
#include <future>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "backends.hpp"
#include "storage/postgres/pg_copy.hpp"
#include "storage/postgres/pg_records.hpp"
#include "storage/storage_messages.hpp"

using namespace onboard;
using namespace onboard::test;

namespace {

// Every character a text COPY would have to escape, and a few more.
const std::vector<std::string> kHostile = {
    "tab\there",
    "back\\slash",
    "new\nline",
    "carriage\rreturn",
    "\\N",
    "\\.",
    "\"double\" and 'single' quotes",
    "Zoë Ångström-Łukasiewicz 山田 🙂",
    "",
    "trailing backslash\\",
    "comma, semicolon; pipe|",
};

// A user whose every text field holds the hostile value number `i`.
User hostile_user(World& w, std::size_t i) {
  const std::string& v = kHostile[i % kHostile.size()];
  const std::string n = std::to_string(i);
  User u = w.user("hostile" + n + "@x.com");
  u.email = v + "@x.com";
  u.username = v + n;
  u.username_key = "u" + n;
  u.first_name = v;
  u.last_name = v + v;
  u.display_name = v + " " + v;
  u.role = v;
  u.office = v;
  u.teams = {v, "Red"};
  u.attributes = {{v, v}, {"Desk", v}};
  u.external_id = "x" + n + v;
  u.password_hash = v;
  u.activation_key_hash = fake_hash(static_cast<char>('a' + i % 26)) + n;  // binary: a zero byte, unique
  u.activation_key_sealed = std::string("\0\xff\t\\N\n", 6) + v;
  u.registered_via = v;
  u.created_by = v;
  u.must_change_password = i % 2 == 0;
  u.name_locked = i % 3 == 0;
  if (i % 2 == 1) u.activated_at = u.created_at + std::chrono::seconds{i};
  return u;
}

void check_same_user(const User& got, const User& want) {
  CHECK(got.org_id == want.org_id);
  CHECK(got.id == want.id);
  CHECK(got.email == want.email);
  CHECK(got.email_key == want.email_key);
  CHECK(got.username == want.username);
  CHECK(got.username_key == want.username_key);
  CHECK(got.first_name == want.first_name);
  CHECK(got.last_name == want.last_name);
  CHECK(got.display_name == want.display_name);
  CHECK(got.name_locked == want.name_locked);
  CHECK(got.role == want.role);
  CHECK(got.office == want.office);
  CHECK(got.teams == want.teams);
  CHECK(got.external_id == want.external_id);
  CHECK(got.attributes == want.attributes);
  CHECK(got.status == want.status);
  CHECK(got.must_change_password == want.must_change_password);
  CHECK(got.password_hash == want.password_hash);
  CHECK(got.activation_key_hash == want.activation_key_hash);
  CHECK(got.activation_key_sealed == want.activation_key_sealed);
  CHECK(got.registered_via == want.registered_via);
  CHECK(got.created_at == want.created_at);
  CHECK(got.activated_at == want.activated_at);
  CHECK(got.source == want.source);
  CHECK(got.created_by == want.created_by);
}

std::uint32_t read_be(std::string_view bytes, std::size_t at, int size) {
  std::uint32_t v = 0;
  for (int i = 0; i < size; ++i)
    v = (v << 8) | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(i)]);
  return v;
}

}  // namespace

// Needs no server: the bytes alone.
TEST_CASE("a PostgreSQL COPY tuple carries each user field in the bytes its bound parameter has") {
  World w(make_memory_storage());
  for (std::size_t i = 0; i < kHostile.size(); ++i) {
    CAPTURE(i);
    const User u = hostile_user(w, i);
    std::string stream;
    pg::append_copy_header(stream);
    const std::size_t header = stream.size();
    CHECK(std::string_view(stream).substr(0, 11) == std::string_view("PGCOPY\n\377\r\n\0", 11));
    CHECK(header == 19);
    pg::append_copy_tuple(stream, u);
    pg::append_copy_trailer(stream);

    const pg::Params params = pg::params(u);
    const std::vector<const char*> values = params.values();
    const std::vector<int> lengths = params.lengths();
    std::size_t at = header;
    REQUIRE(read_be(stream, at, 2) == static_cast<std::uint32_t>(params.size()));
    at += 2;
    for (int f = 0; f < params.size(); ++f) {
      CAPTURE(f);
      const auto length = static_cast<std::int32_t>(read_be(stream, at, 4));
      at += 4;
      if (values[static_cast<std::size_t>(f)] == nullptr) {
        CHECK(length == -1);
        continue;
      }
      REQUIRE(length == lengths[static_cast<std::size_t>(f)]);
      CHECK(std::string_view(stream).substr(at, static_cast<std::size_t>(length)) ==
            std::string_view(values[static_cast<std::size_t>(f)], static_cast<std::size_t>(length)));
      at += static_cast<std::size_t>(length);
    }
    CHECK(read_be(stream, at, 2) == 0xFFFF);  // the trailer, and nothing after it
    CHECK(at + 2 == stream.size());
  }
}

TEST_CASE("a PostgreSQL COPY message tuple carries each field in the bytes its bound parameter has") {
  OutboxMessage m;
  m.org_id = "org";
  m.id = "id\t1";
  m.kind = "activation";
  m.recipient = "a\\b@x.com";
  m.subject = "Line\nbreak \\N";
  m.body = "Hello {secret}\r\n\"quoted\" 山田";
  m.secret_sealed = std::string("\0\xff", 2);
  m.created_at = t0();
  m.claimed_until = t0() + std::chrono::seconds{5};
  m.attempts = 3;
  std::string stream;
  pg::append_copy_tuple(stream, m);
  const pg::Params params = pg::params(m);
  const std::vector<const char*> values = params.values();
  const std::vector<int> lengths = params.lengths();
  REQUIRE(read_be(stream, 0, 2) == static_cast<std::uint32_t>(params.size()));
  std::size_t at = 2;
  for (int f = 0; f < params.size(); ++f) {
    CAPTURE(f);
    const auto length = static_cast<std::int32_t>(read_be(stream, at, 4));
    at += 4;
    if (values[static_cast<std::size_t>(f)] == nullptr) {
      CHECK(length == -1);
      continue;
    }
    REQUIRE(length == lengths[static_cast<std::size_t>(f)]);
    CHECK(std::string_view(stream).substr(at, static_cast<std::size_t>(length)) ==
          std::string_view(values[static_cast<std::size_t>(f)], static_cast<std::size_t>(length)));
    at += static_cast<std::size_t>(length);
  }
  CHECK(at == stream.size());
}

TEST_SUITE("postgres") {
  // More than one 64 KiB chunk, so values also straddle the chunk edges.
  TEST_CASE("PostgreSQL COPY stores tabs, backslashes, newlines, \\N, quotes and non-ASCII exactly") {
    World w(PostgresBackend::make());
    std::vector<User> users;
    users.reserve(600);
    for (std::size_t i = 0; i < 600; ++i) users.push_back(hostile_user(w, i));
    REQUIRE(w.store->insert_users(users).ok());
    for (const User& u : users) {
      CAPTURE(u.id);
      auto got = w.store->get_user(w.org.id, u.id);
      REQUIRE(got.ok());
      check_same_user(*got, u);
    }

    std::vector<OutboxMessage> messages(kHostile.size());
    for (std::size_t i = 0; i < messages.size(); ++i) {
      OutboxMessage& m = messages[i];
      m.org_id = w.org.id;
      m.id = "m" + std::to_string(i);
      m.kind = kHostile[i];
      m.recipient = kHostile[i] + "@x.com";
      m.subject = kHostile[i];
      m.body = kHostile[i] + "\n" + kHostile[(i + 1) % kHostile.size()];
      m.secret_sealed = std::string("\0\\N\t", 4) + kHostile[i];
      m.created_at = t0() + std::chrono::seconds{i};
    }
    REQUIRE(w.store->enqueue_messages(messages).ok());
    auto listed = w.store->list_messages(w.org.id, std::nullopt, 0);
    REQUIRE(listed.ok());
    REQUIRE(listed->size() == messages.size());
    for (std::size_t i = 0; i < messages.size(); ++i) {
      CAPTURE(i);
      const OutboxMessage& got = (*listed)[i];
      CHECK(got.id == messages[i].id);
      CHECK(got.kind == messages[i].kind);
      CHECK(got.recipient == messages[i].recipient);
      CHECK(got.subject == messages[i].subject);
      CHECK(got.body == messages[i].body);
      CHECK(got.secret_sealed == messages[i].secret_sealed);
      CHECK(got.created_at == messages[i].created_at);
      CHECK(got.state == OutboxState::queued);
    }
  }

  TEST_CASE("a PostgreSQL COPY with a NUL in a name is refused as invalid input and writes nothing") {
    World w(PostgresBackend::make());
    std::vector<User> batch;
    batch.reserve(300);
    for (int i = 0; i < 300; ++i) batch.push_back(w.user("n" + std::to_string(i) + "@x.com"));
    batch[250].first_name = std::string("Nu\0l", 4);
    auto r = w.store->insert_users(batch);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::invalid_input);
    CHECK(r.error().message == "Text with a NUL character or invalid UTF-8 cannot be stored.");
    CHECK(w.seated() == 0);
    // Inside a transaction: only the COPY is undone, and the connection goes on.
    auto t = w.store->transaction([&]() -> Result<void> {
      ONB_TRY(w.store->insert_users(one(w.user("kept@x.com"))));
      auto refused = w.store->insert_users(batch);
      CHECK((!refused.ok() && refused.error().code == Errc::invalid_input));
      return success();
    });
    CHECK(t.ok());
    CHECK(w.seated() == 1);
    batch[250].first_name = "Null";
    CHECK(w.store->insert_users(batch).ok());
    CHECK(w.seated() == 301);
  }

  TEST_CASE("a PostgreSQL COPY refuses a taken key with the INSERT path's sentence for each key") {
    World w(PostgresBackend::make());
    User taken = w.user("taken@x.com");
    taken.username = taken.username_key = "taken";
    taken.external_id = "E-taken";
    taken.activation_key_hash = fake_hash('t');
    REQUIRE(w.store->insert_users(one(taken)).ok());
    struct Case {
      UserKeyField field;
      void (*clash)(User&, const User&);
    };
    const Case cases[] = {
        {UserKeyField::email_key, [](User& u, const User& t) { u.email_key = t.email_key; }},
        {UserKeyField::username_key, [](User& u, const User& t) { u.username_key = t.username_key; }},
        {UserKeyField::external_id, [](User& u, const User& t) { u.external_id = t.external_id; }},
        {UserKeyField::activation_key_hash,
         [](User& u, const User& t) { u.activation_key_hash = t.activation_key_hash; }},
    };
    for (const Case& c : cases) {
      CAPTURE(static_cast<int>(c.field));
      std::vector<User> batch;
      batch.reserve(200);
      for (int i = 0; i < 200; ++i) batch.push_back(w.user("b" + std::to_string(i) + "@x.com"));
      c.clash(batch[150], taken);
      auto r = w.store->insert_users(batch);
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().code == Errc::already_exists);
      CHECK(r.error().message == storage_messages::duplicate_user(c.field));
      CHECK(w.seated() == 1);
    }
    // Two rows of one batch with the same email: the same refusal.
    std::vector<User> twins = {w.user("twin@x.com"), w.user("twin@x.com")};
    auto r = w.store->insert_users(twins);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::already_exists);
    CHECK(r.error().message == storage_messages::duplicate_user(UserKeyField::email_key));
    CHECK(w.seated() == 1);
  }

  TEST_CASE(
      "a PostgreSQL COPY racing a concurrent member with the same email waits and is refused as taken") {
    PostgresSchema schema;
    auto mine = std::shared_ptr<Storage>(open_postgres_in(schema));
    auto theirs = open_postgres_in(schema);
    World w(mine);
    std::promise<void> inserted, release;
    std::shared_future<void> released = release.get_future().share();
    // Another process adds the member and holds its transaction open.
    std::thread other([&] {
      auto done = theirs->transaction([&]() -> Result<void> {
        User u = w.user("race@x.com");
        ONB_TRY(theirs->insert_users(one(u)));
        inserted.set_value();
        released.wait();
        return success();
      });
      CHECK(done.ok());
    });
    inserted.get_future().wait();
    std::vector<User> batch;
    batch.reserve(100);
    for (int i = 0; i < 100; ++i) batch.push_back(w.user("r" + std::to_string(i) + "@x.com"));
    batch[60].email_key = "race@x.com";
    // The COPY blocks on the other's uncommitted row until it commits.
    auto copying = std::async(std::launch::async, [&] { return mine->insert_users(batch); });
    CHECK(copying.wait_for(std::chrono::milliseconds(300)) == std::future_status::timeout);
    release.set_value();
    other.join();
    const Result<void> r = copying.get();
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::already_exists);
    CHECK(r.error().message == storage_messages::duplicate_user(UserKeyField::email_key));
    CHECK(w.seated() == 1);
  }
}

#endif
