// Opening and closing a directory, its key and its clock.
#include <cstddef>
#include <cstring>

#include "capi_internal.hpp"
#include "onboard/secrets/keyring.hpp"

using namespace onboard;
using namespace onboard::capi;

namespace {

Result<Keyring> keyring_for(std::string_view uri, const onb_open_options& opts) {
  if (opts.key != nullptr && opts.key_file != nullptr)
    return Error{Errc::misuse,
                 std::string(current_function()) + " was given both a key and a key file; give one."};
  if (opts.key != nullptr)
    return Keyring::from_bytes(std::string_view(reinterpret_cast<const char*>(opts.key), opts.key_size));
  // Without a key, stored secrets could never be read again: only a store
  // that dies with the process may use a throwaway key.
  if (uri.rfind("memory:", 0) == 0) return Keyring::generate();
  return Error{Errc::misuse,
               std::string(current_function()) +
                   " needs a key file or a key to open a persistent store; its secrets depend on it."};
}

}  // namespace

extern "C" {

ONB_API onb_status onb_open_options_init(onb_open_options* opts, uint32_t version) {
  return guard(__func__, [&] {
    ONB_C_REQUIRE(opts);
    if (version != 1 && version != ONB_OPEN_OPTIONS_VERSION)
      return bad_version("open options", version, ONB_OPEN_OPTIONS_VERSION);
    // A version 1 struct ends where version 2's fields begin: nothing past it is written.
    const onb_open_options defaults ONB_OPEN_OPTIONS_INIT;
    std::memcpy(opts, &defaults, version == 1 ? offsetof(onb_open_options, threads) : sizeof defaults);
    opts->version = version;
    return ONB_OK;
  });
}

ONB_API onb_status onb_directory_open(onb_directory** out, const char* uri, const onb_open_options* opts) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE(uri);
    const onb_open_options defaults ONB_OPEN_OPTIONS_INIT;
    const onb_open_options& o = opts ? *opts : defaults;
    if (o.version != 1 && o.version != ONB_OPEN_OPTIONS_VERSION)
      return bad_version("open options", o.version, ONB_OPEN_OPTIONS_VERSION);
    // Version 2's fields are read only from a version 2 struct: a version 1
    // one ends before them.
    DirectoryOptions options;
    if (o.version >= 2) options.threads = o.threads;
    if (o.clock_mode != ONB_CLOCK_SYSTEM && o.clock_mode != ONB_CLOCK_MANUAL)
      return fail(ONB_MISUSE, std::string("onb_directory_open was given clock mode ") +
                                  std::to_string(o.clock_mode) +
                                  "; use ONB_CLOCK_SYSTEM or ONB_CLOCK_MANUAL.");
    if (o.key != nullptr && o.key_size != Keyring::key_size)
      return fail(ONB_INVALID_INPUT, "The master key must be exactly 32 bytes.");
    std::shared_ptr<ManualClock> manual;
    if (o.clock_mode == ONB_CLOCK_MANUAL)
      manual = std::make_shared<ManualClock>(Timestamp{std::chrono::seconds{o.now_unix}});
    options.clock = manual;
    if (o.key != nullptr && o.key_file != nullptr)
      return fail(ONB_MISUSE, "onb_directory_open was given both a key and a key file; give one.");
    Result<std::unique_ptr<Directory>> directory = Error{};
    if (o.key_file != nullptr) {
      // A missing key file is created only for a store that holds nothing yet.
      directory = Directory::open_with_key_file(uri, o.key_file, options);
    } else {
      auto keyring = keyring_for(uri, o);
      if (!keyring) return fail(keyring.error());
      directory = Directory::open(uri, std::move(keyring).value(), options);
    }
    if (!directory) return fail(directory.error());
    *out = make_handle<onb_directory>(kDirectory, std::move(directory).value(), std::move(manual));
    return ONB_OK;
  });
}

ONB_API void onb_directory_free(onb_directory* dir) { free_handle(__func__, dir, kDirectory); }

ONB_API onb_status onb_directory_set_time(onb_directory* dir, int64_t unix_seconds) {
  return guard(__func__, [&] {
    ONB_C_REQUIRE_DIRECTORY(dir);
    if (!dir->manual_clock)
      return fail(ONB_MISUSE, "onb_directory_set_time needs a directory opened with ONB_CLOCK_MANUAL.");
    dir->manual_clock->set(Timestamp{std::chrono::seconds{unix_seconds}});
    return ONB_OK;
  });
}

ONB_API onb_status onb_directory_now(int64_t* out, onb_directory* dir) {
  return guard(__func__, [&] {
    ONB_C_OUT(out);
    ONB_C_REQUIRE_DIRECTORY(dir);
    *out = unix_seconds(dir->directory->clock().now());
    return ONB_OK;
  });
}

}  // extern "C"
