// Throttling of guessed secrets: digit keys and passwords.
//
// Per source and per account: at most per_source_max_failures consecutive
// failures (NIST SP 800-63B 5.2.2 allows at most 100 per account), then a
// lock of source_lockout that doubles with each further failure (1 h, 2 h,
// 4 h … at most a day); the lock does not lapse into a fresh count, so a
// patient guesser gets a handful of guesses a day, not a hundred an hour.
// A right secret resets the count — but not the source's hourly count of
// wrong secrets (at most per_source_max_failures an hour), so successes put
// between guesses do not buy a source more of them.
//
// Per organization: failures in an hour from every source together. When
// they reach org_max_failures_per_hour the organization is under a spread
// attack, and every source *with failures of its own* must wait after each
// of them: 1 s, 2 s, 4 s … up to source_lockout. Nobody is refused because
// of the organization alone: a source without failures always gets its
// attempt, so an attacker with many addresses slows itself down, not the
// organization's people.
//
// Check and count are one step: the attempt is counted as a failure before
// the secret is checked, atomically with the check (one storage
// transaction; Storage::update_throttle locks each counter), and a right
// secret gives it back. So concurrent guesses cannot overrun a budget.
#include "service/redemption_throttle.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>

namespace onboard {
inline namespace v1 {
namespace {

constexpr std::chrono::hours kOrgWindow{1};
constexpr std::chrono::seconds kMaxLock{std::chrono::hours{24}};
constexpr std::chrono::seconds kFirstSlowdown{1};

// min(base × 2^doublings, cap).
std::chrono::seconds doubling(std::chrono::seconds base, std::int64_t doublings, std::chrono::seconds cap) {
  if (base <= std::chrono::seconds{0} || cap <= std::chrono::seconds{0}) return std::chrono::seconds{0};
  std::chrono::seconds d = base;
  for (std::int64_t i = 0; i < doublings && d < cap; ++i) d *= 2;
  return std::min(d, cap);
}

// The lock a counter's own consecutive failures earn; window_start holds
// the time of its latest failure.
std::optional<Timestamp> own_lock(const ThrottleCounter& c, int max_failures, std::chrono::seconds lockout) {
  if (c.failures < max_failures) return std::nullopt;
  return c.window_start + doubling(lockout, c.failures - max_failures, std::max(kMaxLock, lockout));
}

// While the organization is over its budget: the wait after a source's
// latest failure.
std::optional<Timestamp> slowdown(const ThrottleCounter& c, std::chrono::seconds lockout) {
  if (c.failures <= 0) return std::nullopt;
  return c.window_start + doubling(kFirstSlowdown, c.failures - 1, lockout);
}

std::optional<Timestamp> later(std::optional<Timestamp> a, std::optional<Timestamp> b) {
  if (!a) return b;
  if (!b) return a;
  return std::max(*a, *b);
}

std::string hex_scope(std::string_view prefix, const std::string& digest) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string scope(prefix);
  for (unsigned char c : digest) {
    scope += hex[c >> 4];
    scope += hex[c & 15];
  }
  return scope;
}

Error refusal(std::string_view why, Timestamp until, const char* detail) {
  return Error{Errc::throttled, std::string(why) + "; try again at " + format_retry_time(until) + ".",
               detail};
}

// One spelling per source, so that writing it differently is not a new
// source: ASCII blanks trimmed; an IPv4 address (with or without a :port)
// in dotted form; an IPv6 address (brackets, a :port after them, a %zone
// and letter case ignored) by its /64 network — what one subscriber holds,
// so the 2^64 addresses of one attacker are one source — and an IPv4-mapped
// one as its IPv4 address; anything else (a device id) in lower case.
std::string canonical_source(std::string_view source) {
  constexpr std::string_view blanks = " \t\r\n";
  const auto first = source.find_first_not_of(blanks);
  if (first == std::string_view::npos) return {};
  source = source.substr(first, source.find_last_not_of(blanks) - first + 1);
  char text[INET6_ADDRSTRLEN] = {};
  auto v4 = [&](std::string_view s) -> bool {
    in_addr a{};
    const std::string z(s);
    if (::inet_pton(AF_INET, z.c_str(), &a) != 1) return false;
    ::inet_ntop(AF_INET, &a, text, sizeof text);
    return true;
  };
  if (v4(source)) return text;
  const auto colon = source.find(':');
  if (colon != std::string_view::npos && colon == source.rfind(':') && v4(source.substr(0, colon)))
    return text;  // 192.0.2.1:8443
  std::string_view host = source;
  if (host.front() == '[') {
    const auto close = host.find(']');
    if (close != std::string_view::npos) host = host.substr(1, close - 1);
  }
  host = host.substr(0, host.find('%'));
  in6_addr a{};
  if (const std::string z(host); ::inet_pton(AF_INET6, z.c_str(), &a) == 1) {
    static constexpr unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(a.s6_addr, mapped, sizeof mapped) == 0) {
      ::inet_ntop(AF_INET, a.s6_addr + 12, text, sizeof text);
      return text;
    }
    std::memset(a.s6_addr + 8, 0, 8);
    ::inet_ntop(AF_INET6, &a, text, sizeof text);
    return std::string(text) + "/64";
  }
  std::string lower(source);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  return lower;
}

}  // namespace

