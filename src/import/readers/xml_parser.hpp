// Expat, configured for untrusted workbook parts: no DTDs, no entity
// declarations, no external entities (so no billion laughs and no XXE), and
// element names without their namespace prefix.
#pragma once

#include <expat.h>

#include <optional>
#include <string>
#include <string_view>

#include "import/readers/zip_archive.hpp"
#include "onboard/core/error.hpp"

namespace onboard {
inline namespace v1 {
namespace readers {

class XmlParser;

// Receives the events of one XML part. Names are local ("c", not "x:c").
class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void on_start(std::string_view name, const XML_Char** attributes) = 0;
  virtual void on_end(std::string_view name) = 0;
  virtual void on_text(std::string_view text) = 0;

 protected:
  // Stops parsing with `error`; the parse call returns it.
  void fail(Error error);
  // Pauses parsing after this event; the parse call reports `suspended`.
  void suspend();

 private:
  friend class XmlParser;
  XmlParser* parser_ = nullptr;
};

// The value of attribute `local_name` (prefix ignored), or nullptr.
const char* find_attribute(const XML_Char** attributes, std::string_view local_name);

class XmlParser {
 public:
  enum class Status { done, suspended };

  XmlParser(XmlHandler& handler, std::string part_name);
  ~XmlParser();
  XmlParser(const XmlParser&) = delete;
  XmlParser& operator=(const XmlParser&) = delete;

  // Reads the archive's open entry into expat's own buffer and parses it,
  // until the handler suspends or the part ends.
  Result<Status> parse_from(ZipArchive& archive);
  // Continues after a suspension.
  Result<Status> resume(ZipArchive& archive);

  void fail(Error error);
  void suspend();

 private:
  Result<Status> check(XML_Status status, bool final_buffer);

  XML_Parser parser_;
  XmlHandler& handler_;
  std::string part_name_;
  std::optional<Error> error_;
  bool final_fed_ = false;
};

// Parses a whole part of the archive with `handler`. Errors: those of the
// archive, the handler's, and unsupported_format for malformed XML or a DTD.
Result<void> parse_part(ZipArchive& archive, std::string_view part_name, XmlHandler& handler);

}  // namespace readers
}  // namespace v1
}  // namespace onboard
