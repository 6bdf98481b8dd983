// Conformance: an import's sealed credentials are stored, taken once and
// purged when they expire, against every backend.
#include <thread>
#include <vector>

#include "backends.hpp"

using namespace onboard;
using namespace onboard::test;
using std::chrono::hours;
using std::chrono::seconds;

namespace {

SealedCredentials part(World& w, const std::string& job, std::int64_t n, Timestamp expires) {
  SealedCredentials c;
  c.org_id = w.org.id;
  c.job_id = job;
  c.part = n;
  c.actor = "admin";
  c.sealed = fake_hash(static_cast<char>('a' + n)) + std::string(1, '\xff');
  c.created_at = w.clock.now();
  c.expires_at = expires;
  return c;
}

}  // namespace

TEST_CASE_TEMPLATE("sealed credentials are taken once, every part in order", B, ONB_BACKENDS) {
  World w(B::make());
  const Timestamp expires = w.clock.now() + hours{24 * 7};
  // Stored out of order, in two calls, as an import's chunks may be.
  REQUIRE(w.store->store_sealed_credentials(std::vector{part(w, "job-1", 2, expires)}).ok());
  REQUIRE(
      w.store
          ->store_sealed_credentials(std::vector{part(w, "job-1", 0, expires), part(w, "job-1", 1, expires)})
          .ok());
  REQUIRE(w.store->store_sealed_credentials(std::vector{part(w, "job-2", 0, expires)}).ok());

  auto taken = w.store->take_sealed_credentials(w.org.id, "job-1", w.clock.now(), true);
  REQUIRE(taken.ok());
  REQUIRE(taken->size() == 3);
  for (std::int64_t i = 0; i < 3; ++i) {
    const SealedCredentials& c = taken->at(static_cast<std::size_t>(i));
    CHECK(c.part == i);
    CHECK(c.job_id == "job-1");
    CHECK(c.actor == "admin");
    CHECK(c.sealed == part(w, "job-1", i, expires).sealed);  // binary-safe
    CHECK(c.created_at == w.clock.now());
    CHECK(c.expires_at == expires);
  }
  // Read and deleted: a second take gets nothing; the other job is untouched.
  // A take without contents deletes the same way but reads no blob.
  auto discarded = w.store->take_sealed_credentials(w.org.id, "job-2", w.clock.now(), false);
  REQUIRE(discarded.ok());
  REQUIRE(discarded->size() == 1);
  CHECK(discarded->front().actor == "admin");
  CHECK(discarded->front().sealed.empty());
  REQUIRE(w.store->store_sealed_credentials(std::vector{part(w, "job-2", 0, expires)}).ok());
  CHECK(w.store->take_sealed_credentials(w.org.id, "job-1", w.clock.now(), true)->empty());
  CHECK(w.store->take_sealed_credentials(w.org.id, "job-2", w.clock.now(), true)->size() == 1);
}

TEST_CASE_TEMPLATE("storing a sealed credentials part twice is refused and writes nothing", B, ONB_BACKENDS) {
  World w(B::make());
  const Timestamp expires = w.clock.now() + hours{1};
  REQUIRE(w.store->store_sealed_credentials(std::vector{part(w, "job-1", 0, expires)}).ok());
  auto again = w.store->store_sealed_credentials(
      std::vector{part(w, "job-1", 1, expires), part(w, "job-1", 0, expires)});
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == Errc::already_exists);
  CHECK(w.store->take_sealed_credentials(w.org.id, "job-1", w.clock.now(), true)->size() == 1);
  SealedCredentials stray = part(w, "job-9", 0, expires);
  stray.org_id = "no-such-org";
  CHECK(w.store->store_sealed_credentials(std::vector{stray}).error().code == Errc::not_found);
}

TEST_CASE_TEMPLATE("expired sealed credentials are not taken, and purge wipes them", B, ONB_BACKENDS) {
  World w(B::make());
  const Timestamp soon = w.clock.now() + hours{1};
  const Timestamp later = w.clock.now() + hours{48};
  REQUIRE(
      w.store->store_sealed_credentials(std::vector{part(w, "old", 0, soon), part(w, "old", 1, soon)}).ok());
  REQUIRE(w.store->store_sealed_credentials(std::vector{part(w, "new", 0, later)}).ok());
  // At expiry - 1 s it is still there; at expiry it is not handed out.
  CHECK(*w.store->purge_sealed_credentials(w.org.id, soon - seconds{1}) == 0);
  CHECK(w.store->take_sealed_credentials(w.org.id, "old", soon, true)->empty());
  CHECK(*w.store->purge_sealed_credentials(w.org.id, soon) == 2);
  CHECK(*w.store->purge_sealed_credentials(w.org.id, soon) == 0);
  CHECK(
      w.store->take_sealed_credentials(w.org.id, "old", soon - seconds{1}, true)->empty());  // gone for good
  CHECK(w.store->take_sealed_credentials(w.org.id, "new", soon, true)->size() == 1);
}

TEST_CASE_TEMPLATE("sealed credentials of one organization cannot be taken or purged from another", B,
                   ONB_BACKENDS) {
  World w(B::make());
  const Organization other = w.add_org("Other");
  const Timestamp expires = w.clock.now() + hours{1};
  REQUIRE(w.store->store_sealed_credentials(std::vector{part(w, "job-1", 0, expires)}).ok());
  CHECK(w.store->take_sealed_credentials(other.id, "job-1", w.clock.now(), true)->empty());
  CHECK(*w.store->purge_sealed_credentials(other.id, expires + hours{1}) == 0);
  CHECK(w.store->take_sealed_credentials(w.org.id, "job-1", w.clock.now(), true)->size() == 1);
}

TEST_CASE_TEMPLATE("a take rolled back with its transaction leaves the sealed credentials in place", B,
                   ONB_BACKENDS) {
  World w(B::make());
  REQUIRE(w.store->store_sealed_credentials(std::vector{part(w, "job-1", 0, w.clock.now() + hours{1})}).ok());
  auto refused = w.store->transaction([&]() -> Result<void> {
    auto taken = w.store->take_sealed_credentials(w.org.id, "job-1", w.clock.now(), true);
    REQUIRE(taken.ok());
    CHECK(taken->size() == 1);
    return Error{Errc::permission_denied, "not yours"};
  });
  CHECK(refused.error().code == Errc::permission_denied);
  CHECK(w.store->take_sealed_credentials(w.org.id, "job-1", w.clock.now(), true)->size() == 1);
}

TEST_CASE_TEMPLATE("threads taking the same sealed credentials at once: one gets them", B, ONB_BACKENDS) {
  World w(B::make());
  const Timestamp expires = w.clock.now() + hours{1};
  REQUIRE(
      w.store
          ->store_sealed_credentials(std::vector{part(w, "job-1", 0, expires), part(w, "job-1", 1, expires)})
          .ok());
  std::vector<std::size_t> got(4, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < got.size(); ++t)
    threads.emplace_back([&, t] {
      auto taken = w.store->take_sealed_credentials(w.org.id, "job-1", expires - seconds{1}, true);
      if (taken) got[t] = taken->size();
    });
  for (auto& t : threads) t.join();
  std::size_t total = 0, winners = 0;
  for (std::size_t n : got) {
    total += n;
    winners += n > 0;
  }
  CHECK(total == 2);
  CHECK(winners == 1);
}
