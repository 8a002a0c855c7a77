// The modes of the files and directories smsgw creates, whatever the umask: its database and exports name monitors and their phones.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <system_error>

namespace smsgw::store {

inline constexpr mode_t file_mode = 0640;       // the owner writes, its group (e.g. the HQ sync user) reads
inline constexpr mode_t directory_mode = 0750;  // nobody else lists or enters

// Gives the open file `fd` file_mode. Returns the errno as an error code, or nothing.
std::error_code set_file_mode(int fd);

// Gives a file some library created by name (SQLite's database) file_mode.
std::error_code set_file_mode(const std::filesystem::path& file);

// Creates `dir` and any missing parents with directory_mode; directories that exist stay as they
// are (the operator may have chosen their modes).
std::error_code make_directories(const std::filesystem::path& dir);

// Creates the one directory `dir` with directory_mode; EEXIST if it exists.
std::error_code make_directory(const std::filesystem::path& dir);

}  // namespace smsgw::store
