// The real daemon against hostile SIM records (hostile_records.*) through libgammu's real AT driver and the fake
// modem: unreadable records quarantined once and deleted, crashing ones cost the modem process a restart and
// never the daemon, a modem process killed or stopped from outside loses and doubles nothing.
#include "hostile_records.hpp"
#include "rig.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <csignal>
#include <cstdint>
#include <sstream>
#include <thread>

using namespace smsgw::e2e;
using namespace std::chrono_literals;

namespace {

const std::filesystem::path tiny_codebook{SMSGW_TEST_DATA "/codebooks/tiny"};
const std::string modem_name = "at1";

// Monitors of the tiny codebook and a station each may report on.
struct TinyMonitor {
    std::string phone, station;
};
const std::vector<TinyMonitor> tiny_monitors = {
    {"+77010000001", "01001"}, {"+77010000006", "02001"}, {"+77010000007", "02002"}, {"+77010000005", "01005"}};

// One SIM location's content as the script stores it, in order: locations 1, 2, ... at start-up.
struct SimEntry {
    const HostileRecord* record = nullptr;  // null: a valid report
    std::string sender, text;               // a valid report
    std::string directive;
};

bool is_hex(std::string_view s) {
    return !s.empty() && s.size() % 2 == 0 &&
           std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}

// What the daemon must keep as pdu_hex: the PDU in upper case, or the hex of a garbled line's characters.
std::string expected_pdu_hex(const HostileRecord& r) {
    std::string out;
    if (is_hex(r.pdu_hex)) {
        for (char c : r.pdu_hex) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return out;
    }
    for (unsigned char c : r.pdu_hex) out += fmt::format("{:02X}", c);
    return out;
}

// The SIM's script: valid reports (hostile_records' own first, then incidents with distinct texts and
// SMSC times, so each is one SMS and a second reading of the same SIM is a redelivery) and records.
class SimPlan {
public:
    void valid() {
        const int n = valid_count_++;
        SimEntry e;
        if (n < static_cast<int>(valid_reports().size())) {
            const auto& v = valid_reports()[static_cast<std::size_t>(n)];
            e.sender = v.sender;
            e.text = v.text;
            e.directive = fake_modem_directive(v);
        } else {
            const auto& m = tiny_monitors[static_cast<std::size_t>(n) % tiny_monitors.size()];
            e.sender = m.phone;
            e.text = fmt::format("N {} {} @ hostile night {}", m.station, 1 + n % 3, n);
            e.directive = fmt::format("sms time=2026-03-01T21:{:02}:{:02}+06:00 {} {}", n / 60, n % 60, e.sender, e.text);
        }
        entries_.push_back(std::move(e));
    }
    void hostile(const HostileRecord& r) {
        SimEntry e;
        e.record = &r;
        e.directive = fake_modem_directive(r);
        entries_.push_back(std::move(e));
    }
    // Directives for the entries [from, to).
    std::string directives(std::size_t from = 0, std::size_t to = SIZE_MAX) const {
        std::string s;
        for (std::size_t i = from; i < std::min(to, entries_.size()); ++i) s += entries_[i].directive + "\n";
        return s;
    }
    const std::vector<SimEntry>& entries() const { return entries_; }
    std::vector<std::pair<std::string, std::string>> messages() const {
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto& e : entries_)
            if (!e.record) out.emplace_back(e.sender, e.text);
        return out;
    }
    std::vector<const HostileRecord*> records() const {
        std::vector<const HostileRecord*> out;
        for (const auto& e : entries_)
            if (e.record) out.push_back(e.record);
        return out;
    }

private:
    std::vector<SimEntry> entries_;
    int valid_count_ = 0;
};

// Where the fake modem stored the record: its log's "ev stored at N: PDU" line (-1 when not stored).
int stored_location(const FakeModemFiles& modem, const HostileRecord& r) {
    const std::string log = modem.log();
    const std::string tail = ": " + std::string(r.pdu_hex) + "\n";
    const std::string key = " ev stored at ";
    for (auto pos = log.find(key); pos != std::string::npos; pos = log.find(key, pos + 1)) {
        const auto eol = log.find('\n', pos);
        const auto colon = log.find(": ", pos);
        if (colon == std::string::npos || eol == std::string::npos || colon > eol) continue;
        if (log.compare(colon, tail.size(), tail) == 0) return std::stoi(log.substr(pos + key.size(), colon - pos - key.size()));
    }
    return -1;
}

