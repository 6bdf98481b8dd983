// Passwords onboard makes for people (bulk import, admin resets).
#include <sodium.h>

#include <array>
#include <cstdint>
#include <span>
#include <stdexcept>

#include "core/fast_paths.hpp"
#include "onboard/secrets/crypto_init.hpp"
#include "onboard/secrets/password.hpp"

namespace onboard {
inline namespace v1 {

namespace {

constexpr std::size_t alphabet_size = generated_password_alphabet.size();
static_assert(alphabet_size == 56);
// Bytes at or above 224 = 4 × 56 are thrown away, so b % 56 is uniform.
constexpr unsigned accept_below = 256 / alphabet_size * alphabet_size;

// Random bytes a block at a time: a ChaCha20 keystream under a 256-bit key
// from the system's generator, drawn once per pool (one system call), the
// block number as the nonce. That is the kernel's own construction, in user
// space, one system call for a whole import instead of thousands
// (docs/performance.md). Key and buffer are wiped when done. Its twin,
// without the fast paths: every buffer straight from the system's generator
// (randombytes_buf).
class RandomPool {
 public:
  RandomPool() {
    init_crypto();
    crypto_stream_chacha20_ietf_keygen(key_.data());
  }
  ~RandomPool() {
    sodium_memzero(buffer_.data(), buffer_.size());
    sodium_memzero(key_.data(), key_.size());
  }
  RandomPool(const RandomPool&) = delete;
  RandomPool& operator=(const RandomPool&) = delete;

  unsigned char next() {
    if (position_ == buffer_.size()) refill();
    return buffer_[position_++];
  }

 private:
  void refill() {
    position_ = 0;
    if constexpr (!kFastPaths) {
      randombytes_buf(buffer_.data(), buffer_.size());
      return;
    }
    std::array<unsigned char, crypto_stream_chacha20_ietf_NONCEBYTES> nonce{};
    for (std::size_t i = 0; i < sizeof block_; ++i) nonce[i] = static_cast<unsigned char>(block_ >> (8 * i));
    ++block_;
    crypto_stream_chacha20_ietf(buffer_.data(), buffer_.size(), nonce.data(), key_.data());
  }

  std::array<unsigned char, crypto_stream_chacha20_ietf_KEYBYTES> key_{};
  std::array<unsigned char, 4096> buffer_{};
  std::size_t position_ = buffer_.size();
  std::uint64_t block_ = 0;
};

// Rejection sampling into `out` (its capacity reused).
void draw_password(RandomPool& pool, std::size_t length, std::string& out) {
  out.resize(length);
  std::size_t i = 0;
  while (i < length) {
    const unsigned char b = pool.next();
    if (b < accept_below) out[i++] = generated_password_alphabet[b % alphabet_size];
  }
}

void require_length(std::size_t length) {
  if (length < min_generated_password_length) {
    throw std::invalid_argument("a generated password needs at least 20 characters (112 bits)");
  }
}

}  // namespace

std::string generate_password(std::size_t length) {
  require_length(length);
  RandomPool pool;
  std::string password;
  draw_password(pool, length, password);
  return password;
}

void generate_passwords(std::size_t count, std::size_t length, std::vector<std::string>& out) {
  require_length(length);
  const std::size_t from = out.size();
  out.resize(from + count);
  generate_passwords_into(std::span<std::string>(out).subspan(from), length);
}

void generate_passwords_into(std::span<std::string> out, std::size_t length) {
  require_length(length);
  RandomPool pool;
  for (std::string& password : out) draw_password(pool, length, password);
}

}  // namespace v1
}  // namespace onboard
