// Runs each daemon on a fresh copy of the generated inbox and watches the finish line from outside.
#include "bench/e2e/inbox_race.hpp"

#include "tests/support/files.hpp"
#include "tests/support/store_probe.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>
#include <thread>

namespace smsgw::bench {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

using smsgw::test::write_file;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// work/<name>/ with a copy of each source device: device/, or device1/, device2/ ...
std::vector<fs::path> fresh_copy(const InboxRace& race, const std::string& name, const std::vector<fs::path>& sources) {
    const fs::path dir = race.work / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::vector<fs::path> devices;
    for (std::size_t i = 0; i < sources.size(); ++i) {
        devices.push_back(dir / (sources.size() == 1 ? std::string("device") : fmt::format("device{}", i + 1)));
        fs::copy(sources[i], devices.back(), fs::copy_options::recursive);
    }
    return devices;
}

std::size_t device_inbox(const std::vector<fs::path>& devices) {
    std::size_t n = 0;
    for (const auto& d : devices) n += count_files(d / "sms" / "1") + count_files(d / "sms" / "3");
    return n;
}

// Follows the daemon's console in its output file: which modems have said "running".
class ConsoleWatch {
public:
    ConsoleWatch(fs::path path, std::vector<std::string> modems) : path_(std::move(path)), waiting_(std::move(modems)) {}
    bool all_running() {
        if (waiting_.empty()) return true;
        std::ifstream in(path_, std::ios::binary);
        if (!in) return false;
        in.seekg(static_cast<std::streamoff>(offset_));
        std::string chunk((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        partial_ += chunk;
        offset_ += chunk.size();
        std::size_t nl;
        while ((nl = partial_.find('\n')) != std::string::npos) {
            line(partial_.substr(0, nl));
            partial_.erase(0, nl + 1);
        }
        return waiting_.empty();
    }

private:
    // "00:39:45 INFO  modem      dummy  running"
    void line(const std::string& text) {
        std::istringstream words(text);
        std::string time, level, category, modem, state;
        if (!(words >> time >> level >> category >> modem >> state) || category != "modem") return;
        if (state.rfind("running", 0) != 0) return;
        std::erase(waiting_, modem);
    }

    fs::path path_;
    std::vector<std::string> waiting_;
    std::size_t offset_ = 0;
    std::string partial_;
};

// Polls `done` until true (or the child exits, or the timeout); records when the devices emptied.
// `observe` sees every turn, for what else a run times.
void watch(const InboxRace& race, ChildProcess& child, const std::vector<fs::path>& devices, Clock::time_point t0,
           const std::function<bool()>& done, InboxRun& run, const std::function<void(double)>& observe = {}) {
    const auto deadline = t0 + race.timeout;
    bool finished = false;
    while (Clock::now() < deadline) {
        if (observe) observe(seconds_since(t0));
        if (!run.emptied_seconds && device_inbox(devices) == 0) run.emptied_seconds = seconds_since(t0);
        if (!finished && done()) {
            run.done_seconds = seconds_since(t0);
            finished = true;
            // What the daemon and its modem processes hold at the finish line, before the stop.
            run.tree = child.tree();
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
    // Just before the stop: the peaks include the deletes that followed the finish line.
    if (TreeMemory end = child.tree(); end.processes) run.tree = std::move(end);
    run.hwm_sampled_kb = run.tree.own_hwm_kb;
}

}  // namespace

InboxSummary summarize(const std::vector<InboxRun>& runs) {
    InboxSummary s;
    std::vector<double> done, emptied, cpu, running, first_part, running_to_done, first_part_to_done, child_cpu;
    for (const InboxRun& r : runs) {
        if (!r.ok && s.ok) {
            s.ok = false;
            s.note = r.note;
        }
        done.push_back(r.done_seconds);
        emptied.push_back(r.emptied_seconds);
        cpu.push_back(r.exit.cpu_seconds);
        running.push_back(r.running_seconds);
        first_part.push_back(r.first_part_seconds);
        if (r.running_seconds > 0) running_to_done.push_back(r.done_seconds - r.running_seconds);
        if (r.first_part_seconds > 0) first_part_to_done.push_back(r.done_seconds - r.first_part_seconds);
        child_cpu.push_back(r.tree.descendants_cpu_seconds);
        s.peak_rss_kb = std::max(s.peak_rss_kb, r.exit.peak_rss_kb);
        s.hwm_sampled_kb = std::max(s.hwm_sampled_kb, r.hwm_sampled_kb);
        if (r.tree.total_hwm_kb >= s.total_hwm_kb) {
            s.descendants_anon_kb = r.tree.descendants_anon_kb;
            s.descendants_file_kb = r.tree.descendants_file_kb;
        }
        s.total_hwm_kb = std::max(s.total_hwm_kb, r.tree.total_hwm_kb);
        s.total_rss_kb = std::max(s.total_rss_kb, r.tree.total_rss_kb);
        s.total_pss_kb = std::max(s.total_pss_kb, r.tree.total_pss_kb);
        s.processes = std::max(s.processes, r.tree.processes);
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
    s.running_seconds = median(running);
    s.first_part_seconds = median(first_part);
    s.running_to_done = median(running_to_done);
    s.first_part_to_done = median(first_part_to_done);
    s.descendants_cpu_seconds = median(child_cpu);
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
    const auto devices = fresh_copy(race, "gammu-smsd", {race.inbox});
    const fs::path dir = race.work / "gammu-smsd";
    for (const char* d : {"inbox", "outbox", "sent", "error"}) fs::create_directories(dir / d);
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
    watch(race, child, devices, t0,
          [&] { return device_inbox(devices) == 0 && count_files(dir / "inbox") >= race.parts; }, run);
    run.exit = child.stop(SIGTERM, std::chrono::seconds(10));
    run.stored = count_files(dir / "inbox");
    if (run.ok && run.stored != race.parts) {
        run.ok = false;
        run.note = fmt::format("{} files stored, {} parts expected", run.stored, race.parts);
    }
    return run;
}

InboxRun run_smsgw(const InboxRace& race, const SmsgwSetup& setup) {
    const auto devices = fresh_copy(race, setup.name, setup.modems == 1 ? std::vector<fs::path>{race.inbox} : race.split);
    const fs::path dir = race.work / setup.name;
    const fs::path db = dir / "smsgw.db";
    // Replies are queued, not sent (send = false): gammu-smsd sends nothing either. The per-sender
    // reply limit is lifted so every message queues its reply. Nothing else differs from the defaults.
    std::string config = fmt::format(R"([gateway]
database = "{0}/smsgw.db"
codebook = "{1}"
export_dir = "{0}/exports"
export_interval = "1h"
summary_interval = "1h"
replies_per_sender_per_hour = 10000
)",
                                     dir.string(), setup.codebook);
    std::vector<std::string> names;
    for (std::size_t i = 0; i < devices.size(); ++i) {
        names.push_back(devices.size() == 1 ? std::string("dummy") : fmt::format("dummy{}", i + 1));
        config += fmt::format(R"(
[modems.{}]
device = "{}"
connection = "none"
model = "dummy"
send = false
)",
                              names.back(), devices[i].string());
        if (setup.poll_interval) config += fmt::format("poll_interval = \"{}ms\"\n", setup.poll_interval->count());
    }
    write_file(dir / "smsgw.toml", config);
    InboxRun run;
    const smsgw::test::StoreProbe probe(db);
    const std::string processed = "SELECT count(*) FROM message WHERE state = 'processed'";
    const auto t0 = Clock::now();
    ChildProcess child({setup.smsgw, "run", "--config", (dir / "smsgw.toml").string()}, (dir / "output.txt").string());
    ConsoleWatch console(dir / "output.txt", names);
    watch(
        race, child, devices, t0,
        [&] {
            auto n = probe.number(processed);
            return n && *n >= static_cast<std::int64_t>(race.messages);
        },
        run,
        [&](double now) {
            if (!run.running_seconds && console.all_running()) run.running_seconds = now;
            if (!run.first_part_seconds && probe.number("SELECT EXISTS (SELECT 1 FROM part)").value_or(0) > 0)
                run.first_part_seconds = now;
        });
    run.exit = child.stop(SIGTERM, std::chrono::seconds(15));
    run.stored = static_cast<std::size_t>(probe.number(processed).value_or(0));
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
