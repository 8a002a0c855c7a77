// Atomic publication and retention of export directories (POSIX: fsync, renameat2 RENAME_NOREPLACE).
#include "daemon/export/export_directory.hpp"

#include "daemon/export/export_format.hpp"
#include "daemon/store/file_mode.hpp"

#include <fmt/format.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>

namespace smsgw::exports {

namespace {

std::string errno_text(const std::string& what, int err) { return what + ": " + std::strerror(err); }

std::optional<std::string> fsync_path(const fs::path& p, int flags) {
    int fd = ::open(p.c_str(), flags | O_CLOEXEC);
    if (fd < 0) return errno_text("open " + p.string(), errno);
    int rc = ::fsync(fd);
    int err = errno;
    ::close(fd);
    if (rc != 0) return errno_text("fsync " + p.string(), err);
    return std::nullopt;
}

// "smsgw-export-20261127T201500Z" or "...Z-2": the stamp and the suffix number (1 without suffix).
std::optional<std::pair<std::string, int>> parse_name(std::string_view name) {
    if (name.substr(0, ExportDirectory::prefix.size()) != ExportDirectory::prefix) return std::nullopt;
    std::string_view rest = name.substr(ExportDirectory::prefix.size());
    constexpr std::size_t stamp_len = 16;  // 20261127T201500Z
    if (rest.size() < stamp_len || rest[8] != 'T' || rest[stamp_len - 1] != 'Z') return std::nullopt;
    for (std::size_t i = 0; i < stamp_len - 1; ++i)
        if (i != 8 && (rest[i] < '0' || rest[i] > '9')) return std::nullopt;
    int suffix = 1;
    std::string_view tail = rest.substr(stamp_len);
    if (!tail.empty()) {
        if (tail.size() < 2 || tail[0] != '-') return std::nullopt;
        auto [p, ec] = std::from_chars(tail.data() + 1, tail.data() + tail.size(), suffix);
        if (ec != std::errc() || p != tail.data() + tail.size() || suffix < 2) return std::nullopt;
    }
    return std::pair{std::string(rest.substr(0, stamp_len)), suffix};
}

std::atomic<unsigned> sequence{0};

}  // namespace

ExportDirectory::ExportDirectory(fs::path root, SystemTime now) : root_(std::move(root)), stamp_(utc_stamp(now)) {
    if (auto ec = store::make_directories(root_)) {
        error_ = "cannot create export directory " + root_.string() + ": " + ec.message();
        return;
    }
    temp_ = root_ / fmt::format(".{}{}.tmp-{}-{}", prefix, stamp_, ::getpid(), sequence++);
    if (auto ec = store::make_directory(temp_)) {
        error_ = "cannot create " + temp_.string() + ": " + ec.message();
        if (ec != std::errc::file_exists) std::filesystem::remove(temp_, ec);  // created, but its mode failed
        temp_.clear();
    }
}

ExportDirectory::~ExportDirectory() {
    if (published_ || temp_.empty()) return;
    std::error_code ec;
    fs::remove_all(temp_, ec);
}

std::optional<std::string> ExportDirectory::write(const std::string& name, std::string_view content) {
    const fs::path p = temp_ / name;
    int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, store::file_mode);
    if (fd < 0) return errno_text("cannot create " + p.string(), errno);
    if (auto ec = store::set_file_mode(fd)) {  // open's mode passes through the umask
        ::close(fd);
        return "cannot set the mode of " + p.string() + ": " + ec.message();
    }
    std::size_t done = 0;
    while (done < content.size()) {
        ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            int err = errno;
            ::close(fd);
            return errno_text("cannot write " + p.string(), err);
        }
        done += static_cast<std::size_t>(n);
    }
    int rc = ::fsync(fd);
    int err = errno;
    if (::close(fd) != 0 && rc == 0) {
        rc = -1;
        err = errno;
    }
    if (rc != 0) return errno_text("cannot write " + p.string(), err);
    return std::nullopt;
}

std::optional<fs::path> ExportDirectory::publish() {
    if (auto e = fsync_path(temp_, O_RDONLY | O_DIRECTORY)) {
        error_ = *e;
        return std::nullopt;
    }
    for (int n = 1; n < 1000; ++n) {
        fs::path target = root_ / (n == 1 ? fmt::format("{}{}", prefix, stamp_) : fmt::format("{}{}-{}", prefix, stamp_, n));
        if (::renameat2(AT_FDCWD, temp_.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE) == 0) {
            published_ = true;
            // The rename itself is durable only once the parent directory is.
            if (auto e = fsync_path(root_, O_RDONLY | O_DIRECTORY)) error_ = *e;
            return target;
        }
        if (errno != EEXIST && errno != ENOTEMPTY) {
            error_ = errno_text("cannot rename " + temp_.string() + " to " + target.string(), errno);
            return std::nullopt;
        }
    }
    error_ = "cannot find a free export name for " + stamp_ + " in " + root_.string();
    return std::nullopt;
}

std::vector<fs::path> ExportDirectory::list(const fs::path& root) {
    std::vector<std::pair<std::pair<std::string, int>, fs::path>> found;
    std::error_code ec;
    for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
        if (!it->is_directory(ec) || it->is_symlink(ec)) continue;
        if (auto key = parse_name(it->path().filename().string())) found.push_back({*key, it->path()});
    }
    std::sort(found.begin(), found.end());
    std::vector<fs::path> out;
    for (auto& f : found) out.push_back(std::move(f.second));
    return out;
}

std::vector<fs::path> ExportDirectory::prune(const fs::path& root, int keep, std::vector<std::string>& problems) {
    std::vector<fs::path> removed;
    if (keep <= 0) return removed;
    auto all = list(root);
    if (all.size() <= static_cast<std::size_t>(keep)) return removed;
    for (std::size_t i = 0; i + keep < all.size(); ++i) {
        // Out of sight first, in one rename: a reader of an old export sees it whole or not at all,
        // never half deleted. A crash before remove_all leaves a temporary that remove_stale takes.
        const fs::path hidden =
            root / fmt::format(".{}.tmp-{}-old{}", all[i].filename().string(), ::getpid(), sequence++);
        std::error_code ec;
        fs::rename(all[i], hidden, ec);
        if (!ec) fs::remove_all(hidden, ec);
        if (ec)
            problems.push_back("cannot remove old export " + all[i].string() + ": " + ec.message());
        else
            removed.push_back(all[i]);
    }
    return removed;
}

void ExportDirectory::remove_stale(const fs::path& root) {
    const std::string lead = fmt::format(".{}", prefix);
    std::error_code ec;
    for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
        std::string name = it->path().filename().string();
        auto tmp = name.find(".tmp-");
        if (name.rfind(lead, 0) != 0 || tmp == std::string::npos) continue;
        int pid = 0;
        auto [p, perr] = std::from_chars(name.data() + tmp + 5, name.data() + name.size(), pid);
        if (perr != std::errc() || pid <= 0 || pid == ::getpid()) continue;
        if (::kill(pid, 0) == 0 || errno != ESRCH) continue;  // still running (or not ours to judge)
        std::error_code rec;
        fs::remove_all(it->path(), rec);
    }
}

}  // namespace smsgw::exports
