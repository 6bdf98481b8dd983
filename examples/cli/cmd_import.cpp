// onboard import FILE: preview or import users from a CSV or XLSX file.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>

#include <sodium.h>
#include "cli.hpp"
#include "import_preview.hpp"

#include "onboard/core/secret_file.hpp"
#include "onboard/import/spreadsheet_safe.hpp"
#include "onboard/importer.hpp"

namespace onboard::cli {
namespace {

// The file mapped read-only: nothing is read until the import looks at it,
// so a file over --max-bytes costs nothing, and a big one is not copied.
class MappedFile {
 public:
  explicit MappedFile(const std::string& path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) return;
    struct stat st {};
    if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) return;
    size_ = static_cast<std::size_t>(st.st_size);
    ok_ = true;
    if (size_ == 0) return;
    // Populated up front: the importer reads every byte at once anyway, and
    // one call maps the pages far faster than a fault per few pages.
    void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd_, 0);
    if (p == MAP_FAILED) {
      ok_ = false;
      return;
    }
    data_ = static_cast<const char*>(p);
  }
  ~MappedFile() {
    if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);
    if (fd_ >= 0) ::close(fd_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  bool ok() const { return ok_; }
  std::string_view bytes() const {
    return data_ == nullptr ? std::string_view{} : std::string_view(data_, size_);
  }

 private:
  int fd_ = -1;
  const char* data_ = nullptr;
  std::size_t size_ = 0;
  bool ok_ = false;
};

template <class T>
T parsed_or_usage(Result<T> r) {
  if (!r) throw UsageError{r.error().message};
  return std::move(r).value();
}

// Refuses, before any work, an output path that is taken (a file, a link,
// even a dangling one) unless --force: the import must not commit and then
// find it cannot write what it made.
Result<void> check_output_free(const std::optional<std::string>& path, bool force) {
  if (!path || force) return success();
  struct stat st {};
  if (::lstat(path->c_str(), &st) == 0)
    return Error{Errc::already_exists,
                 "The file " + *path + " already exists; choose another name or ask to replace it (--force).",
                 "file.exists"};
  return success();
}

// Says how long the sealed copy waits, for the sentences below.
std::string kept_for(const Organization& org) {
  const auto days = std::chrono::duration_cast<std::chrono::hours>(org.settings.credentials_ttl).count() / 24;
  if (days >= 1) return std::to_string(days) + (days == 1 ? " day" : " days");
  return std::to_string(
             std::chrono::duration_cast<std::chrono::hours>(org.settings.credentials_ttl).count()) +
         " hours";
}

// A one-line progress bar, redrawn at most ten times a second.
ImportProgressCallback progress_bar() {
  if (::isatty(STDERR_FILENO) == 0) return {};
  auto last = std::make_shared<std::chrono::steady_clock::time_point>();
  return [last](const ImportProgress& p) {
    const auto now = std::chrono::steady_clock::now();
    if (now - *last < std::chrono::milliseconds(100) && p.bytes_done < p.bytes_total) return true;
    *last = now;
    const int percent = p.bytes_total == 0 ? 100 : static_cast<int>(100.0 * p.bytes_done / p.bytes_total);
    const int filled = percent / 5;
    std::cerr << "\r" << p.stage << " [" << std::string(filled, '#') << std::string(20 - filled, ' ') << "] "
              << percent << "%  " << p.rows_done << " rows\033[K" << std::flush;
    return true;
  };
}

void print_human(const ImportReport& r, bool dry_run, bool credentials_saved) {
  print_import_report(r, dry_run, colour_wanted(STDOUT_FILENO));
  if (dry_run) {
    std::cout << "Dry run: would create " << r.created << ", update " << r.updated << ", skip " << r.skipped;
    if (r.suspended > 0) std::cout << ", suspend " << r.suspended;
    std::cout << "; " << plural(r.error_rows, "row has", "rows have") << " errors.\n";
  } else if (r.committed) {
    std::cout << "Imported: " << r.created << " created, " << r.updated << " updated, " << r.skipped
              << " skipped";
    if (r.suspended > 0) std::cout << ", " << r.suspended << " suspended (not in the file)";
    if (r.error_rows > 0) std::cout << ", " << plural(r.error_rows, "row", "rows") << " with errors left out";
    std::cout << ".\n";
  } else {
    std::cout << "Nothing was imported: fix the problems above and try again (or use --mode valid-rows).\n";
  }
  if (!credentials_saved && !r.credentials.empty()) {
    std::cout << "Credentials (shown once):\n";
    for (std::size_t i = 0; i < r.credentials.size(); ++i) {
      const Credential c = r.credentials[i];
      std::cout << "  row " << c.row << "  " << (c.email.empty() ? c.display_name : c.email) << "  "
                << (c.password.empty() ? c.activation_key : c.password) << "\n";
    }
  }
}

}  // namespace

