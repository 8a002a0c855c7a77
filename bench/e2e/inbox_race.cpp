// Runs each daemon on a fresh copy of the generated inbox and watches the finish line from outside.
#include "bench/e2e/inbox_race.hpp"

#include "bench/e2e/store_probe.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <functional>
#include <thread>

namespace smsgw::bench {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

fs::path fresh_copy(const InboxRace& race, const std::string& name) {
    const fs::path dir = race.work / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    fs::copy(race.inbox, dir / "device", fs::copy_options::recursive);
    return dir;
}

std::size_t device_inbox(const fs::path& device) { return count_files(device / "sms" / "1") + count_files(device / "sms" / "3"); }

void write_file(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

// Polls `done` until true (or the child exits, or the timeout); records when the device emptied.
void watch(const InboxRace& race, ChildProcess& child, const fs::path& device, Clock::time_point t0,
           const std::function<bool()>& done, InboxRun& run) {
    const auto deadline = t0 + race.timeout;
    bool finished = false;
    while (Clock::now() < deadline) {
        if (!run.emptied_seconds && device_inbox(device) == 0) run.emptied_seconds = seconds_since(t0);
        if (!finished && done()) {
            run.done_seconds = seconds_since(t0);
            finished = true;
        }
        if (finished && run.emptied_seconds) break;
        // After the finish line the device may take a moment to empty (deletes follow commits).
        if (finished && seconds_since(t0) > run.done_seconds + 10) break;
        if (!child.running()) {
            run.note = "exited before finishing";
            break;
        }
        std::this_thread::sleep_for(race.poll);
    }
    run.ok = finished;
    if (!finished && run.note.empty()) run.note = fmt::format("not done after {} s", race.timeout.count());
    if (finished && !run.emptied_seconds) run.note = "device inbox not empty 10 s after the finish";
    run.hwm_sampled_kb = child.vm_hwm_kb();
}

}  // namespace

InboxSummary summarize(const std::vector<InboxRun>& runs) {
    InboxSummary s;
    std::vector<double> done, emptied, cpu;
    for (const InboxRun& r : runs) {
        if (!r.ok && s.ok) {
            s.ok = false;
            s.note = r.note;
        }
        done.push_back(r.done_seconds);
        emptied.push_back(r.emptied_seconds);
        cpu.push_back(r.exit.cpu_seconds);
        s.peak_rss_kb = std::max(s.peak_rss_kb, r.exit.peak_rss_kb);
        s.hwm_sampled_kb = std::max(s.hwm_sampled_kb, r.hwm_sampled_kb);
        s.last = r;
    }
    s.done_each = done;
    auto median = [](std::vector<double> v) {
        if (v.empty()) return 0.0;
        std::sort(v.begin(), v.end());
        return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
    };
    s.done_seconds = median(done);
    s.emptied_seconds = median(emptied);
    s.cpu_seconds = median(cpu);
    if (runs.empty()) s.ok = false;
    return s;
}

std::size_t count_files(const fs::path& dir) {
    std::error_code ec;
    std::size_t n = 0;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().filename().string()[0] != '.' && it->is_regular_file()) ++n;
    return n;
}

InboxRun run_gammu_smsd(const InboxRace& race, const std::string& gammu_smsd) {
    const fs::path dir = fresh_copy(race, "gammu-smsd");
    for (const char* d : {"inbox", "outbox", "sent", "error"}) fs::create_directories(dir / d);
    const fs::path device = dir / "device";
    // The incumbent at its fastest: no waits, no status or security checks, files backend.
    write_file(dir / "smsdrc", fmt::format(R"([gammu]
device = {0}/device
connection = none
model = dummy

[smsd]
service = files
inboxpath = {0}/inbox/
outboxpath = {0}/outbox/
sentsmspath = {0}/sent/
errorsmspath = {0}/error/
logfile = {0}/smsd.log
receivefrequency = 0
loopsleep = 0
statusfrequency = 0
checksecurity = 0
checkbattery = 0
checksignal = 0
checknetwork = 0
)",
                                                dir.string()));
    InboxRun run;
    const auto t0 = Clock::now();
    ChildProcess child({gammu_smsd, "-c", (dir / "smsdrc").string()}, (dir / "output.txt").string());
    watch(race, child, device, t0,
          [&] { return device_inbox(device) == 0 && count_files(dir / "inbox") >= race.parts; }, run);
    run.exit = child.stop(SIGTERM, std::chrono::seconds(10));
    run.stored = count_files(dir / "inbox");
    if (run.ok && run.stored != race.parts) {
        run.ok = false;
        run.note = fmt::format("{} files stored, {} parts expected", run.stored, race.parts);
    }
    return run;
}

InboxRun run_smsgw(const InboxRace& race, const std::string& smsgw, const std::string& codebook,
                   std::chrono::milliseconds poll_interval) {
    const fs::path dir = fresh_copy(race, "smsgw");
    const fs::path device = dir / "device";
    const fs::path db = dir / "smsgw.db";
    // Replies are queued, not sent (send = false): gammu-smsd sends nothing either. The per-sender
    // reply limit is lifted so every message queues its reply.
    write_file(dir / "smsgw.toml", fmt::format(R"([gateway]
database = "{0}/smsgw.db"
codebook = "{1}"
export_dir = "{0}/exports"
export_interval = "1h"
summary_interval = "1h"
replies_per_sender_per_hour = 10000

[modems.dummy]
device = "{0}/device"
connection = "none"
model = "dummy"
poll_interval = "{2}ms"
send = false
)",
                                                    dir.string(), codebook, poll_interval.count()));
    InboxRun run;
    StoreProbe probe(db.string());
    const auto t0 = Clock::now();
    ChildProcess child({smsgw, "run", "--config", (dir / "smsgw.toml").string()}, (dir / "output.txt").string());
    watch(race, child, device, t0,
          [&] {
              auto n = probe.processed();
              return n && *n >= static_cast<std::int64_t>(race.messages);
          },
          run);
    run.exit = child.stop(SIGTERM, std::chrono::seconds(15));
    run.stored = static_cast<std::size_t>(probe.processed().value_or(0));
    run.parts = static_cast<std::size_t>(probe.number("SELECT count(*) FROM part").value_or(0));
    run.reports = static_cast<std::size_t>(probe.number("SELECT count(*) FROM report").value_or(0));
    run.replies = static_cast<std::size_t>(probe.number("SELECT count(*) FROM reply").value_or(0));
    if (run.ok && (run.stored != race.messages || run.parts != race.parts)) {
        run.ok = false;
        run.note = fmt::format("{} messages processed ({} expected), {} parts stored ({} expected)", run.stored,
                               race.messages, run.parts, race.parts);
    }
    if (run.exit.status != 0) run.note += fmt::format("{}exit status {}", run.note.empty() ? "" : "; ", run.exit.status);
    return run;
}

}  // namespace smsgw::bench
