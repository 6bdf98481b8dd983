// Passwords onboard makes for people (bulk import, admin resets).
#include <sodium.h>

#include <array>
#include <stdexcept>

#include "onboard/secrets/crypto_init.hpp"
#include "onboard/secrets/password.hpp"

namespace onboard {
inline namespace v1 {

namespace {

constexpr std::size_t alphabet_size = generated_password_alphabet.size();
static_assert(alphabet_size == 56);
// Bytes at or above 224 = 4 × 56 are thrown away, so b % 56 is uniform.
constexpr unsigned accept_below = 256 / alphabet_size * alphabet_size;

// Random bytes drawn a block at a time: one system call per 4 KiB instead of
// one per character. Wiped when done.
class RandomPool {
 public:
  RandomPool() { init_crypto(); }
  ~RandomPool() { sodium_memzero(buffer_.data(), buffer_.size()); }
  RandomPool(const RandomPool&) = delete;
  RandomPool& operator=(const RandomPool&) = delete;

  unsigned char next() {
    if (position_ == buffer_.size()) {
      randombytes_buf(buffer_.data(), buffer_.size());
      position_ = 0;
    }
    return buffer_[position_++];
  }

 private:
  std::array<unsigned char, 4096> buffer_{};
  std::size_t position_ = buffer_.size();
};

std::string draw_password(RandomPool& pool, std::size_t length) {
  std::string password;
  password.reserve(length);
  while (password.size() < length) {
    unsigned char b = pool.next();
    if (b < accept_below) password.push_back(generated_password_alphabet[b % alphabet_size]);
  }
  return password;
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
  return draw_password(pool, length);
}

void generate_passwords(std::size_t count, std::size_t length, std::vector<std::string>& out) {
  require_length(length);
  RandomPool pool;
  out.reserve(out.size() + count);
  for (std::size_t i = 0; i < count; ++i) out.push_back(draw_password(pool, length));
}

}  // namespace v1
}  // namespace onboard