struct QuarantineRow {
    std::int64_t id = 0;
    int location = 0;
    std::string modem, imei, error, reason, pdu_hex;
};

std::vector<QuarantineRow> quarantine_rows(const StoreProbe& store) {
    std::vector<QuarantineRow> out;
    const auto lines = store.column(
        "SELECT id || char(9) || modem || char(9) || imei || char(9) || location || char(9) || error || char(9) || pdu_hex"
        " || char(9) || reason FROM quarantine ORDER BY id");
    for (const auto& line : lines) {
        std::vector<std::string> f;
        std::size_t start = 0;
        for (int i = 0; i < 6; ++i) {
            const auto tab = line.find('\t', start);
            f.push_back(line.substr(start, tab - start));
            start = tab == std::string::npos ? line.size() : tab + 1;
        }
        f.push_back(line.substr(start));
        QuarantineRow r;
        r.id = std::stoll(f[0]);
        r.modem = f[1];
        r.imei = f[2];
        r.location = std::stoi(f[3]);
        r.error = f[4];
        r.pdu_hex = f[5];
        r.reason = f[6];
        out.push_back(std::move(r));
    }
    return out;
}

// The console's lines at level ERROR that contain `needle`.
std::vector<std::string> error_lines_with(const std::string& console, const std::string& needle) {
    std::vector<std::string> out;
    std::istringstream in(console);
    for (std::string line; std::getline(in, line);)
        if (line.find(" ERROR ") != std::string::npos && line.find(needle) != std::string::npos) out.push_back(line);
    return out;
}

// The daemon's children that are modem processes (`smsgw modem-process`), from /proc.
std::vector<pid_t> modem_processes(pid_t daemon) {
    std::vector<pid_t> out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
        const std::string stat = slurp(entry.path() / "stat");
        const auto close = stat.rfind(')');
        if (close == std::string::npos) continue;
        std::istringstream rest(stat.substr(close + 2));
        char state = 0;
        pid_t ppid = 0;
        rest >> state >> ppid;
        if (ppid != daemon || state == 'Z') continue;
        std::string cmdline = slurp(entry.path() / "cmdline");
        std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
        if (cmdline.find("modem-process") != std::string::npos) out.push_back(static_cast<pid_t>(std::stol(name)));
    }
    return out;
}

// The one modem process of the daemon, -1 while there is none (or more than one).
pid_t modem_process(pid_t daemon) {
    const auto v = modem_processes(daemon);
    return v.size() == 1 ? v.front() : -1;
}

char process_state(pid_t pid) {
    const std::string stat = slurp(fmt::format("/proc/{}/stat", pid));
    const auto close = stat.rfind(')');
    return close == std::string::npos || close + 2 >= stat.size() ? 0 : stat[close + 2];
}

// A gateway on the tiny codebook with one fake AT modem.
struct Rig {
    TempDir dir;
    FakeModemFiles modem;
    GatewayConfig cfg;
    DaemonProcess daemon;
    StoreProbe store;
    std::chrono::steady_clock::time_point t0;
    pid_t daemon_pid = -1;

    Rig(const std::string& name, const std::string& script, const std::string& heartbeat = "")
        : dir(name), modem(dir.path, "at1"), daemon(dir / "smsgw.toml", dir / "console.log"), store(dir / "smsgw.db") {
        modem.write_script(script);
        cfg = basic_config(dir.path, tiny_codebook);
        if (!heartbeat.empty()) cfg.gateway.emplace_back("modem_heartbeat_timeout", toml_string(heartbeat));
        cfg.modems.push_back(ModemSection::proxyat(modem_name, modem.command(), "1s"));
        cfg.write(dir / "smsgw.toml");
    }

    void start() {
        t0 = std::chrono::steady_clock::now();
        daemon.start();
        daemon_pid = daemon.process().pid();
        REQUIRE_MESSAGE(daemon.wait_ready(30s), daemon.console());
    }

