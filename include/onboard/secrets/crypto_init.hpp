// libsodium must be initialized once before use; every function of the
// secrets layer does it on first use, so hosts never have to.
#pragma once

namespace onboard {
inline namespace v1 {

// Initializes libsodium once per process (thread-safe, idempotent). Throws
// std::runtime_error only if the system offers no usable random source,
// which no secret can be made without.
void init_crypto();

}  // namespace v1
}  // namespace onboard
