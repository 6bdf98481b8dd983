// Admin pages: import. Upload (drag and drop) -> preview with every problem
// in place -> commit in a host thread with a progress bar -> credentials
// once, and the annotated file to fix and upload again.
#include <sodium.h>

#include <atomic>
#include <thread>

#include "admin.hpp"
#include "onboard/import/spreadsheet_safe.hpp"
#include "onboard/import/templates.hpp"
#include "onboard/importer.hpp"

namespace onboard::web {

// One upload of this process. The file stays in memory until the job is
// forgotten (12 hours, or the server stops); the credentials never do: they
// stay sealed in the library until the one download takes them.
struct ImportJob {
  std::string id;       // random, 128 bits: also unguessable
  std::string user_id;  // who uploaded it: only they see it
  std::string file_name;
  std::string bytes;
  ImportOptions options;
  ImportReport preview;
  std::chrono::steady_clock::time_point created;

  std::mutex mutex;  // guards what follows
  enum class State { previewed, running, done, failed } state = State::previewed;
  // One bar for the library's two passes over the file: "checking" fills
  // its first half, "writing" its second, so it never moves back.
  std::uint64_t done = 0, total = 0;
  std::int64_t rows = 0;
  std::string stage;
  std::optional<ImportReport> result;  // without credentials
  std::optional<Error> error;
  std::thread worker;
};

struct App::ImportJobs {
  std::mutex mutex;
  std::map<std::string, std::shared_ptr<ImportJob>> jobs;
  ~ImportJobs() {
    for (auto& [id, job] : jobs)
      if (job->worker.joinable()) job->worker.join();
  }
};

namespace {

constexpr auto kJobLifetime = std::chrono::hours(12);

std::string random_id() {
  unsigned char raw[16];
  randombytes_buf(raw, sizeof raw);
  char hex[33];
  sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
  return hex;
}

std::shared_ptr<ImportJob> find_job(App& app, const std::string& id, const Visit& visit) {
  std::lock_guard lock(app.imports->mutex);
  const auto it = app.imports->jobs.find(id);
  // Another member's upload is "not found" too: its existence is not theirs to learn.
  if (it == app.imports->jobs.end() || it->second->user_id != visit.session.user_id) return nullptr;
  return it->second;
}

void job_not_found(httplib::Response& res) {
  send_error_page(res, 404, "Import not found",
                  "There is no import at this address for you: it was started by someone else, it is older "
                  "than 12 hours, or the server restarted since.",
                  "Upload the file again on the import page.", Nav::admin);
}

std::string import_form(const Visit& visit) {
  return "<form method=\"post\" action=\"/admin/import/preview\" enctype=\"multipart/form-data\" "
         "class=\"stack\">" +
         csrf_field(visit) +
         "<div class=\"dropzone\"><label for=\"f-file\">Spreadsheet (CSV, XLSX or ODS)</label>"
         "<p class=\"hint\" id=\"f-file-hint\">Drop the file here, or choose it.</p>"
         "<input id=\"f-file\" name=\"file\" type=\"file\" required aria-describedby=\"f-file-hint\" "
         "accept=\".csv,.txt,.xlsx,.ods,text/csv,application/"
         "vnd.openxmlformats-officedocument.spreadsheetml.sheet,"
         "application/vnd.oasis.opendocument.spreadsheet\">"
         "<p class=\"dropzone-file\" aria-live=\"polite\"></p></div>"
         "<fieldset><legend>People who are already members</legend>"
         "<div><input type=\"radio\" id=\"f-existing-add\" name=\"existing\" value=\"add\" checked> "
         "<label for=\"f-existing-add\">Only add new people (a row of an existing member is an "
         "error)</label></div>"
         "<div><input type=\"radio\" id=\"f-existing-update\" name=\"existing\" value=\"update\"> "
         "<label for=\"f-existing-update\">Add new people and update existing ones</label></div></fieldset>"
         "<button type=\"submit\">Preview</button></form>";
}

std::string summary(const ImportReport& r) {
  std::string out = "<dl class=\"facts\"><dt>File</dt><dd>" + html_escape(r.file_name) + " (" +
                    html_escape(r.format) + ")</dd><dt>Rows</dt><dd>" + std::to_string(r.rows) +
                    "</dd><dt>Without errors</dt><dd>" + std::to_string(r.valid) +
                    "</dd><dt>With errors</dt><dd>" + std::to_string(r.error_rows) + "</dd>";
  out += "<dt>" + std::string(r.committed ? "Created" : "To create") + "</dt><dd>" +
         std::to_string(r.created) + "</dd><dt>" + (r.committed ? "Updated" : "To update") + "</dt><dd>" +
         std::to_string(r.updated) + "</dd><dt>" + (r.committed ? "Skipped" : "To skip") + "</dt><dd>" +
         std::to_string(r.skipped) + "</dd></dl>";
  return out;
}

std::string errors_table(const ImportReport& r) {
  if (r.errors.empty()) return "<p>No problems found.</p>";
  std::string out =
      "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table (scrolls "
      "sideways)\"><table><caption>" +
      count_of(static_cast<std::int64_t>(r.errors.size()), "problem", "problems") +
      "</caption><thead><tr><th scope=\"col\">Row</th><th scope=\"col\">Column</th>"
      "<th scope=\"col\">Problem</th></tr></thead><tbody>";
  for (const auto& e : r.errors)
    out += "<tr class=\"bad\"><td>" + (e.row == 0 ? std::string("file") : std::to_string(e.row)) +
           "</td><td>" + html_escape(e.column) + "</td><td>" + html_escape(e.message) + "</td></tr>";
  return out + "</tbody></table></div>";
}

std::string plan_table(const ImportReport& r) {
  if (r.plan.empty()) return "";
  std::string out =
      "<h2>Plan</h2><div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table (scrolls "
      "sideways)\"><table><caption>What happens to each row</caption><thead><tr>"
      "<th scope=\"col\">Row</th><th scope=\"col\">Action</th><th scope=\"col\">Name</th>"
      "<th scope=\"col\">Email</th><th scope=\"col\">Role</th><th "
      "scope=\"col\">Details</th></tr></thead><tbody>";
  for (const auto& p : r.plan) {
    std::string details = p.reason;
    for (const auto& c : p.changes)
      details += (details.empty() ? "" : "; ") + c.field + ": " + c.before + " → " + c.after;
    out += std::string("<tr") + (p.action == RowAction::error ? " class=\"bad\"" : "") + "><td>" +
           std::to_string(p.row) + "</td><td>" + html_escape(to_string(p.action)) + "</td><td>" +
           html_escape(p.name) + "</td><td>" + html_escape(p.email) + "</td><td>" + html_escape(p.role) +
           "</td><td>" + html_escape(details) + "</td></tr>";
  }
  return out + "</tbody></table></div>";
}

std::string warnings_list(const ImportReport& r) {
  if (r.warnings.empty()) return "";
  std::string out = "<h2>Warnings</h2><ul>";
  for (const auto& w : r.warnings) out += "<li>" + html_escape(w) + "</li>";
  return out + "</ul>";
}

void show_job(httplib::Response& res, const Visit& visit, ImportJob& job) {
  std::unique_lock lock(job.mutex);
  const std::string base = "/admin/import/" + job.id;
  std::string body;
  if (job.state == ImportJob::State::running) {
    body = "<div data-progress-url=\"" + base + "/progress\" data-done-url=\"" + base +
           "\"><label for=\"import-progress\">Importing " + html_escape(job.file_name) +
           "</label><progress id=\"import-progress\" max=\"" +
           std::to_string(std::max<std::uint64_t>(job.total, 1)) + "\" value=\"" + std::to_string(job.done) +
           "\"></progress><p class=\"progress-text\" aria-live=\"polite\">Working…</p></div>"
           "<p><a href=\"" +
           base + "\">Reload this page</a> to see whether it finished.</p>";
    send_page(res, admin_page(visit, "Importing", body, "/admin/import"));
    return;
  }
  if (job.state == ImportJob::State::failed) {
    body = "<p class=\"error\" role=\"alert\">" +
           html_escape(job.error ? job.error->message : "The import failed.") +
           "</p><p>Nothing was written. <a href=\"/admin/import\">Upload a file again</a>.</p>";
    send_page(res, admin_page(visit, "The import failed", body, "/admin/import"), 200);
    return;
  }
  if (job.state == ImportJob::State::done && job.result) {
    const ImportReport& r = *job.result;
    if (r.committed) {
      body = "<p class=\"flash\" role=\"status\">Imported: " + std::to_string(r.created) + " created, " +
             std::to_string(r.updated) + " updated, " + std::to_string(r.skipped) + " skipped.</p>" +
             summary(r);
      body +=
          "<h2>Credentials</h2><p><strong>Download the credentials now: this is the only time.</strong> "
          "The file holds the new passwords and activation keys; once downloaded they are not kept "
          "anywhere, and a second download is refused.</p><p><a class=\"button\" href=\"" +
          base + "/credentials\">Download the credentials (CSV)</a></p>";
      if (r.error_rows > 0)
        body += "<p>" + count_of(r.error_rows, "row was", "rows were") + " left out. <a href=\"" + base +
                "/annotated.csv\">Download the annotated file</a>, fix the rows "
                "and upload it again.</p>";
      body += errors_table(r);
    } else {
      body =
          "<p class=\"error\" role=\"alert\">Nothing was imported: fix the problems below and upload the "
          "file "
          "again, or import only the valid rows.</p>" +
          summary(r) + errors_table(r) + "<p><a href=\"" + base +
          "/annotated.csv\">Download the annotated file</a></p>";
    }
    body += "<p><a href=\"/admin/import\">Import another file</a></p>";
    send_page(res, admin_page(visit, "Import finished", body, "/admin/import"));
    return;
  }
  const ImportReport& r = job.preview;
  body = summary(r);
  if (!r.errors.empty())
    body +=
        "<p class=\"error\" role=\"alert\">" + count_of(r.error_rows, "row has", "rows have") +
        " problems. Fix them in your file (the annotated file lists them in an extra column) and upload it "
        "again, or import only the valid rows.</p><p><a href=\"" +
        base + "/annotated.csv\">Download the annotated file</a></p>";
  body += "<h2>Problems</h2>" + errors_table(r) + warnings_list(r) + plan_table(r);
  body += "<h2>Commit</h2><form method=\"post\" action=\"" + base + "/commit\">" + csrf_field(visit) +
          "<fieldset><legend>Which rows</legend>"
          "<div><input type=\"radio\" id=\"f-mode-all\" name=\"mode\" value=\"all\"" +
          (r.errors.empty() ? " checked" : "") +
          "> <label for=\"f-mode-all\">All or nothing: import only if no row has a problem</label></div>"
          "<div><input type=\"radio\" id=\"f-mode-valid\" name=\"mode\" value=\"valid\"" +
          (r.errors.empty() ? "" : " checked") + "> <label for=\"f-mode-valid\">Only the valid rows (" +
          std::to_string(r.valid) +
          "), leaving the others out</label></div></fieldset><button type=\"submit\">Commit</button></form>";
  send_page(res, admin_page(visit, "Import preview", body, "/admin/import"));
}

}  // namespace

void add_import_routes(httplib::Server& server, App& app) {
  app.imports = std::make_shared<App::ImportJobs>();

  admin_get(server, app, "/admin/import", [](const httplib::Request&, httplib::Response& res, Visit& visit) {
    std::string body =
        "<p>Add many people at once from a spreadsheet. You will see every problem and what happens to each "
        "row before anything is written.</p>" +
        import_form(visit) +
        "<h2>Templates</h2><p>Start from a template with the columns onboard knows: "
        "<a href=\"/admin/import/template.xlsx\">Excel template (XLSX)</a> or "
        "<a href=\"/admin/import/template.csv\">CSV template</a>.</p>";
    send_page(res, admin_page(visit, "Import people", body, "/admin/import"));
  });
  admin_get(server, app, "/admin/import/template.csv",
            [&app](const httplib::Request&, httplib::Response& res, Visit&) {
              send_download(res, template_csv(app.organization()), "text/csv; charset=utf-8",
                            "onboard-import-template.csv");
            });
  admin_get(server, app, "/admin/import/template.xlsx",
            [&app](const httplib::Request&, httplib::Response& res, Visit&) {
              auto xlsx = template_xlsx(app.organization());
              if (!xlsx) return send_refusal(res, xlsx.error());
              send_download(res, *xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            "onboard-import-template.xlsx");
            });

  admin_post(
      server, app, "/admin/import/preview", RateClass::form,
      [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
        if (!req.has_file("file") || req.get_file_value("file").filename.empty()) {
          send_error_page(res, 400, "No file", "The form arrived without a file.",
                          "Choose a CSV, XLSX or ODS file and press Preview again.", Nav::admin);
          return;
        }
        const auto& upload = req.get_file_value("file");
        auto job = std::make_shared<ImportJob>();
        job->id = random_id();
        job->user_id = visit.session.user_id;
        job->file_name = upload.filename;
        job->bytes = upload.content;
        job->created = std::chrono::steady_clock::now();
        job->options.existing =
            field(req, "existing") == "update" ? ExistingUsers::update : ExistingUsers::error;
        job->options.max_rows = app.import_max_rows;
        auto report =
            Importer(app.directory).preview(visit.actor(app), job->bytes, job->file_name, job->options);
        if (!report) return send_refusal(res, report.error());
        job->preview = std::move(report).value();
        {
          std::lock_guard lock(app.imports->mutex);
          const auto now = std::chrono::steady_clock::now();
          for (auto it = app.imports->jobs.begin(); it != app.imports->jobs.end();) {
            std::unique_lock job_lock(it->second->mutex);
            const bool old =
                now - it->second->created > kJobLifetime && it->second->state != ImportJob::State::running;
            job_lock.unlock();
            if (old) {
              if (it->second->worker.joinable()) it->second->worker.join();
              it = app.imports->jobs.erase(it);
            } else {
              ++it;
            }
          }
          app.imports->jobs[job->id] = job;
        }
        redirect(res, "/admin/import/" + job->id);
      });

  admin_get(server, app, R"(/admin/import/([0-9a-f]{32}))",
            [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
              auto job = find_job(app, req.matches[1].str(), visit);
              if (!job) return job_not_found(res);
              show_job(res, visit, *job);
            });

  admin_post(server, app, R"(/admin/import/([0-9a-f]{32})/commit)", RateClass::form,
             [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
               auto job = find_job(app, req.matches[1].str(), visit);
               if (!job) return job_not_found(res);
               const std::string mode = field(req, "mode");
               if (mode != "all" && mode != "valid") {
                 send_error_page(res, 400, "Choose which rows",
                                 "The form did not say whether to import all rows or only the valid ones.",
                                 "Go back, pick one of the two choices and press Commit again.", Nav::admin);
                 return;
               }
               std::lock_guard lock(job->mutex);
               if (job->state != ImportJob::State::previewed) {
                 redirect(res, "/admin/import/" + job->id);  // committed already (a second click)
                 return;
               }
               job->options.mode = mode == "all" ? CommitMode::all_or_nothing : CommitMode::valid_rows;
               job->state = ImportJob::State::running;
               job->total = 2 * std::max<std::uint64_t>(job->bytes.size(), 1);
               const Actor actor = visit.actor(app);
               // The host's thread, not the library's: the request answers at once
               // and the page polls the progress.
               job->worker = std::thread([&app, job, actor] {
                 Importer importer(app.directory);
                 auto report = importer.run(
                     actor, job->bytes, job->file_name, job->options, [job](const ImportProgress& p) {
                       std::lock_guard progress_lock(job->mutex);
                       job->stage = std::string(p.stage);
                       job->rows = p.rows_done;
                       if (p.bytes_total > 0) {
                         const bool writing = p.stage == "writing";
                         job->total = 2 * p.bytes_total;
                         job->done = (writing ? p.bytes_total : 0) + std::min(p.bytes_done, p.bytes_total);
                       }
                       return true;
                     });
                 std::lock_guard done_lock(job->mutex);
                 if (!report) {
                   job->error = std::move(report).error();
                   job->state = ImportJob::State::failed;
                   return;
                 }
                 // The clear credentials leave memory now; the sealed copy waits
                 // for the one download (Importer::take_credentials).
                 report->credentials.clear();
                 job->result = std::move(report).value();
                 job->done = job->total;
                 job->state = ImportJob::State::done;
               });
               redirect(res, "/admin/import/" + job->id);
             });

  admin_get(server, app, R"(/admin/import/([0-9a-f]{32})/progress)",
            [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
              auto job = find_job(app, req.matches[1].str(), visit);
              if (!job) {
                res.status = 404;
                res.set_content("{\"state\":\"unknown\"}", "application/json");
                return;
              }
              std::lock_guard lock(job->mutex);
              const char* state = job->state == ImportJob::State::running  ? "running"
                                  : job->state == ImportJob::State::failed ? "failed"
                                  : job->state == ImportJob::State::done   ? "done"
                                                                           : "previewed";
              res.set_content("{\"done\":" + std::to_string(job->done) +
                                  ",\"total\":" + std::to_string(job->total) +
                                  ",\"rows\":" + std::to_string(job->rows) + ",\"state\":\"" + state +
                                  "\",\"stage\":\"" + html_escape(job->stage) + "\"}",
                              "application/json");
            });

  admin_get(
      server, app, R"(/admin/import/([0-9a-f]{32})/credentials)",
      [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
        auto job = find_job(app, req.matches[1].str(), visit);
        if (!job) return job_not_found(res);
        std::string job_id;
        {
          std::lock_guard lock(job->mutex);
          if (job->state != ImportJob::State::done || !job->result || !job->result->committed) {
            send_error_page(res, 404, "No credentials", "This import has not written anyone yet.",
                            "Commit the import first.", Nav::admin);
            return;
          }
          job_id = job->result->job_id;
        }
        std::string csv;
        auto taken = Importer(app.directory)
                         .take_credentials(visit.actor(app), job_id, [&](const CredentialList& list) {
                           csv = credentials_csv(list);
                           return success();
                         });
        if (!taken) {
          const Error& e = taken.error();
          if (e.code == Errc::already_used) {
            send_error_page(res, 410, "Already downloaded",
                            "The credentials of this import were downloaded before; they are handed out "
                            "only once and are not kept anywhere now.",
                            "If the file is lost, reset the passwords of these people (or resend their "
                            "keys) from the People page.",
                            Nav::admin);
            return;
          }
          if (e.code == Errc::not_found) {
            send_error_page(res, 404, "No credentials", "This import made no passwords or keys to hand out.",
                            "Nothing to download; the people can sign in as they were told.", Nav::admin);
            return;
          }
          return send_refusal(res, e);
        }
        send_download(res, csv, "text/csv; charset=utf-8", "onboard-credentials-" + job_id + ".csv");
        sodium_memzero(csv.data(), csv.size());  // the answer holds the only copy now
      });

  admin_get(server, app, R"(/admin/import/([0-9a-f]{32})/annotated\.csv)",
            [&app](const httplib::Request& req, httplib::Response& res, Visit& visit) {
              auto job = find_job(app, req.matches[1].str(), visit);
              if (!job) return job_not_found(res);
              std::lock_guard lock(job->mutex);
              const ImportReport& report = job->result ? *job->result : job->preview;
              auto csv = annotated_csv(job->bytes, job->file_name, report);
              if (!csv) return send_refusal(res, csv.error());
              std::string name = job->file_name;
              if (const auto dot = name.rfind('.'); dot != std::string::npos) name.resize(dot);
              std::string safe;
              for (const char c : name)
                safe += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '_';
              send_download(res, *csv, "text/csv; charset=utf-8", safe + "-annotated.csv");
            });
}

}  // namespace onboard::web