    // Waits for pred() while checking that the daemon is still the one started (it never exits).
    template <class Pred>
    bool wait(std::chrono::milliseconds timeout, Pred&& pred) {
        bool died = false;
        const bool ok = wait_until(timeout, [&] {
            if (!daemon.running()) {
                died = true;
                return true;
            }
            return pred();
        }, 50ms);
        REQUIRE_MESSAGE(!died, "the daemon (pid " << daemon_pid << ") ended: "
                                                  << describe_status(daemon.process().wait(0ms)) << "\n"
                                                  << daemon.console());
        return ok;
    }

    // The SIM empty and every script message delivered.
    bool wait_sim_empty(int script_messages, std::chrono::milliseconds timeout) {
        return wait(timeout, [&] { return modem.delivered() == script_messages && modem.sim_messages() == 0; });
    }

    // SIGTERM to the daemon started by start(): wait() made sure it never ended before.
    void stop() {
        const auto status = daemon.terminate(60s);
        CHECK_MESSAGE(describe_status(status) == "exit 0", daemon.console_this_run());
    }
};

// Exactly the `expected` (sender, text) messages stored, once each, processed, with parse's verdict and reply.
void check_messages(const StoreProbe& store, const std::vector<std::pair<std::string, std::string>>& expected) {
    const Corpus corpus = Corpus::of(tiny_codebook, expected);
    const CorpusCheck check = check_store(store, corpus, -1);
    CHECK_MESSAGE(check.ok(), check.text());
}

// Each record of the plan quarantined exactly once at the location the fake modem stored it, with its
// bytes, and one console ERROR line each; nothing else quarantined.
void check_quarantine(const Rig& rig, const std::vector<const HostileRecord*>& records, const std::string& console) {
    const auto rows = quarantine_rows(rig.store);
    CHECK_MESSAGE(rows.size() == records.size(), rows.size() << " rows in quarantine for " << records.size() << " records");
    for (const auto* r : records) {
        const int loc = stored_location(rig.modem, *r);
        CHECK_MESSAGE(loc > 0, r->name << " never stored by the fake modem");
        const std::string want_hex = expected_pdu_hex(*r);
        std::vector<const QuarantineRow*> mine;
        for (const auto& row : rows)
            if (row.pdu_hex == want_hex) mine.push_back(&row);
        INFO(r->name, " (", expect_name(r->expected), ", ", r->outcome, ") at SIM location ", loc);
        REQUIRE_MESSAGE(mine.size() == 1, r->name << " quarantined " << mine.size() << " times\n" << console);
        const QuarantineRow& q = *mine.front();
        CHECK(q.modem == modem_name);
        CHECK(q.location == loc);
        CHECK(q.imei == "352099001761481");
        CHECK_FALSE(q.error.empty());
        CHECK_FALSE(q.reason.empty());
        switch (r->expected) {
            case HostileExpect::decode_error:
                CHECK_MESSAGE(q.error == r->outcome, "error " << q.error << ", reason " << q.reason);
                break;
            case HostileExpect::readable:
                CHECK_MESSAGE(q.error == (r->outcome == "SMS_Submit" ? "SMS-SUBMIT" : "SMS-STATUS-REPORT"),
                              "error " << q.error << ", reason " << q.reason);
                break;
            case HostileExpect::crash:
                // The signal that killed the reading process (the table's, or SIGSYS if the sandbox refused
                // what the libc's crash path does): a signal name in any case.
                CHECK_MESSAGE(q.error.rfind("SIG", 0) == 0, "error " << q.error << ", reason " << q.reason);
                if (q.error != r->outcome) MESSAGE(r->name << ": killed by " << q.error << ", the table says " << r->outcome);
                break;
        }
        const auto lines = error_lines_with(console, fmt::format("{}: SIM location {} quarantined (#{})", modem_name, loc, q.id));
        CHECK_MESSAGE(lines.size() == 1, lines.size() << " console lines for " << r->name << "\n" << console);
    }
    CHECK(error_lines_with(console, " quarantined (#").size() == records.size());
}

// Records that do not kill the reader: every decode error, and the readable ones that are not SMS-DELIVERs.
std::vector<const HostileRecord*> unreadable_records() {
    std::vector<const HostileRecord*> out;
    for (const auto& r : hostile_records()) {
        if (r.expected == HostileExpect::decode_error) out.push_back(&r);
        else if (r.expected == HostileExpect::readable && r.outcome != "SMS_Deliver") out.push_back(&r);
    }
    return out;
}

