#include "import/readers/xml_parser.hpp"

#include <cstring>
#include <new>

namespace onboard {
inline namespace v1 {
namespace readers {
namespace {

constexpr int kChunkBytes = 64 * 1024;

std::string_view local_name(const XML_Char* name) {
  std::string_view full(name);
  auto colon = full.rfind(':');
  return colon == std::string_view::npos ? full : full.substr(colon + 1);
}

Error dtd_refused(const std::string& part) {
  return Error(Errc::unsupported_format,
               "The workbook part " + part +
                   " declares a DTD or entities, which onboard refuses for safety; save the file again from "
                   "your spreadsheet program.",
               "file.xml_dtd");
}

}  // namespace

void XmlHandler::fail(Error error) { parser_->fail(std::move(error)); }
void XmlHandler::suspend() { parser_->suspend(); }

const char* find_attribute(const XML_Char** attributes, std::string_view name) {
  for (; attributes != nullptr && *attributes != nullptr; attributes += 2) {
    if (local_name(attributes[0]) == name) return attributes[1];
  }
  return nullptr;
}

XmlParser::XmlParser(XmlHandler& handler, std::string part_name)
    : parser_(XML_ParserCreate("UTF-8")), handler_(handler), part_name_(std::move(part_name)) {
  if (parser_ == nullptr) throw std::bad_alloc();
  handler_.parser_ = this;
  XML_SetUserData(parser_, this);
  XML_SetElementHandler(
      parser_,
      [](void* self, const XML_Char* name, const XML_Char** attributes) {
        auto* parser = static_cast<XmlParser*>(self);
        if (!parser->error_) parser->handler_.on_start(local_name(name), attributes);
      },
      [](void* self, const XML_Char* name) {
        auto* parser = static_cast<XmlParser*>(self);
        if (!parser->error_) parser->handler_.on_end(local_name(name));
      });
  XML_SetCharacterDataHandler(parser_, [](void* self, const XML_Char* text, int length) {
    auto* parser = static_cast<XmlParser*>(self);
    if (!parser->error_) parser->handler_.on_text(std::string_view(text, static_cast<std::size_t>(length)));
  });
  // Workbooks never need a DTD. Refusing any document type declaration and
  // any entity declaration rules out billion-laughs expansion and external
  // entities (XXE) before expat would act on them.
  XML_SetStartDoctypeDeclHandler(parser_,
                                 [](void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
                                   auto* parser = static_cast<XmlParser*>(self);
                                   parser->fail(dtd_refused(parser->part_name_));
                                 });
  XML_SetEntityDeclHandler(parser_, [](void* self, const XML_Char*, int, const XML_Char*, int,
                                       const XML_Char*, const XML_Char*, const XML_Char*, const XML_Char*) {
    auto* parser = static_cast<XmlParser*>(self);
    parser->fail(dtd_refused(parser->part_name_));
  });
  XML_SetExternalEntityRefHandler(
      parser_, [](XML_Parser, const XML_Char*, const XML_Char*, const XML_Char*, const XML_Char*) {
        return static_cast<int>(XML_STATUS_ERROR);
      });
  XML_SetParamEntityParsing(parser_, XML_PARAM_ENTITY_PARSING_NEVER);
}

XmlParser::~XmlParser() { XML_ParserFree(parser_); }

void XmlParser::fail(Error error) {
  if (error_) return;
  error_ = std::move(error);
  XML_StopParser(parser_, XML_FALSE);
}

void XmlParser::suspend() {
  if (!error_) XML_StopParser(parser_, XML_TRUE);
}

Result<XmlParser::Status> XmlParser::check(XML_Status status, bool final_buffer) {
  if (error_) return *error_;
  if (status == XML_STATUS_ERROR) {
    return Error(Errc::unsupported_format,
                 "The workbook part " + part_name_ + " is not well-formed XML (line " +
                     std::to_string(XML_GetCurrentLineNumber(parser_)) +
                     "): " + XML_ErrorString(XML_GetErrorCode(parser_)) + ".",
                 "file.xml_malformed");
  }
  if (status == XML_STATUS_SUSPENDED || !final_buffer) return Status::suspended;
  return Status::done;
}

Result<XmlParser::Status> XmlParser::parse_from(ZipArchive& archive) {
  while (!final_fed_) {
    void* buffer = XML_GetBuffer(parser_, kChunkBytes);
    if (buffer == nullptr) throw std::bad_alloc();
    ONB_ASSIGN(std::size_t count, archive.read(static_cast<char*>(buffer), kChunkBytes));
    final_fed_ = count == 0;
    XML_Status status = XML_ParseBuffer(parser_, static_cast<int>(count), final_fed_ ? XML_TRUE : XML_FALSE);
    if (status == XML_STATUS_OK && !final_fed_) {
      if (error_) return *error_;
      continue;
    }
    return check(status, final_fed_);
  }
  return Status::done;
}

Result<XmlParser::Status> XmlParser::resume(ZipArchive& archive) {
  XML_Status status = XML_ResumeParser(parser_);
  if (status == XML_STATUS_OK && !final_fed_) return parse_from(archive);
  return check(status, final_fed_);
}

Result<void> parse_part(ZipArchive& archive, std::string_view part_name, XmlHandler& handler) {
  ONB_TRY(archive.open_entry(part_name));
  XmlParser parser(handler, std::string(part_name));
  ONB_ASSIGN(XmlParser::Status status, parser.parse_from(archive));
  while (status == XmlParser::Status::suspended) {
    ONB_ASSIGN(status, parser.resume(archive));
  }
  return success();
}

}  // namespace readers
}  // namespace v1
}  // namespace onboard
