// `smsgw push`: runs export_command on each export HQ lacks, then proves it arrived by fetching HQ's manifest back.
#include "daemon/push/pusher.hpp"

#include "daemon/clock/clock.hpp"
#include "daemon/config/command_template.hpp"
#include "daemon/export/export_command.hpp"
#include "daemon/export/export_directory.hpp"
#include "daemon/export/sha256.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace smsgw::push {

namespace {

std::atomic<int> running_group{0};

// Runs one command, its process group published for running_command_group().
exports::CommandOutcome run_tracked(const std::vector<std::string>& argv, exports::CommandLimits limits) {
    limits.started = [](int pid) { running_group = pid; };
    exports::CommandOutcome o = exports::run_command(argv, limits);
    running_group = 0;
    return o;
}

std::optional<std::string> slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// "rsync exit 23: rsync: [sender] change_dir "/x" failed: No such file or directory (2)": the
// program, how it ended, and its first stderr line (rsync's last one only says "code 23").
std::string describe(const std::string& program, const exports::CommandOutcome& o, std::chrono::seconds timeout) {
    if (o.exit_code < 0 && !o.timed_out && !o.signal) return o.error;  // not started: "cannot run X: ..."
    std::string how = o.timed_out ? fmt::format("killed after push_timeout ({} s)", timeout.count())
                      : o.signal  ? fmt::format("killed by signal {}", o.signal)
                                  : fmt::format("exit {}", o.exit_code);
    return program + " " + how + (o.stderr_first.empty() ? "" : ": " + o.stderr_first);
}

std::string short_hash(const std::string& data) { return exports::Sha256::hex_of(data).substr(0, 16); }

std::size_t manifest_files(const std::string& manifest) {
    boost::json::error_code ec;
    auto v = boost::json::parse(manifest, ec);
    if (ec || !v.is_object()) return 0;
    auto* files = v.as_object().if_contains("files");
    return files && files->is_array() ? files->as_array().size() : 0;
}

}  // namespace

int running_command_group() { return running_group.load(); }

Pusher::Pusher(const GatewayConfig& settings, Say say)
    : settings_(settings), dir_(settings.push_dir), say_(std::move(say)) {}

PushRun Pusher::run() {
    if (settings_.export_command.empty()) throw std::runtime_error("gateway.export_command is not set: nothing to push with");
    if (settings_.export_dir.empty()) throw std::runtime_error("gateway.export_dir is not set: nothing to push");
    if (auto e = dir_.ensure()) throw std::runtime_error(*e);
    std::string why;
    int lock = dir_.lock(why);
    if (lock < 0) throw std::runtime_error(why);
    struct Unlock {
        int fd;
        ~Unlock() { ::close(fd); }
    } unlock{lock};

    PushRun run;
    std::vector<std::string> names;
    std::vector<fs::path> pending;
    for (const auto& p : exports::ExportDirectory::list(settings_.export_dir)) {
        names.push_back(p.filename().string());
        if (!dir_.delivered(names.back())) pending.push_back(p);
    }
    dir_.forget_missing(names);
    run.pending = static_cast<int>(pending.size());
    for (const auto& p : pending) {
        store::DeliveryRecord d = deliver(p);
        if (auto e = dir_.write_outcome(d))
            say_(true, "cannot hand the outcome to the daemon (" + *e + "): the HQ-link alarm will not see it");
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(d.finished_at - d.started_at).count();
        run.attempts.push_back(d);
        if (!d.ok) {
            say_(true, fmt::format("NOT delivered {} ({} failed after {} ms): {}{}", d.export_name, d.stage, ms, d.detail,
                                   pending.size() > 1 ? fmt::format("; {} exports wait for the next try", pending.size() - run.delivered)
                                                      : ""));
            run.failed = 1;
            break;
        }
        if (auto e = dir_.mark_delivered(d.export_name, d.detail))
            say_(true, "delivered but cannot remember it (" + *e + "): it will be pushed again");
        say_(false, fmt::format("delivered {} to HQ in {} ms: {}", d.export_name, ms, d.detail));
        ++run.delivered;
    }
    return run;
}

store::DeliveryRecord Pusher::deliver(const fs::path& export_path) {
    store::DeliveryRecord d;
    d.export_name = export_path.filename().string();
    d.started_at = SystemClock::now();
    d.attempt = fmt::format("{}@{}-{}", d.export_name, store::to_millis(d.started_at), ::getpid());
    const fs::path absolute = fs::absolute(export_path).lexically_normal();
    exports::CommandLimits limits;
    limits.timeout = settings_.push_timeout;
    const auto argv = fill_command(settings_.export_command, {absolute.string(), d.export_name, ""});
    exports::CommandOutcome shipped = run_tracked(argv, limits);
    if (!shipped.ok) {
        d.stage = "transfer";
        d.command = argv[0];
        if (shipped.exit_code >= 0) d.exit_code = shipped.exit_code;
        d.detail = describe(argv[0], shipped, settings_.push_timeout);
    } else {
        d.ok = verify(absolute, d);
    }
    d.finished_at = SystemClock::now();
    return d;
}

// HQ's copy of manifest.json, fetched back by export_verify_command, must equal ours byte for byte:
// it lists every file's SHA-256, so it is the export's fingerprint, and a command that exits 0
// without sending anything (an rsync with source and destination swapped) cannot produce it.
bool Pusher::verify(const fs::path& export_path, store::DeliveryRecord& d) {
    d.stage = "verify";
    auto local = slurp(export_path / "manifest.json");
    if (!local) {
        d.detail = "no manifest.json in " + export_path.string() + " to compare HQ's copy with";
        return false;
    }
    const fs::path fetched = dir_.root() / fmt::format(".fetched-{}.json", ::getpid());
    std::error_code ec;
    fs::remove(fetched, ec);
    const bool to_file = uses_placeholder(settings_.export_verify_command, "fetched");
    exports::CommandLimits limits;
    limits.timeout = settings_.push_timeout;
    limits.keep_stdout = !to_file;
    const auto argv = fill_command(settings_.export_verify_command, {export_path.string(), d.export_name, fetched.string()});
    exports::CommandOutcome got = run_tracked(argv, limits);
    std::optional<std::string> remote = to_file ? slurp(fetched) : std::optional<std::string>(got.stdout_text);
    fs::remove(fetched, ec);
    if (!got.ok) {
        d.command = argv[0];
        if (got.exit_code >= 0) d.exit_code = got.exit_code;
        d.detail = "HQ's copy of " + d.export_name + "/manifest.json could not be fetched: " +
                   describe(argv[0], got, settings_.push_timeout);
        return false;
    }
    if (!remote || remote->empty()) {
        d.command = argv[0];
        d.detail = "the verify command exited 0 but fetched nothing (" +
                   std::string(to_file ? "no file at {fetched}" : "empty stdout") + "): HQ's copy is not proven";
        return false;
    }
    if (*remote != *local) {
        d.command = argv[0];
        d.detail = fmt::format("HQ's copy of {}/manifest.json differs from ours: sha256 {} ({} bytes) there, {} ({} bytes) here",
                               d.export_name, short_hash(*remote), remote->size(), short_hash(*local), local->size());
        return false;
    }
    d.stage = "delivered";
    d.detail = fmt::format("verified: HQ's manifest.json (sha256 {}, {} files listed) equals ours", short_hash(*local),
                           manifest_files(*local));
    return true;
}

}  // namespace smsgw::push
