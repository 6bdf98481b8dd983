#include "onboard/secrets/crypto_init.hpp"

#include <sodium.h>

#include <stdexcept>

namespace onboard {
inline namespace v1 {

void init_crypto() {
  // A function-local static is initialized exactly once even under threads;
  // sodium_init() returns 1 when someone else (the host) already called it.
  static const int status = sodium_init();
  if (status < 0) throw std::runtime_error("libsodium could not be initialized: no random source");
}

}  // namespace v1
}  // namespace onboard
