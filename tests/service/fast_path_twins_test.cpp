// Fast paths of the import held equal to their twins (the table "Fast paths
// and their twins" in docs/architecture.md), whatever the build.
#include <doctest/doctest.h>

#include <sodium.h>

#include "import_test_fixture.hpp"

namespace onboard::test {
namespace {

std::string sodium_sha256_hex(std::string_view bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

TEST_CASE("an import's file digest is the SHA-256 of the file's bytes") {
  auto w = make_import_world();
  const std::string file = people_csv(2);
  auto r = w.run(file);
  REQUIRE(r.ok());
  auto jobs = w.inner->list_import_jobs(w.org.id);
  REQUIRE(jobs.ok());
  REQUIRE(jobs->size() == 1);
  // sha256sum of the same bytes.
  CHECK(jobs->front().file_digest == "1dab96a3eced7cdd36959ac0d8d99facef723fd1b485d9febb984aae8729e41e");
  CHECK(jobs->front().file_digest == sodium_sha256_hex(file));
  CHECK(r->file_digest == jobs->front().file_digest);
}

// Members are preloaded into key indexes (a fast path) unless the
// organization is far larger than the file; then, as always without the fast
// paths, they are looked up per chunk. Every other import test takes the
// preloaded way with the same expectations as this one.
TEST_CASE("an organization too large to preload is looked up per chunk, with the same conflicts") {
  auto w = make_import_world();
  constexpr int kMembers = 50'001;  // past what is always preloaded
  ImportOptions many;
  many.max_rows = kMembers;
  auto first = w.run(people_csv(kMembers), many);
  REQUIRE(first.ok());
  REQUIRE_MESSAGE(first->created == kMembers, codes(*first));

  const std::string file = people_csv(5, kMembers - 3);  // three members, two new people
  auto second = w.run(file);
  REQUIRE(second.ok());
  CHECK_FALSE(second->committed);
  CHECK(second->conflicts == 3);
  REQUIRE(second->errors.size() == 3);
  CHECK(second->errors[0].code == "conflict.email");
  CHECK(second->errors[0].row == 2);

  ImportOptions skip;
  skip.existing = ExistingUsers::skip;
  auto third = w.run(file, skip);
  REQUIRE(third.ok());
  CHECK(third->committed);
  CHECK(third->skipped == 3);
  CHECK(third->created == 2);
}

}  // namespace
}  // namespace onboard::test
