#include "onboard/core/secret_file.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace onboard {
inline namespace v1 {

namespace {

struct FileDescriptor {
  int fd = -1;
  ~FileDescriptor() {
    if (fd >= 0) ::close(fd);
  }
};

Error io_error(const std::string& path, const char* what, int err) {
  return Error(Errc::storage, "The file " + path + " could not be " + what + ": " + std::strerror(err) + ".",
               "file.io");
}

std::string directory_of(const std::string& path) {
  auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::string temporary_name(const std::string& path) {
  unsigned char random[8] = {};
  if (::getrandom(random, sizeof random, 0) != static_cast<ssize_t>(sizeof random)) {
    // Unlikely; the O_EXCL open below still refuses a name that is taken.
    for (std::size_t i = 0; i < sizeof random; ++i) random[i] = static_cast<unsigned char>(::getpid() >> i);
  }
  static const char hex[] = "0123456789abcdef";
  std::string name = path + ".tmp-";
  for (unsigned char b : random) {
    name += hex[b >> 4];
    name += hex[b & 15];
  }
  return name;
}

Error exists_error(const std::string& path) {
  return Error(Errc::already_exists,
               "The file " + path + " already exists; choose another name or ask to replace it (--force).",
               "file.exists");
}

}  // namespace

Result<void> write_secret_file(const std::string& path, std::string_view content, bool replace) {
  if (path.empty()) return Error(Errc::invalid_input, "Please give a file name.", "file.name");
  struct stat st {};
  if (!replace && ::lstat(path.c_str(), &st) == 0) return exists_error(path);
  if (replace && ::lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    return Error(Errc::invalid_input, "The path " + path + " is a folder, not a file.", "file.directory");

  const std::string temp = temporary_name(path);
  {
    FileDescriptor file{::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600)};
    if (file.fd < 0) return io_error(path, "created", errno);
    // The umask can only take bits away; make the mode exact anyway.
    if (::fchmod(file.fd, 0600) != 0 || !write_all(file.fd, content) || ::fsync(file.fd) != 0) {
      int err = errno != 0 ? errno : EIO;
      ::unlink(temp.c_str());
      return io_error(path, "written", err);
    }
  }
  if (replace) {
    // rename() replaces the name itself: a symbolic link at `path` is
    // replaced by our file, its target is never touched.
    if (::rename(temp.c_str(), path.c_str()) != 0) {
      int err = errno;
      ::unlink(temp.c_str());
      return io_error(path, "written", err);
    }
  } else {
    // link() publishes the name only if nothing holds it, atomically.
    int linked = ::link(temp.c_str(), path.c_str());
    int err = errno;
    ::unlink(temp.c_str());
    if (linked != 0) {
      if (err == EEXIST) return exists_error(path);
      return io_error(path, "written", err);
    }
  }
  FileDescriptor dir{::open(directory_of(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (dir.fd >= 0) ::fsync(dir.fd);
  return success();
}

Result<void> create_private_file(const std::string& path) {
  FileDescriptor file{::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600)};
  if (file.fd >= 0) {
    if (::fchmod(file.fd, 0600) != 0) return io_error(path, "created", errno);
    return success();
  }
  if (errno != EEXIST) return io_error(path, "created", errno);
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return io_error(path, "opened", errno);
  if (S_ISLNK(st.st_mode))
    return Error(Errc::storage,
                 "The database path " + path + " is a symbolic link; give the real path of the file.",
                 "file.symlink");
  if (!S_ISREG(st.st_mode))
    return Error(Errc::storage, "The database path " + path + " is not a regular file.", "file.not_regular");
  return success();
}

}  // namespace v1
}  // namespace onboard
