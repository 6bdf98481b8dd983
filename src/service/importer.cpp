// Importer's preview and run: the import engine (src/service/import) with its
// default settings.
#include "onboard/importer.hpp"

#include "service/import/import_tuning.hpp"

namespace onboard {
inline namespace v1 {

Result<ImportReport> Importer::preview(const Actor& actor, std::string_view bytes, std::string_view file_name,
                                       const ImportOptions& options, const ImportProgressCallback& progress) {
  return execute(actor, bytes, file_name, options, progress, false);
}

Result<ImportReport> Importer::run(const Actor& actor, std::string_view bytes, std::string_view file_name,
                                   const ImportOptions& options, const ImportProgressCallback& progress) {
  return execute(actor, bytes, file_name, options, progress, true);
}

Result<ImportReport> Importer::execute(const Actor& actor, std::string_view bytes, std::string_view file_name,
                                       const ImportOptions& options, const ImportProgressCallback& progress,
                                       bool commit) {
  return import_detail::execute_import(dir_, actor, bytes, file_name, options, progress, commit);
}

}  // namespace v1
}  // namespace onboard
