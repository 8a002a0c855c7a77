// The push's own directory: which exports HQ has, each attempt's outcome for the daemon, the trigger and the lock.
#include "daemon/push/push_dir.hpp"

#include "daemon/store/file_mode.hpp"

#include <boost/json.hpp>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

namespace smsgw::push {

namespace json = boost::json;

namespace {

std::string errno_text(const std::string& what) { return what + ": " + std::strerror(errno); }

// Writes `content` to dir/.name.tmp, fsyncs it and renames it to dir/name.
std::optional<std::string> write_whole(const fs::path& dir, const std::string& name, const std::string& content) {
    const fs::path tmp = dir / ("." + name + ".tmp");
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    if (fd < 0) return errno_text("cannot write " + tmp.string());
    (void)store::set_file_mode(fd);  // 0640 whatever the umask, as every file smsgw writes
    const char* p = content.data();
    std::size_t left = content.size();
    while (left > 0) {
        ssize_t n = ::write(fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            auto e = errno_text("cannot write " + tmp.string());
            ::close(fd);
            return e;
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    ::fsync(fd);
    ::close(fd);
    if (::rename(tmp.c_str(), (dir / name).c_str()) != 0) return errno_text("cannot rename " + tmp.string());
    return std::nullopt;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

std::optional<std::string> PushDir::ensure() const {
    for (const fs::path& d : {root_, root_ / "delivered", root_ / "outcomes"})
        if (auto ec = store::make_directories(d)) return "cannot create " + d.string() + ": " + ec.message();
    return std::nullopt;
}

int PushDir::lock(std::string& error) const {
    const fs::path p = root_ / "lock";
    int fd = ::open(p.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
    if (fd < 0) {
        error = errno_text("cannot open " + p.string());
        return -1;
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        error = errno == EWOULDBLOCK ? "another smsgw push is running (" + p.string() + " is locked)"
                                     : errno_text("cannot lock " + p.string());
        ::close(fd);
        return -1;
    }
    return fd;
}

bool PushDir::delivered(const std::string& name) const {
    std::error_code ec;
    return fs::exists(root_ / "delivered" / name, ec);
}

std::optional<std::string> PushDir::mark_delivered(const std::string& name, const std::string& what) const {
    return write_whole(root_ / "delivered", name, what + "\n");
}

void PushDir::forget_missing(const std::vector<std::string>& present) const {
    const std::set<std::string> keep(present.begin(), present.end());
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(root_ / "delivered", ec)) {
        const std::string n = e.path().filename().string();
        if (!n.empty() && n[0] != '.' && !keep.count(n)) fs::remove(e.path(), ec);
    }
}

std::optional<std::string> PushDir::write_outcome(const store::DeliveryRecord& d) const {
    // Names sort in the order written: the attempt's start, then a per-process counter.
    static std::atomic<int> seq{0};
    char name[96];
    std::snprintf(name, sizeof name, "%013lld-%d-%04d.json", static_cast<long long>(store::to_millis(d.started_at)),
                  static_cast<int>(::getpid()), seq++ % 10000);
    return write_whole(root_ / "outcomes", name, outcome_json(d));
}

std::vector<PushDir::Found> PushDir::outcomes() const {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(root_ / "outcomes", ec)) {
        const std::string n = e.path().filename().string();
        if (!n.empty() && n[0] != '.' && e.path().extension() == ".json") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    std::vector<Found> out;
    for (const auto& f : files) {
        Found found{f, std::nullopt, {}};
        found.record = parse_outcome(slurp(f), found.error);
        out.push_back(std::move(found));
    }
    return out;
}

// Written in place, not renamed: PathChanged= in smsgw-push.path fires on the close of a file
// written to, which a rename into place does not give on every kernel and systemd.
std::optional<std::string> PushDir::touch_trigger(const std::string& newest) const {
    const fs::path p = trigger();
    int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    if (fd < 0) return errno_text("cannot write " + p.string());
    (void)store::set_file_mode(fd);
    const std::string line = newest + "\n";
    const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
    ::close(fd);
    if (!ok) return "cannot write " + p.string();
    return std::nullopt;
}

std::string outcome_json(const store::DeliveryRecord& d) {
    json::object o{{"attempt", d.attempt},
                   {"export", d.export_name},
                   {"started_at", store::to_millis(d.started_at)},
                   {"finished_at", store::to_millis(d.finished_at)},
                   {"ok", d.ok},
                   {"stage", d.stage},
                   {"command", d.command},
                   {"exit_code", d.exit_code ? json::value(*d.exit_code) : json::value(nullptr)},
                   {"detail", d.detail}};
    return json::serialize(o) + "\n";
}

std::optional<store::DeliveryRecord> parse_outcome(const std::string& text, std::string& error) {
    json::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec || !v.is_object()) {
        error = "not a JSON object";
        return std::nullopt;
    }
    const json::object& o = v.as_object();
    auto str = [&](const char* k) -> const json::string* {
        auto* p = o.if_contains(k);
        return p && p->is_string() ? &p->as_string() : nullptr;
    };
    auto num = [&](const char* k) -> std::optional<std::int64_t> {
        auto* p = o.if_contains(k);
        if (p && p->is_int64()) return p->as_int64();
        return std::nullopt;
    };
    auto* ok = o.if_contains("ok");
    const json::string *attempt = str("attempt"), *exp = str("export"), *stage = str("stage"), *cmd = str("command"),
                       *detail = str("detail");
    auto started = num("started_at"), finished = num("finished_at");
    static const std::set<std::string> stages{"delivered", "transfer", "verify", "push", "no-push"};
    if (!attempt || attempt->empty() || !exp || !stage || !stages.count(std::string(*stage)) || !cmd || !detail ||
        !started || !finished || !ok || !ok->is_bool()) {
        error = "missing or malformed keys (attempt, export, started_at, finished_at, ok, stage, command, detail)";
        return std::nullopt;
    }
    store::DeliveryRecord d;
    d.attempt = std::string(*attempt);
    d.export_name = std::string(*exp);
    d.started_at = store::from_millis(*started);
    d.finished_at = store::from_millis(*finished);
    d.ok = ok->as_bool();
    d.stage = std::string(*stage);
    d.command = std::string(*cmd);
    if (auto e = num("exit_code")) d.exit_code = static_cast<int>(*e);
    d.detail = std::string(*detail);
    return d;
}

}  // namespace smsgw::push