std::string format_retry_time(Timestamp t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{t - day};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%02d:%02d:%02d UTC on %04d-%02u-%02u",
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()), static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string AttemptThrottle::source_scope(std::string_view source) const {
  return hex_scope(kind_ == GuessKind::key ? "source:" : "signin-source:",
                   keyring_.hmac(KeyPurpose::throttle_source, canonical_source(source)));
}

std::string AttemptThrottle::account_scope(std::string_view email_key) const {
  // A prefix no source of the other scopes hashes: "account\n" cannot end an IP address.
  return hex_scope("signin-account:",
                   keyring_.hmac(KeyPurpose::throttle_source, std::string("account\n").append(email_key)));
}

std::string_view AttemptThrottle::org_scope() const { return kind_ == GuessKind::key ? "org" : "signin-org"; }

Result<ThrottleAttempt> AttemptThrottle::begin(const Organization& org, std::string_view source,
                                               std::string_view account) {
  const ThrottleSettings& s = org.settings.throttle;
  const std::string src =
      kind_ == GuessKind::sign_in && canonical_source(source).empty() ? std::string() : source_scope(source);
  const std::string acc = account.empty() ? std::string() : account_scope(account);
  const std::string shared_scope(org_scope());
  const std::string hourly = src.empty() ? std::string() : "hour-" + src;
  Timestamp window{};
  Timestamp hour_window{};
  ONB_TRY(storage_.transaction([&]() -> Result<void> {
    const Timestamp now = clock_.now();
    auto shared = storage_.get_throttle(org.id, shared_scope);
    if (!shared && shared.error().code != Errc::not_found) return std::move(shared).error();
    const bool over_budget =
        shared && now < shared->window_start + kOrgWindow && shared->failures >= s.org_max_failures_per_hour;

    // Counts one failure on `scope` unless it must wait.
    auto count = [&](const std::string& scope, bool slowed, const char* locked_why,
                     const char* locked_detail) -> Result<void> {
      std::optional<Error> refused;
      ONB_TRY(storage_.update_throttle(org.id, scope, [&](ThrottleCounter& c) {
        const auto locked = later(c.locked_until, own_lock(c, s.per_source_max_failures, s.source_lockout));
        if (locked && now < *locked) {
          refused = refusal(locked_why, *locked, locked_detail);
          return false;
        }
        if (slowed && over_budget) {
          const auto wait = slowdown(c, s.source_lockout);
          if (wait && now < *wait) {
            refused = refusal(
                "Many attempts are failing across this organization, so attempts from here are slowed down",
                *wait, "throttle.organization");
            return false;
          }
        }
        c.failures += 1;
        c.window_start = now;
        c.locked_until = own_lock(c, s.per_source_max_failures, s.source_lockout);
        return true;
      }));
      if (refused) return *refused;
      return success();
    };
    if (!src.empty()) ONB_TRY(count(src, true, "Too many attempts from here", "throttle.source"));
    // The source's wrong secrets this hour, which a right one does not wipe:
    // the consecutive count above starts again at every success, so a guesser
    // holding one good secret (their own account, a poster's key) could
    // otherwise put a success between every 99 guesses and never be stopped.
    if (!src.empty()) {
      std::optional<Error> refused;
      ONB_ASSIGN(auto hour, storage_.update_throttle(org.id, hourly, [&](ThrottleCounter& c) {
        if (c.failures == 0 || now >= c.window_start + kOrgWindow) {
          c.window_start = now;
          c.failures = 0;
        }
        if (c.failures >= s.per_source_max_failures) {
          refused = refusal("Too many attempts from here", c.window_start + kOrgWindow, "throttle.source");
          return false;
        }
        c.failures += 1;
        return true;
      }));
      if (refused) return *refused;
      hour_window = hour.window_start;
    }
    if (!acc.empty())
      ONB_TRY(count(acc, false, "Too many failed sign-ins for this account", "throttle.account"));

    ONB_ASSIGN(auto after, storage_.update_throttle(org.id, shared_scope, [&](ThrottleCounter& c) {
      if (c.failures == 0 || now >= c.window_start + kOrgWindow) {
        c.window_start = now;
        c.failures = 0;
      }
      c.failures += 1;
      c.locked_until.reset();
      return true;
    }));
    window = after.window_start;
    return success();
  }));
  return ThrottleAttempt(storage_, org.id, src, acc, shared_scope, window, s.per_source_max_failures,
                         s.source_lockout, hourly, hour_window);
}

