// Why a user cannot read a database file: the directory or file that refuses them, and the group to join.
#pragma once

#include <optional>
#include <string>

namespace smsgw::store {

// When `path` (or a directory on the way to it) exists but this process may not read it, a message
// for an operator: "PATH: permission denied: directory /var/lib/smsgw is drwxr-x--- smsgw:smsgw;
// operators read the database as members of group smsgw (sudo usermod -aG smsgw USER, then log in
// again)". Nothing when the file can be read, or does not exist.
std::optional<std::string> read_permission_problem(const std::string& path);

// The same advice for SQLite's SQLITE_READONLY_DIRECTORY: the file is readable, but its -shm is
// missing and this user may not create it in the directory.
std::string missing_shm_advice(const std::string& path);

}  // namespace smsgw::store