int cmd_import_credentials(const Args& a, const Globals& g);

int cmd_import(const Args& a, const Globals& g) {
  if (a.positionals().size() == 2 && a.positionals()[0] == "credentials") return cmd_import_credentials(a, g);
  a.allow({"dry-run", "mode", "existing", "role", "passwords", "activation", "notify", "mail-passwords",
           "map", "unknown-columns", "missing", "credentials-out", "annotated-out", "max-rows", "max-bytes",
           "force", "allow-weak-hashes"});
  const std::string path = a.positional(0, "FILE");
  ImportOptions options;
  if (auto v = a.option("mode")) options.mode = parsed_or_usage(parse_commit_mode(*v));
  if (auto v = a.option("existing")) options.existing = parsed_or_usage(parse_existing_users(*v));
  if (auto v = a.option("passwords")) options.passwords = parsed_or_usage(parse_password_source(*v));
  if (auto v = a.option("activation")) options.activation = parsed_or_usage(parse_activation(*v));
  if (auto v = a.option("unknown-columns"))
    options.unknown_columns = parsed_or_usage(parse_unknown_columns(*v));
  if (auto v = a.option("missing")) options.missing = parsed_or_usage(parse_missing_members(*v));
  if (auto v = a.option("map")) options.column_overrides = parsed_or_usage(parse_column_overrides(*v));
  if (auto v = a.option("max-rows"))
    options.max_rows = static_cast<std::uint64_t>(parse_number(*v, "max-rows"));
  if (auto v = a.option("max-bytes"))
    options.max_bytes = static_cast<std::uint64_t>(parse_number(*v, "max-bytes"));
  options.role = a.option_or("role", "");
  options.notify = a.flag("notify");
  options.mail_passwords = a.flag("mail-passwords");
  options.allow_weak_hashes = a.flag("allow-weak-hashes");
  if (options.mail_passwords && !options.notify) throw UsageError{"--mail-passwords needs --notify"};
  const bool dry_run = a.flag("dry-run");
  const auto credentials_out = a.option("credentials-out");
  const auto annotated_out = a.option("annotated-out");
  const bool force = a.flag("force");
  for (const auto& out : {credentials_out, annotated_out})
    if (auto free = check_output_free(out, force); !free) return fail(free.error(), g);

  MappedFile file(path);
  if (!file.ok())
    return fail(Error{Errc::not_found, "The file " + path + " cannot be read.", "file.unreadable"}, g);
  auto s = open_session(g);
  if (!s) return fail(s.error(), g);
  const auto name = std::filesystem::path(path).filename().string();
  Importer importer(*s->directory);
  auto progress = progress_bar();
  auto report = dry_run ? importer.preview(s->as_actor(), file.bytes(), name, options, progress)
                        : importer.run(s->as_actor(), file.bytes(), name, options, progress);
  if (progress) std::cerr << "\r\033[K" << std::flush;
  if (!report) return fail(report.error(), g);

  // The credentials go to a private file (0600, never through a link, never
  // over a file unless --force), and only once it is on disk is the sealed
  // copy the import stored with the accounts wiped. Any failure before that
  // leaves the sealed copy for `onboard import credentials`.
  const bool has_credentials = report->committed && !report->credentials.empty();
  const std::string later = "The accounts were created and their credentials are kept sealed for " +
                            kept_for(s->org) + ": get them with `onboard import credentials " +
                            report->job_id + " -o FILE`.";
  if (credentials_out && has_credentials) {
    std::string csv = credentials_csv(*report);
    auto written = write_secret_file(*credentials_out, csv, force);
    sodium_memzero(csv.data(), csv.size());
    if (!written) {
      Error e = written.error();
      e.message += " " + later;
      return fail(e, g);
    }
  }
  if (annotated_out) {
    auto annotated = annotated_csv(file.bytes(), name, *report);
    if (!annotated) return fail(annotated.error(), g);
    // It holds people's data: as private as the credentials.
    if (auto written = write_secret_file(*annotated_out, *annotated, force); !written) {
      Error e = written.error();
      if (has_credentials && !credentials_out) e.message += " " + later;
      return fail(e, g);
    }
  }
  const bool saved = credentials_out.has_value();
  if (g.json) {
    auto json = to_json(*report);
    if (!saved && !report->credentials.empty()) {
      boost::json::array creds;
      for (std::size_t i = 0; i < report->credentials.size(); ++i) {
        const Credential c = report->credentials[i];
        creds.push_back(boost::json::object{{"row", c.row},
                                            {"email", c.email},
                                            {"username", c.username},
                                            {"name", c.display_name},
                                            {"password", c.password},
                                            {"activation_key", c.activation_key}});
      }
      json["credentials"] = std::move(creds);
    }
    print_json(json);
  } else {
    print_human(*report, dry_run, saved);
  }
  if (has_credentials) {
    // Written to the file or shown: the sealed copy has done its job.
    std::cout.flush();
    if (!std::cout) {
      std::cerr << "onboard: " << later << "\n";
      return exit_storage;
    }
    if (auto discarded = importer.discard_credentials(s->as_actor(), report->job_id); !discarded)
      std::cerr << "onboard: warning: the sealed copy of the credentials could not be wiped ("
                << discarded.error().message << "); it expires after " << kept_for(s->org) << ".\n";
  }
  const bool clean = report->errors.empty() && (dry_run || report->committed);
  return clean ? exit_ok : exit_refused;
}

