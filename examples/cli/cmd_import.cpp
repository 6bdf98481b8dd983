// onboard import FILE: preview or import users from a CSV or XLSX file.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli.hpp"
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

bool write_file(const std::string& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  return static_cast<bool>(out);
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
  std::cout << "Read " << r.file_name << ": " << (r.format.empty() ? "?" : r.format);
  if (!r.encoding.empty()) std::cout << ", " << r.encoding;
  if (!r.delimiter.empty())
    std::cout << ", delimiter \"" << (r.delimiter == "\t" ? "\\t" : r.delimiter) << "\"";
  std::cout << "; " << r.rows << " rows, " << r.valid << " valid.\n";
  for (const auto& w : r.warnings) std::cout << "Warning: " << w << "\n";
  for (const auto& e : r.errors) {
    if (e.row > 0)
      std::cout << "Row " << e.row;
    else
      std::cout << "File";
    if (!e.column.empty()) std::cout << ", " << e.column;
    std::cout << ": " << e.message << " (" << e.code << ")\n";
  }
  for (const auto& p : r.plan)
    for (const auto& c : p.changes)
      std::cout << "Row " << p.row << ": " << p.email << " " << c.field << ": \"" << c.before << "\" -> \""
                << c.after << "\"\n";
  if (dry_run) {
    std::cout << "Dry run: would create " << r.created << ", update " << r.updated << ", skip " << r.skipped
              << "; " << r.error_rows << " rows have errors.\n";
  } else if (r.committed) {
    std::cout << "Imported: " << r.created << " created, " << r.updated << " updated, " << r.skipped
              << " skipped";
    if (r.error_rows > 0) std::cout << ", " << r.error_rows << " rows with errors left out";
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

int cmd_import(const Args& a, const Globals& g) {
  a.allow({"dry-run", "mode", "existing", "role", "passwords", "activation", "notify", "map",
           "unknown-columns", "credentials-out", "annotated-out", "max-rows", "max-bytes"});
  const std::string path = a.positional(0, "FILE");
  ImportOptions options;
  if (auto v = a.option("mode")) options.mode = parsed_or_usage(parse_commit_mode(*v));
  if (auto v = a.option("existing")) options.existing = parsed_or_usage(parse_existing_users(*v));
  if (auto v = a.option("passwords")) options.passwords = parsed_or_usage(parse_password_source(*v));
  if (auto v = a.option("activation")) options.activation = parsed_or_usage(parse_activation(*v));
  if (auto v = a.option("unknown-columns"))
    options.unknown_columns = parsed_or_usage(parse_unknown_columns(*v));
  if (auto v = a.option("map")) options.column_overrides = parsed_or_usage(parse_column_overrides(*v));
  if (auto v = a.option("max-rows"))
    options.max_rows = static_cast<std::uint64_t>(parse_number(*v, "max-rows"));
  if (auto v = a.option("max-bytes"))
    options.max_bytes = static_cast<std::uint64_t>(parse_number(*v, "max-bytes"));
  options.role = a.option_or("role", "");
  options.notify = a.flag("notify");
  const bool dry_run = a.flag("dry-run");
  const auto credentials_out = a.option("credentials-out");
  const auto annotated_out = a.option("annotated-out");

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

  if (credentials_out && !report->credentials.empty()) {
    // Secrets: readable by the owner only.
    const mode_t old = ::umask(077);
    const bool written = write_file(*credentials_out, credentials_csv(*report));
    ::umask(old);
    if (!written)
      return fail(
          Error{Errc::storage, "The credentials could not be written to " + *credentials_out + ".", ""}, g);
  }
  if (annotated_out) {
    auto annotated = annotated_csv(file.bytes(), name, *report);
    if (!annotated) return fail(annotated.error(), g);
    if (!write_file(*annotated_out, *annotated))
      return fail(
          Error{Errc::storage, "The annotated file could not be written to " + *annotated_out + ".", ""}, g);
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
  const bool clean = report->errors.empty() && (dry_run || report->committed);
  return clean ? exit_ok : exit_refused;
}

namespace {
const CommandRegistration cmd_import_registration{
    "import", cmd_import,
    R"(  import FILE [--dry-run] [--mode all-or-nothing|valid-rows] [--existing error|skip|update]
         [--role R] [--passwords generate|file|none] [--activation email|key] [--notify]
         [--map "Header=field,..."] [--unknown-columns attribute|error]
         [--credentials-out FILE] [--annotated-out FILE] [--max-rows N] [--max-bytes N]
)",
    70};
}  // namespace

}  // namespace onboard::cli
