// Bulk import: preview and run over Importer, the report handle and its
// accessors, the credentials (given out once), the annotated file and the
// templates.
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string>
#include <vector>

#include "capi_internal.hpp"
#include "onboard/import/spreadsheet_safe.hpp"
#include "onboard/import/templates.hpp"
#include "onboard/importer.hpp"

using namespace onboard;
using namespace onboard::capi;

struct onb_import_report {
  ImportReport report;
  std::size_t credential_count = 0;  // kept after the credentials are taken
  bool credentials_taken = false;
  ~onb_import_report();
};

// Credentials not taken are dropped with the handle; CredentialList::clear
// wipes their text.
onb_import_report::~onb_import_report() { report.credentials.clear(); }

namespace {

// The C options as ImportOptions; a refusal names the field and its values.
Result<ImportOptions> import_options(const onb_import_options& o) {
  ImportOptions options;
  // Each field NULL keeps the default, or is parsed with the CLI's spellings.
  const auto parse = [](const char* given, auto& field, auto parser) -> Result<void> {
    if (given == nullptr) return success();
    auto parsed = parser(given);
    if (!parsed) return std::move(parsed).error();
    field = std::move(parsed).value();
    return success();
  };
  ONB_TRY(parse(o.mode, options.mode, parse_commit_mode));
  ONB_TRY(parse(o.existing, options.existing, parse_existing_users));
  ONB_TRY(parse(o.passwords, options.passwords, parse_password_source));
  ONB_TRY(parse(o.activation, options.activation, parse_activation));
  ONB_TRY(parse(o.unknown_columns, options.unknown_columns, parse_unknown_columns));
  ONB_TRY(parse(o.column_map, options.column_overrides, parse_column_overrides));
  options.role = text(o.role);
  options.notify = o.notify != 0;
  options.mail_passwords = o.notify == ONB_NOTIFY_PASSWORDS;
  if (o.max_rows != 0) options.max_rows = o.max_rows;
  if (o.max_bytes != 0) options.max_bytes = o.max_bytes;
  // Read only from a version 2 struct: a version 1 one ends before it.
  if (o.version >= 2) options.threads = o.threads;
  if (o.version >= 3) ONB_TRY(parse(o.missing, options.missing, parse_missing_members));
  if (o.version >= 4) options.allow_weak_hashes = o.allow_weak_hashes != 0;
  return options;
}

// The host's callback behind Importer's. `done`/`total` are bytes; a run reads
// the file twice (checking, then writing), so its scale is twice the size.
// Nothing the callback does may unwind through the import: an exception
// (from a C++ host) cancels it and is reported.
struct HostProgress {
  onb_progress_fn fn = nullptr;
  void* user_data = nullptr;
  bool two_passes = false;
  bool threw = false;

  ImportProgressCallback callback() {
    if (fn == nullptr) return {};
    return [this](const ImportProgress& p) noexcept {
      const std::uint64_t total = two_passes ? 2 * p.bytes_total : p.bytes_total;
      const std::uint64_t done =
          two_passes && p.stage == "writing" ? p.bytes_total + p.bytes_done : p.bytes_done;
      try {
        return fn(user_data, std::min(done, total), total) == 0;
      } catch (...) {
        threw = true;
        return false;
      }
    };
  }
};

// A report with problems that kept it from being (or, in a preview, from
// being able to be) written: ONB_INVALID_INPUT carrying the first problem.
onb_status report_problems(const ImportReport& report) noexcept {
  try {
    const RowIssue& first = report.errors.front();
    Error error(Errc::invalid_input, first.message, first.code);
    const std::size_t more = report.errors.size() - 1;
    if (more > 0)
      error.message += " " + std::to_string(more) + (more == 1 ? " more problem is" : " more problems are") +
                       " listed in the report.";
    if (first.row > 0) error.row = first.row;
    if (!first.column.empty()) error.column = first.column;
    return fail(error);
  } catch (...) {
    return fail(ONB_INVALID_INPUT, "The file has problems; they are listed in the report.");
  }
}

onb_status import(const char* function, onb_import_report** out, onb_directory* dir, const char* org_id,
                  const char* actor_id, const char* bytes, size_t size, const char* file_name,
                  const onb_import_options* opts, onb_progress_fn progress, void* user_data, bool commit) {
  return guard(function, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    ONB_C_REQUIRE(actor_id);
    if (bytes == nullptr && size != 0) return null_argument("bytes");
    const onb_import_options defaults ONB_IMPORT_OPTIONS_INIT;
    const onb_import_options& o = opts ? *opts : defaults;
    if (o.version < 1 || o.version > ONB_IMPORT_OPTIONS_VERSION)
      return bad_version("import options", o.version, ONB_IMPORT_OPTIONS_VERSION);
    auto options = import_options(o);
    if (!options) return fail(options.error());
    HostProgress host{progress, user_data, commit};
    const std::string_view data = size == 0 ? std::string_view("") : std::string_view(bytes, size);
    Importer importer(*dir->directory);
    const Actor actor{org_id, actor_id};
    auto report = commit ? importer.run(actor, data, text(file_name), *options, host.callback())
                         : importer.preview(actor, data, text(file_name), *options, host.callback());
    if (host.threw)
      return fail(ONB_CANCELLED, std::string(function) +
                                     "'s progress callback threw an exception; the import was cancelled and "
                                     "nothing was written.");
    if (!report) return fail(report.error());
    const std::size_t credentials = report->credentials.size();
    auto* handle =
        make_handle<onb_import_report>(kImportReport, std::move(report).value(), credentials, false);
    *out = handle;
    const bool blocked = commit ? !handle->report.committed : true;
    if (blocked && !handle->report.errors.empty()) return report_problems(handle->report);
    return ONB_OK;
  });
}

