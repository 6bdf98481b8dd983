#include "onboard/core/error.hpp"

namespace onboard {
inline namespace v1 {

std::string_view to_string(Errc code) noexcept {
  switch (code) {
    case Errc::ok: return "ok";
    case Errc::invalid_input: return "invalid_input";
    case Errc::not_found: return "not_found";
    case Errc::already_exists: return "already_exists";
    case Errc::expired: return "expired";
    case Errc::already_used: return "already_used";
    case Errc::revoked: return "revoked";
    case Errc::permission_denied: return "permission_denied";
    case Errc::weak_password: return "weak_password";
    case Errc::throttled: return "throttled";
    case Errc::limit_exceeded: return "limit_exceeded";
    case Errc::storage: return "storage";
    case Errc::busy: return "busy";
    case Errc::cancelled: return "cancelled";
    case Errc::unsupported_format: return "unsupported_format";
    case Errc::must_change_password: return "must_change_password";
    case Errc::authentication_failed: return "authentication_failed";
    case Errc::misuse: return "misuse";
    case Errc::internal: return "internal";
  }
  return "unknown";
}

}  // namespace v1
}  // namespace onboard
