// Keyring::load_or_create_file: the master key kept in a private file beside
// the host's database.
#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <new>

#include "onboard/secrets/crypto_init.hpp"
#include "onboard/secrets/keyring.hpp"

namespace onboard {
inline namespace v1 {

namespace {

constexpr std::size_t hex_size = Keyring::key_size * 2;

// Wipes a stack buffer that held key material when it goes out of scope.
template <std::size_t N>
struct WipedBuffer {
  char data[N] = {};
  ~WipedBuffer() { sodium_memzero(data, N); }
};

struct FileDescriptor {
  int fd = -1;
  ~FileDescriptor() {
    if (fd >= 0) ::close(fd);
  }
};

Error io_error(const char* verb, const std::string& path, int err) {
  return Error(Errc::storage,
               "The key file " + path + " could not be " + verb + ": " + std::strerror(err) + ".");
}

Error not_a_key_file(const std::string& path) {
  return Error(
      Errc::invalid_input,
      "The key file " + path + " is not a key file: it must hold exactly 64 hexadecimal characters.");
}

Result<Keyring> read_key_file(int fd, const std::string& path) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return io_error("read", path, errno);
  if (!S_ISREG(st.st_mode)) return not_a_key_file(path);
  // Refuse rather than fix: a key other users could read may already be
  // copied, and the person running us should know.
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return Error(
        Errc::invalid_input,
        "The key file " + path + " can be read or changed by other users; make it private with chmod 600.");
  }
  // One byte more than a valid file may hold, to notice a longer one.
  WipedBuffer<hex_size + 2> text;
  std::size_t size = 0;
  while (size < sizeof text.data) {
    ssize_t n = ::read(fd, text.data + size, sizeof text.data - size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return io_error("read", path, errno);
    if (n == 0) break;
    size += static_cast<std::size_t>(n);
  }
  if (size == hex_size + 1 && text.data[hex_size] == '\n') size = hex_size;
  if (size != hex_size) return not_a_key_file(path);

  auto* key = static_cast<unsigned char*>(sodium_malloc(Keyring::key_size));
  if (key == nullptr) throw std::bad_alloc();
  std::size_t key_len = 0;
  const char* end = nullptr;
  int rc = sodium_hex2bin(key, Keyring::key_size, text.data, hex_size, nullptr, &key_len, &end);
  bool valid = rc == 0 && key_len == Keyring::key_size && end == text.data + hex_size;
  Result<Keyring> keyring = valid
                                ? Keyring::from_bytes(std::string_view(reinterpret_cast<char*>(key), key_len))
                                : Result<Keyring>(not_a_key_file(path));
  sodium_free(key);
  return keyring;
}

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// Writes the key to a fresh private file at `target` (O_EXCL: never
// overwrites). Returns errno, 0 on success.
int write_new_file(const std::string& target, const char* text, std::size_t size) {
  FileDescriptor file{::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600)};
  if (file.fd < 0) return errno;
  if (!write_all(file.fd, text, size) || ::fsync(file.fd) != 0) {
    int err = errno != 0 ? errno : EIO;
    ::unlink(target.c_str());
    return err;
  }
  return 0;
}

// Creates the key file so that no reader ever sees it half-written: the key
// goes to a private temporary file first, then link() publishes it under its
// name, failing if another process published one first. Returns
// already_exists when we lost that race, so the caller reads the winner's.
Result<void> create_key_file(const std::string& path) {
  auto* key = static_cast<unsigned char*>(sodium_malloc(Keyring::key_size));
  if (key == nullptr) throw std::bad_alloc();
  randombytes_buf(key, Keyring::key_size);
  WipedBuffer<hex_size + 2> text;
  sodium_bin2hex(text.data, sizeof text.data, key, Keyring::key_size);
  sodium_free(key);
  text.data[hex_size] = '\n';

  char suffix[17];
  unsigned char random_suffix[8];
  randombytes_buf(random_suffix, sizeof random_suffix);
  sodium_bin2hex(suffix, sizeof suffix, random_suffix, sizeof random_suffix);
  std::string temp = path + ".tmp-" + suffix;

  if (int err = write_new_file(temp, text.data, hex_size + 1); err != 0)
    return io_error("created", path, err);
  int linked = ::link(temp.c_str(), path.c_str());
  int link_errno = errno;
  ::unlink(temp.c_str());
  if (linked != 0) {
    if (link_errno == EEXIST) return Error(Errc::already_exists, "The key file already exists.");
    if (link_errno != EPERM && link_errno != EOPNOTSUPP && link_errno != ENOTSUP && link_errno != EXDEV) {
      return io_error("created", path, link_errno);
    }
    // File systems without hard links: O_EXCL still never overwrites.
    if (int err = write_new_file(path, text.data, hex_size + 1); err != 0) {
      if (err == EEXIST) return Error(Errc::already_exists, "The key file already exists.");
      return io_error("created", path, err);
    }
  }
  // Make the new name itself durable, not only the file's bytes.
  auto slash = path.find_last_of('/');
  std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  FileDescriptor dir_fd{::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC)};
  if (dir_fd.fd >= 0) ::fsync(dir_fd.fd);
  return success();
}

}  // namespace

Result<Keyring> Keyring::load_or_create_file(const std::string& path) {
  init_crypto();
  // Two rounds: if another process creates the file between our failed open
  // and our create, the second round reads theirs.
  for (int round = 0; round < 2; ++round) {
    FileDescriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
    if (file.fd >= 0) return read_key_file(file.fd, path);
    if (errno != ENOENT) return io_error("read", path, errno);
    auto created = create_key_file(path);
    if (!created.ok() && created.error().code != Errc::already_exists) return std::move(created).error();
  }
  FileDescriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) return io_error("read", path, errno);
  return read_key_file(file.fd, path);
}

}  // namespace v1
}  // namespace onboard