// The i-th problem, or NULL with ONB_MISUSE when there is no such one.
const RowIssue* issue(const char* function, const onb_import_report* report, size_t index) noexcept {
  FunctionScope scope(function);
  if (report == nullptr) {
    null_argument("report");
    return nullptr;
  }
  if (index >= report->report.errors.size()) {
    fail(ONB_MISUSE, std::string_view("The index is past the report's last problem."));
    return nullptr;
  }
  return &report->report.errors[index];
}

void set_size(size_t* size_out, std::size_t size) {
  if (size_out != nullptr) *size_out = size;
}

}  // namespace

extern "C" {

ONB_API onb_status onb_import_options_init(onb_import_options* opts, uint32_t version) {
  return guard(__func__, [&] {
    ONB_C_REQUIRE(opts);
    if (version < 1 || version > ONB_IMPORT_OPTIONS_VERSION)
      return bad_version("import options", version, ONB_IMPORT_OPTIONS_VERSION);
    // An older struct ends where the next version's fields begin: nothing past it is written.
    const onb_import_options defaults ONB_IMPORT_OPTIONS_INIT;
    std::memcpy(opts, &defaults,
                version == 1   ? offsetof(onb_import_options, threads)
                : version == 2 ? offsetof(onb_import_options, missing)
                : version == 3 ? offsetof(onb_import_options, allow_weak_hashes)
                               : sizeof defaults);
    opts->version = version;
    return ONB_OK;
  });
}

ONB_API onb_status onb_import_preview(onb_import_report** out, onb_directory* dir, const char* org_id,
                                      const char* actor_id, const char* bytes, size_t size,
                                      const char* file_name, const onb_import_options* opts,
                                      onb_progress_fn progress, void* user_data) {
  return import(__func__, out, dir, org_id, actor_id, bytes, size, file_name, opts, progress, user_data,
                false);
}

ONB_API onb_status onb_import_run(onb_import_report** out, onb_directory* dir, const char* org_id,
                                  const char* actor_id, const char* bytes, size_t size, const char* file_name,
                                  const onb_import_options* opts, onb_progress_fn progress, void* user_data) {
  return import(__func__, out, dir, org_id, actor_id, bytes, size, file_name, opts, progress, user_data,
                true);
}

ONB_API void onb_import_report_free(onb_import_report* report) {
  free_handle(__func__, report, kImportReport);
}

ONB_API int64_t onb_import_report_rows(const onb_import_report* report) {
  return read_field(__func__, report, [](const onb_import_report& h) -> int64_t { return h.report.rows; });
}

ONB_API int64_t onb_import_report_valid(const onb_import_report* report) {
  return read_field(__func__, report, [](const onb_import_report& h) -> int64_t { return h.report.valid; });
}

ONB_API int onb_import_report_committed(const onb_import_report* report) {
  return read_field(__func__, report, [](const onb_import_report& h) { return h.report.committed ? 1 : 0; });
}

ONB_API int64_t onb_import_report_created(const onb_import_report* report) {
  return read_field(__func__, report, [](const onb_import_report& h) -> int64_t { return h.report.created; });
}

ONB_API int64_t onb_import_report_updated(const onb_import_report* report) {
  return read_field(__func__, report, [](const onb_import_report& h) -> int64_t { return h.report.updated; });
}

ONB_API int64_t onb_import_report_skipped(const onb_import_report* report) {
  return read_field(__func__, report, [](const onb_import_report& h) -> int64_t { return h.report.skipped; });
}

ONB_API int64_t onb_import_report_suspended(const onb_import_report* report) {
  return read_field(__func__, report,
                    [](const onb_import_report& h) -> int64_t { return h.report.suspended; });
}

ONB_API size_t onb_import_report_error_count(const onb_import_report* report) {
  return read_field(__func__, report,
                    [](const onb_import_report& h) -> size_t { return h.report.errors.size(); });
}

ONB_API int64_t onb_import_report_error_row(const onb_import_report* report, size_t index) {
  const RowIssue* e = issue(__func__, report, index);
  return e ? e->row : 0;
}

ONB_API const char* onb_import_report_error_column(const onb_import_report* report, size_t index) {
  const RowIssue* e = issue(__func__, report, index);
  return e ? e->column.c_str() : nullptr;
}

ONB_API const char* onb_import_report_error_code(const onb_import_report* report, size_t index) {
  const RowIssue* e = issue(__func__, report, index);
  return e ? e->code.c_str() : nullptr;
}

ONB_API const char* onb_import_report_error_message(const onb_import_report* report, size_t index) {
  const RowIssue* e = issue(__func__, report, index);
  return e ? e->message.c_str() : nullptr;
}

ONB_API size_t onb_import_report_warning_count(const onb_import_report* report) {
  return read_field(__func__, report,
                    [](const onb_import_report& h) -> size_t { return h.report.warnings.size(); });
}

ONB_API const char* onb_import_report_warning(const onb_import_report* report, size_t index) {
  FunctionScope scope(__func__);
  if (report == nullptr) {
    null_argument("report");
    return nullptr;
  }
  if (index >= report->report.warnings.size()) {
    fail(ONB_MISUSE, std::string_view("The index is past the report's last warning."));
    return nullptr;
  }
  return report->report.warnings[index].c_str();
}

ONB_API size_t onb_import_report_credential_count(const onb_import_report* report) {
  return read_field(__func__, report, [](const onb_import_report& h) { return h.credential_count; });
}

ONB_API const char* onb_import_report_job_id(const onb_import_report* report) {
  FunctionScope scope(__func__);
  if (report == nullptr) {
    null_argument("report");
    return nullptr;
  }
  return report->report.job_id.c_str();
}

ONB_API onb_status onb_import_report_json(char** out, const onb_import_report* report) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE(report);
    auto json = to_json(report->report);
    json["credentials"] = report->credential_count;  // still the number made, after they were taken
    *out = copy_json(json);
    return ONB_OK;
  });
}

