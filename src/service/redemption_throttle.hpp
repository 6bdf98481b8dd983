// Throttling of guessed secrets (digit keys, passwords), kept in storage so
// a restart does not reset it. Three kinds of counter, one row each:
//
// - per source (the host's IP address or device id, stored only as a keyed
//   hash): its consecutive failures;
// - per account, for sign-in (the email's key, keyed-hashed the same way,
//   whether or not the email has an account, so a lock reveals nothing);
// - per organization: failures in the current hour, from every source.
//
// An attempt is counted as a failure *before* its secret is checked, in
// the same atomic step as the check of the budgets (Storage::
// update_throttle), so concurrent guesses cannot overrun a budget; a right
// secret then gives the attempt back.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "onboard/core/clock.hpp"
#include "onboard/core/error.hpp"
#include "onboard/model/organization.hpp"
#include "onboard/secrets/keyring.hpp"
#include "onboard/storage/storage.hpp"

namespace onboard {
inline namespace v1 {

// What is being guessed: the two have separate budgets.
enum class GuessKind { key, sign_in };

class AttemptThrottle;

// One counted attempt. Say how it ended: failed() (a wrong secret: it stays
// counted) or succeeded() (a right secret: the source's and the account's
// consecutive failures start again at zero). An attempt dropped without
// either — the secret was right but the request failed for another reason,
// or storage failed — is given back without clearing earlier failures.
class ThrottleAttempt {
 public:
  ThrottleAttempt(ThrottleAttempt&& other) noexcept;
  ThrottleAttempt& operator=(ThrottleAttempt&&) = delete;
  ThrottleAttempt(const ThrottleAttempt&) = delete;
  ThrottleAttempt& operator=(const ThrottleAttempt&) = delete;
  ~ThrottleAttempt();

  void failed() { settled_ = true; }
  // Call after the request's own transaction committed; a storage error
  // here is ignored (the person got in; one failure stays counted).
  void succeeded();

 private:
  friend class AttemptThrottle;
  ThrottleAttempt(Storage& storage, std::string org_id, std::string source_scope, std::string account_scope,
                  std::string org_scope, Timestamp org_window, int max_failures, std::chrono::seconds lockout,
                  std::string hour_scope, Timestamp hour_window)
      : storage_(&storage),
        org_id_(std::move(org_id)),
        source_scope_(std::move(source_scope)),
        account_scope_(std::move(account_scope)),
        org_scope_(std::move(org_scope)),
        org_window_(org_window),
        max_failures_(max_failures),
        lockout_(lockout),
        hour_scope_(std::move(hour_scope)),
        hour_window_(hour_window) {}
  void give_back(bool reset);

  Storage* storage_;
  std::string org_id_;
  std::string source_scope_;   // empty: not counted per source
  std::string account_scope_;  // empty: not counted per account
  std::string org_scope_;
  Timestamp org_window_;  // the organization's hour this attempt was counted in
  int max_failures_;
  std::chrono::seconds lockout_;
  std::string hour_scope_;  // the source's failures this hour; empty: not counted per source
  Timestamp hour_window_;   // that hour's start
  bool settled_ = false;
};

class AttemptThrottle {
 public:
  AttemptThrottle(Storage& storage, const Keyring& keyring, const Clock& clock, GuessKind kind)
      : storage_(storage), keyring_(keyring), clock_(clock), kind_(kind) {}

  // Checks the budgets and counts the attempt, as one atomic step. Refuses
  // (Errc::throttled, a sentence saying when to try again) while
  //  - the source has had per_source_max_failures consecutive failures: a
  //    lock of source_lockout, doubling with each failure after it (at most
  //    a day) — detail "throttle.source";
  //  - the source has had per_source_max_failures failures in the hour
  //    since its first, whatever succeeded between them — "throttle.source";
  //  - the account has (sign-in; the same figures) — "throttle.account";
  //  - the organization's failures this hour reached
  //    org_max_failures_per_hour and this source has failures of its own:
  //    it waits 1 s after its first, 2 s after its second, doubling up to
  //    source_lockout — "throttle.organization". A source without failures
  //    is never refused because of the organization.
  // `account` is the email key signed in to (sign-in only). For sign-in an
  // empty source is not counted per source (so callers that give none do
  // not share one lock); for keys it is one source, as before.
  Result<ThrottleAttempt> begin(const Organization& org, std::string_view source,
                                std::string_view account = {});

  // The storage scope of a source: "source:" and the hex of its keyed hash
  // for keys; "signin-source:…" for sign-in. The source is hashed in one
  // spelling (redemption_throttle.cpp, canonical_source): blanks, case, an
  // IPv4 :port, IPv6 brackets, zones and IPv4 mapping do not make a new
  // source, and an IPv6 address counts as its /64.
  std::string source_scope(std::string_view source) const;
  // "signin-account:" and the hex of the email key's keyed hash.
  std::string account_scope(std::string_view email_key) const;
  // "org" for keys, "signin-org" for sign-in.
  std::string_view org_scope() const;

 private:
  Storage& storage_;
  const Keyring& keyring_;
  const Clock& clock_;
  GuessKind kind_;
};

// Digit-key redemption's throttle.
class RedemptionThrottle : public AttemptThrottle {
 public:
  RedemptionThrottle(Storage& storage, const Keyring& keyring, const Clock& clock)
      : AttemptThrottle(storage, keyring, clock, GuessKind::key) {}
};

// "10:00:00 UTC on 2026-11-21": when to try again, as people read it.
std::string format_retry_time(Timestamp t);

}  // namespace v1
}  // namespace onboard
