// Finds which directory or file denies read access to a database, and names its group for the operator.
#include "daemon/store/access_check.hpp"

#include <fmt/format.h>

#include <filesystem>

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace smsgw::store {

namespace {

std::string owner_name(uid_t uid) {
    if (const passwd* p = ::getpwuid(uid)) return p->pw_name;
    return std::to_string(uid);
}

std::string group_name(gid_t gid) {
    if (const group* g = ::getgrgid(gid)) return g->gr_name;
    return std::to_string(gid);
}

// "drwxr-x---" as ls shows it.
std::string mode_text(const struct stat& st) {
    std::string m = S_ISDIR(st.st_mode) ? "d" : "-";
    const char* rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; ++i) m += (st.st_mode & (0400 >> i)) ? rwx[i] : '-';
    return m;
}

std::string denial(const std::string& path, const char* what, const std::string& where, const struct stat& st) {
    const std::string group = group_name(st.st_gid);
    return fmt::format(
        "{}: permission denied: {} {} is {} {}:{}; operators read the database as members of group {} "
        "(sudo usermod -aG {} $USER, then log in again)",
        path, what, where, mode_text(st), owner_name(st.st_uid), group, group, group);
}

}  // namespace

std::optional<std::string> read_permission_problem(const std::string& path) {
    namespace fs = std::filesystem;
    const fs::path absolute = fs::absolute(fs::path(path)).lexically_normal();
    // Every directory on the way must be searchable (x), then the file readable (r).
    fs::path walked = absolute.root_path();
    for (auto it = std::next(absolute.begin()); it != absolute.end(); ++it) {
        const fs::path next = walked / *it;
        const bool last = std::next(it) == absolute.end();
        struct stat st {};
        if (::access(walked.c_str(), X_OK) != 0) {
            if (::stat(walked.c_str(), &st) != 0) return std::nullopt;
            return denial(path, "directory", walked.string(), st);
        }
        if (::stat(next.c_str(), &st) != 0) return std::nullopt;  // does not exist: not a permission matter
        if (last && ::access(next.c_str(), R_OK) != 0) return denial(path, "file", next.string(), st);
        walked = next;
    }
    return std::nullopt;
}

std::string missing_shm_advice(const std::string& path) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::absolute(fs::path(path)).parent_path();
    return fmt::format(
        "{}: readable, but its {}-shm file is missing and only the daemon's user may create it in {}: "
        "start the daemon once (it keeps the file from then on), or run this as the daemon's user",
        path, fs::path(path).filename().string(), dir.string());
}

}  // namespace smsgw::store