ONB_API onb_status onb_import_report_credentials_csv(char** out, size_t* size_out,
                                                     onb_import_report* report) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    set_size(size_out, 0);
    ONB_C_REQUIRE(report);
    if (!is_live(report, kImportReport)) return dead_handle(kImportReport);
    if (report->credentials_taken)
      return fail(ONB_ALREADY_USED,
                  "The credentials of this import were already taken; they are given out only once.");
    if (report->credential_count == 0)
      return fail(ONB_NOT_FOUND, "This import made no passwords or activation keys.");
    std::string csv = credentials_csv(report->report);
    try {
      *out = copy_string(csv);
    } catch (...) {
      wipe(csv);
      throw;
    }
    set_size(size_out, csv.size());
    wipe(csv);
    report->report.credentials.clear();
    report->credentials_taken = true;
    return ONB_OK;
  });
}

ONB_API onb_status onb_import_annotated_csv(char** out, size_t* size_out, const onb_import_report* report,
                                            const char* bytes, size_t size, const char* file_name) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    set_size(size_out, 0);
    ONB_C_REQUIRE(report);
    if (bytes == nullptr && size != 0) return null_argument("bytes");
    const std::string_view data = size == 0 ? std::string_view("") : std::string_view(bytes, size);
    auto annotated = annotated_csv(data, text(file_name), report->report);
    if (!annotated) return fail(annotated.error());
    *out = copy_string(*annotated);
    set_size(size_out, annotated->size());
    return ONB_OK;
  });
}

ONB_API onb_status onb_import_template(char** out, size_t* size_out, onb_directory* dir, const char* org_id,
                                       const char* format) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    set_size(size_out, 0);
    ONB_C_REQUIRE_DIRECTORY(dir);
    ONB_C_REQUIRE(org_id);
    const std::string_view kind = text(format);
    if (!kind.empty() && kind != "csv" && kind != "xlsx")
      return fail(ONB_INVALID_INPUT,
                  "\"" + std::string(kind.substr(0, 40)) + "\" is not a template format; use csv or xlsx.");
    auto org = dir->directory->organization(org_id);
    if (!org) return fail(org.error());
    std::string bytes;
    if (kind == "xlsx") {
      auto xlsx = template_xlsx(*org);
      if (!xlsx) return fail(xlsx.error());
      bytes = std::move(*xlsx);
    } else {
      bytes = template_csv(*org);
    }
    *out = copy_string(bytes);
    set_size(size_out, bytes.size());
    return ONB_OK;
  });
}

}  // extern "C"
