#include "import/readers/zip_archive.hpp"

#include <minizip/unzip.h>

#include <algorithm>
#include <cstring>

#include "import/readers/reader_messages.hpp"

namespace onboard {
inline namespace v1 {
namespace readers {
namespace {

// minizip reads through these callbacks; they serve the caller's buffer so
// nothing is ever written to disk.
struct MemoryFile {
  std::string_view bytes;
  std::uint64_t position = 0;
};

voidpf ZCALLBACK memory_open(voidpf opaque, const void* /*filename*/, int mode) {
  if ((mode & ZLIB_FILEFUNC_MODE_WRITE) != 0) return nullptr;
  return new MemoryFile{*static_cast<const std::string_view*>(opaque), 0};
}

uLong ZCALLBACK memory_read(voidpf /*opaque*/, voidpf stream, void* buffer, uLong size) {
  auto* file = static_cast<MemoryFile*>(stream);
  std::uint64_t available = file->bytes.size() - file->position;
  auto count = static_cast<uLong>(std::min<std::uint64_t>(size, available));
  std::memcpy(buffer, file->bytes.data() + file->position, count);
  file->position += count;
  return count;
}

uLong ZCALLBACK memory_write(voidpf, voidpf, const void*, uLong) { return 0; }

ZPOS64_T ZCALLBACK memory_tell(voidpf /*opaque*/, voidpf stream) {
  return static_cast<MemoryFile*>(stream)->position;
}

long ZCALLBACK memory_seek(voidpf /*opaque*/, voidpf stream, ZPOS64_T offset, int origin) {
  auto* file = static_cast<MemoryFile*>(stream);
  std::uint64_t base = 0;
  switch (origin) {
    case ZLIB_FILEFUNC_SEEK_SET: base = 0; break;
    case ZLIB_FILEFUNC_SEEK_CUR: base = file->position; break;
    case ZLIB_FILEFUNC_SEEK_END: base = file->bytes.size(); break;
    default: return -1;
  }
  if (offset > file->bytes.size() || base + offset > file->bytes.size()) return -1;
  file->position = base + offset;
  return 0;
}

int ZCALLBACK memory_close(voidpf /*opaque*/, voidpf stream) {
  delete static_cast<MemoryFile*>(stream);
  return 0;
}

int ZCALLBACK memory_error(voidpf, voidpf) { return 0; }

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// We never write entries to disk, but a name that climbs out of the archive
// only exists to attack tools that do; such a file is not an honest workbook.
bool is_unsafe_name(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.front() == '\\') return true;
  if (name.size() >= 2 && name[1] == ':') return true;  // C:...
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = name.find_first_of("/\\", start);
    if (end == std::string_view::npos) end = name.size();
    if (name.substr(start, end - start) == "..") return true;
    start = end + 1;
  }
  return false;
}

Error zip_bomb(std::string sentence) {
  return Error(Errc::limit_exceeded, std::move(sentence), "file.zip_bomb");
}

}  // namespace

Error damaged_workbook() {
  return Error(
      Errc::unsupported_format,
      "The workbook is damaged or incomplete; save it again from your spreadsheet program and retry.",
      "file.damaged");
}

Result<std::unique_ptr<ZipArchive>> ZipArchive::open(std::string_view bytes, const ReaderLimits& limits) {
  std::unique_ptr<ZipArchive> archive(new ZipArchive(bytes, limits));
  zlib_filefunc64_def functions{};
  functions.zopen64_file = memory_open;
  functions.zread_file = memory_read;
  functions.zwrite_file = memory_write;
  functions.ztell64_file = memory_tell;
  functions.zseek64_file = memory_seek;
  functions.zclose_file = memory_close;
  functions.zerror_file = memory_error;
  functions.opaque = &archive->bytes_;  // the archive does not move: it lives behind a unique_ptr
  archive->unz_ = unzOpen2_64("memory", &functions);
  if (archive->unz_ == nullptr) return damaged_workbook();
  ONB_TRY(archive->index_entries());
  return archive;
}

ZipArchive::~ZipArchive() {
  if (unz_ != nullptr) {
    close_entry();
    unzClose(unz_);
  }
}

Result<void> ZipArchive::index_entries() {
  unz_global_info64 global{};
  if (unzGetGlobalInfo64(unz_, &global) != UNZ_OK) return damaged_workbook();
  const std::string too_many = "The workbook holds more than " + std::to_string(limits_.max_zip_entries) +
                               " files, so it was refused as a possible zip bomb.";
  if (global.number_entry > limits_.max_zip_entries) return zip_bomb(too_many);
  int status = unzGoToFirstFile(unz_);
  std::uint64_t count = 0;
  while (status == UNZ_OK) {
    // The directory's own count may lie; count what is really there.
    if (++count > limits_.max_zip_entries) return zip_bomb(too_many);
    unz_file_info64 info{};
    char name[1024];
    if (unzGetCurrentFileInfo64(unz_, &info, name, sizeof name, nullptr, 0, nullptr, 0) != UNZ_OK) {
      return damaged_workbook();
    }
    if (info.size_filename >= sizeof name) return damaged_workbook();
    std::string_view entry_name(name, info.size_filename);
    if (is_unsafe_name(entry_name)) {
      return Error(
          Errc::unsupported_format,
          "The workbook contains a file whose name leads outside it (\"..\" or an absolute path), so "
          "it was refused.",
          "file.unsafe_entry_name");
    }
    if ((info.flag & 1U) != 0) {
      return Error(Errc::unsupported_format,
                   "This workbook is password-protected; save it without a password and try again.",
                   "file.encrypted");
    }
    unz64_file_pos position{};
    if (unzGetFilePos64(unz_, &position) != UNZ_OK) return damaged_workbook();
    Entry entry{position.pos_in_zip_directory, position.num_of_file, info.compressed_size,
                info.uncompressed_size};
    if (!entries_.emplace(lower_ascii(entry_name), entry).second) return damaged_workbook();
    status = unzGoToNextFile(unz_);
  }
  if (status != UNZ_END_OF_LIST_OF_FILE) return damaged_workbook();
  return success();
}

bool ZipArchive::contains(std::string_view name) const { return entries_.contains(lower_ascii(name)); }

void ZipArchive::close_entry() {
  if (entry_open_) {
    unzCloseCurrentFile(unz_);
    entry_open_ = false;
  }
}

Result<void> ZipArchive::open_entry(std::string_view name) {
  close_entry();
  auto found = entries_.find(lower_ascii(name));
  if (found == entries_.end()) return damaged_workbook();
  entry_ = found->second;
  unz64_file_pos position{entry_.directory_offset, entry_.file_index};
  if (unzGoToFilePos64(unz_, &position) != UNZ_OK) return damaged_workbook();
  // Fails for compression methods other than stored/deflate, and for local
  // headers that disagree with the central directory.
  if (unzOpenCurrentFile(unz_) != UNZ_OK) return damaged_workbook();
  entry_open_ = true;
  entry_inflated_ = 0;
  return success();
}

Result<std::size_t> ZipArchive::read(char* buffer, std::size_t capacity) {
  if (!entry_open_) return std::size_t{0};
  const auto chunk = static_cast<unsigned>(std::min<std::size_t>(capacity, 1U << 30));
  int count = unzReadCurrentFile(unz_, buffer, chunk);
  if (count < 0) {
    close_entry();
    return damaged_workbook();
  }
  if (count == 0) {
    // minizip verifies the CRC only when the declared size was reached, so
    // check the size first: a header that lies about it is a damaged file.
    bool size_matches = entry_inflated_ == entry_.uncompressed_size;
    int closed = unzCloseCurrentFile(unz_);
    entry_open_ = false;
    if (!size_matches || closed != UNZ_OK) return damaged_workbook();
    return std::size_t{0};
  }
  entry_inflated_ += static_cast<std::uint64_t>(count);
  total_inflated_ += static_cast<std::uint64_t>(count);
  if (total_inflated_ > limits_.max_uncompressed_bytes) {
    close_entry();
    return zip_bomb("The workbook unzips to more than " + describe_size(limits_.max_uncompressed_bytes) +
                    ", so it was refused as a possible zip bomb.");
  }
  // The compressed size is only a claim, but minizip never reads past it, and
  // never past the end of the buffer.
  std::uint64_t compressed =
      std::min<std::uint64_t>(std::max<std::uint64_t>(entry_.compressed_size, 1), bytes_.size());
  if (entry_inflated_ > limits_.ratio_grace_bytes &&
      entry_inflated_ > compressed * limits_.max_compression_ratio) {
    close_entry();
    return zip_bomb("The workbook is compressed more than " + std::to_string(limits_.max_compression_ratio) +
                    " to 1, so it was refused as a possible zip bomb.");
  }
  return static_cast<std::size_t>(count);
}

}  // namespace readers
}  // namespace v1
}  // namespace onboard
