// Bulk import of users from CSV and XLSX files: preview (no writes) and run
// (one transaction). The pipeline is bytes -> reader -> header mapping -> row
// validation -> plan (duplicates, existing users, pending invitations, seats)
// -> commit -> report. See docs/import.md.
#pragma once

#include <functional>
#include <string_view>

#include "onboard/core/error.hpp"
#include "onboard/directory.hpp"
#include "onboard/import/import_options.hpp"
#include "onboard/import/import_report.hpp"

namespace onboard {
inline namespace v1 {

class Importer {
 public:
  // Works on `directory`, which must outlive the Importer.
  explicit Importer(Directory& directory) : dir_(directory) {}

  // Reads and checks the whole file and plans every row without writing.
  // Problems in the file (bad rows, missing columns, limits, an unreadable
  // file) are in the report, all at once; the Result is an Error only for
  // permission_denied, invalid_input (options: an unknown --role),
  // cancelled and storage failures. `bytes` is only read during the call.
  Result<ImportReport> preview(const Actor& actor, std::string_view bytes, std::string_view file_name,
                               const ImportOptions& options, const ImportProgressCallback& progress = {});

  // preview, then, unless problems block it (any in all-or-nothing mode),
  // writes the users, their messages, an import job record, an audit event
  // and a sealed copy of the credentials (generated passwords, activation
  // keys) in one transaction. The report holds the credentials in clear;
  // the sealed copy stays until the host says it saved them
  // (discard_credentials), someone takes them (take_credentials) or they
  // expire (OrgSettings::credentials_ttl), so nothing after the commit can
  // lose them. Errors as preview; after any Error nothing was written.
  Result<ImportReport> run(const Actor& actor, std::string_view bytes, std::string_view file_name,
                           const ImportOptions& options, const ImportProgressCallback& progress = {});

  // The credentials of committed import `job_id` (ImportReport::job_id), in
  // row order, from the sealed copy, which is deleted in the same
  // transaction: they are handed out once. Allowed to the member who ran the
  // import, or one with import_users whose role ranks at least as high.
  // Records an audit event (no secret in it). Errors: already_used (handed
  // out before), expired (wiped unclaimed), not_found (no such import, or it
  // made none), permission_denied, storage.
  Result<CredentialList> take_credentials(const Actor& actor, std::string_view job_id);
  // The same, for a host that stores them (a file, a vault): `deliver` runs
  // inside the take's transaction and the sealed copy is deleted only if it
  // succeeds, so a failed write loses nothing (a crash after a successful
  // write may leave both the file and the sealed copy). The list is wiped
  // after `deliver` returns.
  using CredentialsDelivery = std::function<Result<void>(const CredentialList&)>;
  Result<void> take_credentials(const Actor& actor, std::string_view job_id,
                                const CredentialsDelivery& deliver);
  // Deletes the sealed copy without reading it, once the host has durably
  // saved the report's credentials. Same rules and errors as
  // take_credentials.
  Result<void> discard_credentials(const Actor& actor, std::string_view job_id);
  // Wipes the organization's sealed credentials that expired unclaimed and
  // returns how many parts it deleted. Imports and takes do this too; a host
  // may also run it on a schedule.
  Result<std::int64_t> purge_expired_credentials(std::string_view org_id);

 private:
  // take_credentials and discard_credentials: opens the parts when `open`.
  Result<void> take(const Actor& actor, std::string_view job_id, bool open,
                    const std::function<Result<void>(CredentialList&)>& deliver);
  Result<ImportReport> execute(const Actor& actor, std::string_view bytes, std::string_view file_name,
                               const ImportOptions& options, const ImportProgressCallback& progress,
                               bool commit);

  Directory& dir_;
};

}  // namespace v1
}  // namespace onboard
