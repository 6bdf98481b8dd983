#include "service/import/file_digest.hpp"

#include <openssl/evp.h>
#include <sodium.h>

#include <new>

#include "core/fast_paths.hpp"

namespace onboard {
inline namespace v1 {
namespace import_detail {

// Fast path: OpenSSL's SHA-256, which uses the CPU's SHA extensions where
// it has them (docs/performance.md). Its twin, without the fast paths, is
// libsodium's crypto_hash_sha256.
std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if constexpr (!kFastPaths) {
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    size = crypto_hash_sha256_BYTES;
  } else if (EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr) != 1)
    throw std::bad_alloc();  // OpenSSL fails SHA-256 of a buffer only when out of memory
  char hex[EVP_MAX_MD_SIZE * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, size);
  return hex;
}

void FileDigest::start(std::string_view bytes, bool on_thread) {
  bytes_ = bytes;
  if (on_thread) thread_ = std::async(std::launch::async, [bytes] { return sha256_hex(bytes); });
}

void FileDigest::compute() {
  if (!thread_.valid() && !value_) value_ = sha256_hex(bytes_);
}

std::string FileDigest::finish() {
  if (thread_.valid()) value_ = thread_.get();
  compute();
  return *value_;
}

}  // namespace import_detail
}  // namespace v1
}  // namespace onboard