// Case 1's SIM: a valid report, then each unreadable record followed by a valid report, the WAP push among them.
SimPlan unreadable_plan() {
    SimPlan plan;
    plan.valid();
    for (const auto* r : unreadable_records()) {
        plan.hostile(*r);
        plan.valid();
    }
    plan.hostile(hostile_record("wap_push"));
    plan.valid();
    return plan;
}

// The plan's records that must be quarantined (the WAP push is an SMS-DELIVER: it goes to the pipeline).
std::vector<const HostileRecord*> quarantinable(const SimPlan& plan) {
    auto v = plan.records();
    std::erase_if(v, [](const HostileRecord* r) { return r->name == "wap_push"; });
    return v;
}

// The WAP push as stored: one message from its sender; its text is whatever the 8-bit data became.
std::pair<std::string, std::string> stored_wap_push(const StoreProbe& store, const SimPlan& plan) {
    std::string in_list;
    for (const auto& [sender, text] : plan.messages()) in_list += (in_list.empty() ? "'" : ",'") + sender + "'";
    const auto rows = store.column("SELECT sender || char(9) || text FROM message WHERE sender NOT IN (" + in_list + ")");
    REQUIRE_MESSAGE(rows.size() == 1, rows.size() << " messages from other senders than the valid reports'");
    const auto tab = rows.front().find('\t');
    return {rows.front().substr(0, tab), rows.front().substr(tab + 1)};
}

int process_deaths(const std::string& console) {
    return static_cast<int>(error_lines_with(console, modem_name + ": its process (pid ").size());
}

// Runs case 1's SIM on `rig` until the SIM is empty and everything is processed; the checks of case 1.
void run_unreadable_sim(Rig& rig, const SimPlan& plan, bool first_run) {
    const int script_messages = static_cast<int>(plan.entries().size());
    // Well before the modem's ack_wait (60 s), after which whatever was not acknowledged is offered again.
    const bool empty = rig.wait_sim_empty(script_messages, 30s);
    CHECK_MESSAGE(empty, "SIM: " << rig.modem.sim_messages() << " records left\n" << rig.daemon.console_this_run());
    const double empty_s = seconds_since(rig.t0);
    const auto expected_messages = static_cast<std::int64_t>(plan.messages().size() + 1);  // + the WAP push
    CHECK_MESSAGE(rig.wait(30s, [&] { return wait_processed(rig.store, expected_messages, 0ms); }), rig.daemon.console_this_run());
    MESSAGE(fmt::format("{}: {} records and {} valid reports on the SIM; SIM empty after {:.1f} s", first_run ? "first run" : "second run",
                        plan.records().size(), plan.messages().size(), empty_s));
    // A record that libgammu only fails to decode never costs the modem its process.
    CHECK_MESSAGE(process_deaths(rig.daemon.console_this_run()) == 0, rig.daemon.console_this_run());
    CHECK(modem_process(rig.daemon_pid) > 0);
}

}  // namespace

TEST_CASE("every unreadable SIM record between valid reports: each quarantined once and deleted, the reports flow, "
          "the daemon never restarts") {
    const SimPlan plan = unreadable_plan();
    Rig rig("hostile-unreadable", "sim-size 60\n" + plan.directives());
    rig.start();
    run_unreadable_sim(rig, plan, true);
    rig.stop();

    const std::string console = rig.daemon.console();
    auto expected = plan.messages();
    const auto wap = stored_wap_push(rig.store, plan);
    CHECK(wap.first == "+11476124010");
    CHECK(is_hex(wap.second));  // 8-bit data: kept as hex text, a message like any other
    expected.push_back(wap);
    check_messages(rig.store, expected);
    check_quarantine(rig, quarantinable(plan), console);
    CHECK(rig.store.scalar("SELECT count(*) FROM quarantine WHERE pdu_hex = '" + expected_pdu_hex(hostile_record("wap_push")) + "'") == 0);
    // Each location deleted once: the quarantined ones unread with a raw AT+CMGD, the reports after their commit.
    const std::string log = rig.modem.log();
    std::string not_once;
    for (std::size_t loc = 1; loc <= plan.entries().size(); ++loc)
        if (const int n = occurrences(log, fmt::format(" ev deleted {}\n", loc)); n != 1)
            not_once += fmt::format(" {} ({}x{})", loc, n, plan.entries()[loc - 1].record ? ", a record" : ", a report");
    CHECK_MESSAGE(not_once.empty(), "SIM locations not deleted exactly once:" << not_once);
}

