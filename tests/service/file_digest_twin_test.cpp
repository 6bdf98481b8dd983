// An import's file digest is taken with OpenSSL's SHA-256 (a fast path); its
// twin is libsodium's. Both must give the SHA-256 of the file's bytes.
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

}  // namespace
}  // namespace onboard::test