// onboard import credentials JOB_ID -o FILE: the sealed credentials of an
// import whose file was never written, handed out once.
int cmd_import_credentials(const Args& a, const Globals& g) {
  a.allow({"output", "force"});
  const std::string job_id = a.positional(1, "JOB_ID");
  const std::string out = a.required("output");
  const bool force = a.flag("force");
  if (auto free = check_output_free(std::optional<std::string>(out), force); !free)
    return fail(free.error(), g);
  auto s = open_session(g);
  if (!s) return fail(s.error(), g);
  std::size_t count = 0;
  // The file is written inside the take: if writing fails, the sealed copy stays.
  auto taken = Importer(*s->directory)
                   .take_credentials(s->as_actor(), job_id, [&](const CredentialList& list) -> Result<void> {
                     std::string csv = credentials_csv(list);
                     auto written = write_secret_file(out, csv, force);
                     sodium_memzero(csv.data(), csv.size());
                     count = list.size();
                     return written;
                   });
  if (!taken) return fail(taken.error(), g);
  if (g.json)
    print_json(boost::json::object{{"job_id", job_id}, {"credentials", count}, {"file", out}});
  else
    std::cout << "Wrote the credentials of " << count << (count == 1 ? " person" : " people") << " to " << out
              << "; they are not kept anywhere else now.\n";
  return exit_ok;
}

namespace {
const CommandRegistration cmd_import_registration{
    "import", cmd_import,
    R"(  import FILE [--dry-run] [--mode all-or-nothing|valid-rows] [--existing error|skip|update]
         [--role R] [--passwords auto|generate|file|hash|none] [--activation email|key] [--notify]
         [--allow-weak-hashes]  (accept Password Hash cells of weak schemes: {SSHA}, $1$, sha1$…)
         [--mail-passwords]  (with --notify: mail generated passwords, not set-password links)
         [--map "Header=field,..."] [--unknown-columns attribute|error]
         [--missing keep|suspend]  (with --existing update: suspend members not in the file)
         [--credentials-out FILE] [--annotated-out FILE] [--force] [--max-rows N] [--max-bytes N]
  import credentials JOB_ID -o FILE [--force]
         (the credentials of an import whose file was never written; once, within the
          organization's credentials_ttl, 7 days by default)
)",
    70};
}  // namespace

}  // namespace onboard::cli