TEST_CASE("the three records that crash libgammu 1.42 between valid reports: the modem process dies and restarts, "
          "each record quarantined once, the daemon never restarts") {
    SimPlan plan;
    plan.valid();
    for (const auto& r : hostile_records())
        if (r.expected == HostileExpect::crash) {
            plan.hostile(r);
            plan.valid();
        }
    REQUIRE(plan.records().size() == 3);
    Rig rig("hostile-crash", "sim-size 30\n" + plan.directives());
    rig.start();
    const int script_messages = static_cast<int>(plan.entries().size());
    const bool empty = rig.wait_sim_empty(script_messages, 30s);
    CHECK_MESSAGE(empty, "SIM: " << rig.modem.sim_messages() << " records left\n" << rig.daemon.console());
    const double empty_s = seconds_since(rig.t0);
    CHECK_MESSAGE(rig.wait(30s, [&] { return wait_processed(rig.store, static_cast<std::int64_t>(plan.messages().size()), 0ms); }),
                  rig.daemon.console());
    const std::string console = rig.daemon.console();
    const int deaths = process_deaths(console);
    MESSAGE(fmt::format("3 crash records, {} valid reports: SIM empty after {:.1f} s, {} modem process deaths, {} fake modem starts",
                        plan.messages().size(), empty_s, deaths, rig.modem.starts()));
    CHECK(modem_process(rig.daemon_pid) > 0);  // a modem process runs again
    rig.stop();

    check_messages(rig.store, plan.messages());
    check_quarantine(rig, plan.records(), rig.daemon.console());
    // Each crash named its record: "killed by SIGx while reading SIM location N; a new one starts in 1000 ms".
    for (const auto* r : plan.records()) {
        const int loc = stored_location(rig.modem, *r);
        CHECK_MESSAGE(error_lines_with(console, fmt::format("while reading SIM location {};", loc)).size() == 1, r->name << "\n"
                                                                                                                    << console);
    }
    CHECK(deaths >= 3);
    CHECK(deaths <= 4);  // one per record, and the first may come while listing the SIM (culprit unknown yet)
    CHECK(error_lines_with(console, "a new one starts in").size() == static_cast<std::size_t>(deaths));
}

TEST_CASE("a crash record arriving while the daemon runs: announced by +CMTI, quarantined, the reports around it flow") {
    SimPlan plan;
    plan.valid();
    plan.valid();
    const std::size_t later = plan.entries().size();
    plan.hostile(hostile_record("gammu_overflow_oa_digits"));
    plan.valid();
    // Stored once libgammu enabled notifications and the two reports at start-up were read and
    // deleted, so the first read of the record is the one a +CMTI triggers in a running process.
    Rig rig("hostile-late", "sim-size 30\n" + plan.directives(0, later) + "wait-for AT+CNMI=2\nwait-for AT+CMGD 2\n" +
                                plan.directives(later) + "announce\n");
    rig.start();
    // The reports at start-up first, then the announcement.
    CHECK_MESSAGE(rig.wait(30s, [&] { return wait_processed(rig.store, 2, 0ms); }), rig.daemon.console());
    const bool empty = rig.wait_sim_empty(static_cast<int>(plan.entries().size()), 30s);
    CHECK_MESSAGE(empty, "SIM: " << rig.modem.sim_messages() << " records left\n" << rig.daemon.console());
    MESSAGE(fmt::format("announced crash record: SIM empty after {:.1f} s", seconds_since(rig.t0)));
    CHECK_MESSAGE(rig.wait(30s, [&] { return wait_processed(rig.store, static_cast<std::int64_t>(plan.messages().size()), 0ms); }),
                  rig.daemon.console());
    const std::string console = rig.daemon.console();
    CHECK(process_deaths(console) >= 1);
    CHECK(modem_process(rig.daemon_pid) > 0);
    rig.stop();
    check_messages(rig.store, plan.messages());
    check_quarantine(rig, plan.records(), rig.daemon.console());
    const int loc = stored_location(rig.modem, hostile_record("gammu_overflow_oa_digits"));
    CHECK_MESSAGE(error_lines_with(console, fmt::format("while reading SIM location {};", loc)).size() == 1, console);
}