ThrottleAttempt::ThrottleAttempt(ThrottleAttempt&& other) noexcept
    : storage_(other.storage_),
      org_id_(std::move(other.org_id_)),
      source_scope_(std::move(other.source_scope_)),
      account_scope_(std::move(other.account_scope_)),
      org_scope_(std::move(other.org_scope_)),
      org_window_(other.org_window_),
      max_failures_(other.max_failures_),
      lockout_(other.lockout_),
      hour_scope_(std::move(other.hour_scope_)),
      hour_window_(other.hour_window_),
      settled_(other.settled_) {
  other.settled_ = true;
}

ThrottleAttempt::~ThrottleAttempt() {
  if (!settled_) give_back(false);
}

void ThrottleAttempt::succeeded() {
  if (settled_) return;
  settled_ = true;
  give_back(true);
}

// reset: a right secret, the consecutive failures start again; otherwise
// only this attempt is taken back. The organization's hour gets it back
// either way (if the hour is still the same).
void ThrottleAttempt::give_back(bool reset) {
  try {
    (void)storage_->transaction([&]() -> Result<void> {
      for (const std::string* scope : {&source_scope_, &account_scope_}) {
        if (scope->empty()) continue;
        ONB_TRY(storage_->update_throttle(org_id_, *scope, [&](ThrottleCounter& c) {
          if (c.failures == 0 && !c.locked_until) return false;
          c.failures = reset ? 0 : std::max<std::int64_t>(0, c.failures - 1);
          c.locked_until = own_lock(c, max_failures_, lockout_);
          return true;
        }));
      }
      ONB_TRY(storage_->update_throttle(org_id_, org_scope_, [&](ThrottleCounter& c) {
        if (c.window_start != org_window_ || c.failures == 0) return false;
        c.failures -= 1;
        return true;
      }));
      if (!hour_scope_.empty())  // only this attempt, right or not: earlier failures stay
        ONB_TRY(storage_->update_throttle(org_id_, hour_scope_, [&](ThrottleCounter& c) {
          if (c.window_start != hour_window_ || c.failures == 0) return false;
          c.failures -= 1;
          return true;
        }));
      return success();
    });
  } catch (...) {
    // Nothing to do: the attempt stays counted as a failure.
  }
}

}  // namespace v1
}  // namespace onboard