TEST_CASE("the modem process killed with SIGKILL, then stopped with SIGSTOP, while reports flow: nothing lost or "
          "doubled, the stopped one replaced after the heartbeat timeout") {
    SimPlan plan;
    for (int i = 0; i < 3; ++i) plan.valid();
    std::string script = "sim-size 40\n" + plan.directives() + "wait-for AT+CNMI=2\n";
    for (int round = 0; round < 16; ++round) {
        const std::size_t from = plan.entries().size();
        plan.valid();
        plan.valid();
        script += "wait-ms 400\n" + plan.directives(from) + "announce\n";
    }
    Rig rig("hostile-kill", script, "5s");
    rig.start();
    const auto total = static_cast<std::int64_t>(plan.messages().size());

    // SIGKILL while reports are still arriving.
    REQUIRE_MESSAGE(rig.wait(30s, [&] { return wait_processed(rig.store, 5, 0ms); }), rig.daemon.console());
    const pid_t first = modem_process(rig.daemon_pid);
    REQUIRE(first > 0);
    REQUIRE(::kill(first, SIGKILL) == 0);
    const auto killed = std::chrono::steady_clock::now();
    pid_t second = -1;
    REQUIRE_MESSAGE(rig.wait(15s, [&] {
        second = modem_process(rig.daemon_pid);
        return second > 0 && second != first;
    }), rig.daemon.console());
    const double respawn_s = seconds_since(killed);
    CHECK(error_lines_with(rig.daemon.console(), fmt::format("its process (pid {}) killed by SIGKILL", first)).size() == 1);

    // SIGSTOP: no heartbeat, killed after modem_heartbeat_timeout (5 s) and replaced.
    const auto processed_before = rig.store.counts();
    REQUIRE(processed_before);
    CHECK_MESSAGE(processed_before->messages_processed < total, "the stop should land while reports still arrive");
    // The new process has connected and enabled notifications (libgammu's AT+CNMI=2 on the new fake modem).
    REQUIRE(rig.wait(15s, [&] { return occurrences(rig.modem.log(), "rx AT+CNMI=2") >= 2; }));
    REQUIRE(::kill(second, SIGSTOP) == 0);
    const auto stopped = std::chrono::steady_clock::now();
    REQUIRE_MESSAGE(rig.wait(20s, [&] { return process_state(second) == 0; }), rig.daemon.console());
    const double killed_after_s = seconds_since(stopped);
    pid_t third = -1;
    REQUIRE_MESSAGE(rig.wait(20s, [&] {
        third = modem_process(rig.daemon_pid);
        return third > 0 && third != second;
    }), rig.daemon.console());
    const double replaced_after_s = seconds_since(stopped);
    // The daemon looks at the heartbeat every second; the new process starts after the backoff (2 s: the
    // second death in a row). A loaded CI machine adds a little.
    CHECK(killed_after_s >= 4.5);
    CHECK(killed_after_s <= 8.0);
    CHECK(replaced_after_s <= 11.0);
    const auto stop_lines = error_lines_with(rig.daemon.console(), fmt::format("its process (pid {})", second));
    CHECK_MESSAGE(stop_lines.size() == 1, rig.daemon.console());
    if (!stop_lines.empty()) CHECK_MESSAGE(stop_lines.front().find("heartbeat for 5 s") != std::string::npos, stop_lines.front());

    const bool empty = rig.wait_sim_empty(static_cast<int>(plan.entries().size()), 30s);
    CHECK_MESSAGE(empty, rig.daemon.console());
    CHECK_MESSAGE(rig.wait(30s, [&] { return wait_processed(rig.store, total, 0ms); }), rig.daemon.console());
    MESSAGE(fmt::format("SIGKILL: new modem process after {:.1f} s; SIGSTOP: killed after {:.1f} s, replaced after {:.1f} s; "
                        "{} reports, all processed after {:.1f} s",
                        respawn_s, killed_after_s, replaced_after_s, total, seconds_since(rig.t0)));
    rig.stop();
    check_messages(rig.store, plan.messages());
    // Nothing killed from outside is a record's fault.
    CHECK(quarantine_rows(rig.store).empty());
}

TEST_CASE("the same unreadable SIM again after a daemon restart (same database, a fresh SIM with the same records): "
          "every record and report stored once") {
    const SimPlan plan = unreadable_plan();
    const std::string script = "sim-size 60\n" + plan.directives();
    Rig rig("hostile-again", script);
    rig.start();
    run_unreadable_sim(rig, plan, true);
    rig.stop();
    const auto first_rows = quarantine_rows(rig.store);
    const auto first_counts = rig.store.counts();
    REQUIRE(first_counts);

    // A new SIM state holding the same records at the same locations: libgammu starts a new fake modem.
    std::filesystem::remove(rig.dir / "at1.state");
    std::filesystem::rename(rig.dir / "at1.log", rig.dir / "at1.first.log");
    rig.start();
    run_unreadable_sim(rig, plan, false);
    rig.stop();

    const std::string second_console = rig.daemon.console_this_run();
    CHECK_MESSAGE(error_lines_with(second_console, " quarantined (#").empty(), second_console);
    const auto rows = quarantine_rows(rig.store);
    CHECK(rows.size() == first_rows.size());
    for (std::size_t i = 0; i < std::min(rows.size(), first_rows.size()); ++i) {
        CHECK(rows[i].id == first_rows[i].id);
        CHECK(rows[i].pdu_hex == first_rows[i].pdu_hex);
    }
    check_quarantine(rig, quarantinable(plan), rig.daemon.console());
    auto expected = plan.messages();
    expected.push_back(stored_wap_push(rig.store, plan));
    check_messages(rig.store, expected);
    const auto counts = rig.store.counts();
    REQUIRE(counts);
    CHECK(counts->parts == first_counts->parts);
    CHECK(counts->messages_processed == first_counts->messages_processed);
}

TEST_CASE("a modem process killed from outside while it reads one SIM location: that location is not the record's fault") {
    // Location 1 a valid report, location 2 a crash record. The first process dies listing the SIM, so
    // the next reads one location at a time, and the fake modem leaves its AT+CMGR=1 unanswered: it
    // hangs inside the read of location 1 until this test kills it with SIGKILL (an operator, the
    // OOM killer). No record kills its reader with SIGKILL: the report must not be quarantined.
    SimPlan plan;
    plan.valid();
    plan.hostile(hostile_record("gammu_overflow_gsm7_udl255"));
    Rig rig("hostile-outside", "sim-size 5\nsilent-on AT+CMGR=1\n" + plan.directives());
    rig.start();
    pid_t hung = -1;
    REQUIRE_MESSAGE(rig.wait(20s, [&] {
        const std::string log = rig.modem.log();
        const auto second = log.find(" ev start pid ", log.find(" ev start pid ") + 1);
        if (second == std::string::npos || log.find("rx AT+CMGR=1", second) == std::string::npos) return false;
        hung = modem_process(rig.daemon_pid);
        return hung > 0;
    }), rig.daemon.console() << rig.modem.log());
    std::this_thread::sleep_for(300ms);  // inside GSM_GetSMS of location 1, waiting for the answer
    REQUIRE(::kill(hung, SIGKILL) == 0);
    REQUIRE_MESSAGE(rig.wait(10s, [&] { return error_lines_with(rig.daemon.console(), fmt::format("its process (pid {})", hung)).size() == 1; }),
                    rig.daemon.console());
    // Give a wrong verdict the time to reach the store and the next process the time to delete it.
    const pid_t before = modem_process(rig.daemon_pid);
    rig.wait(3s, [&] { const pid_t now = modem_process(rig.daemon_pid); return now > 0 && now != before && now != hung; });
    std::this_thread::sleep_for(500ms);
    const std::string console = rig.daemon.console();
    const auto rows = quarantine_rows(rig.store);
    for (const auto& row : rows)
        CHECK_MESSAGE(row.location != 1, "the valid report at SIM location 1 quarantined as " << row.error << ": " << row.reason
                                                                                                << "\n" << console);
    CHECK_MESSAGE(error_lines_with(console, "SIM location 1 quarantined").empty(), console);
    CHECK_MESSAGE(rig.modem.log().find(" ev deleted 1\n") == std::string::npos, "the valid report was deleted from the SIM unstored\n"
                                                                                    << console);
    CHECK(rig.store.scalar("SELECT count(*) FROM message") == 0);  // it could not be read: it must still be waiting
    rig.stop();
}
