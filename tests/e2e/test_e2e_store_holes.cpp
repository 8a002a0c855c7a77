// The real daemon against the ways a report used to be lost or doubled (issue 18): a SIM record the modem will
// not delete and whose SMSC time is invalid, a damaged or emptied database, and another process's database lock.
#include "notify_socket.hpp"
#include "rig.hpp"

#include "daemon/modem/dummy_device.hpp"
#include "daemon/modem/inject_sms.hpp"
#include "daemon/store/store.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <thread>

#include <sys/stat.h>

using namespace smsgw::e2e;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

const fs::path tiny_codebook{SMSGW_TEST_DATA "/codebooks/tiny"};

// An SMS-DELIVER from +77010000001 in UCS-2 whose SMSC time stamp says month 13: libgammu passes it
// through, smsgw keeps no SMSC time for it. Built here byte by byte (3GPP TS 23.040 9.2.2.1).
std::string pdu_with_invalid_time(const std::string& ascii_text) {
    std::string pdu = "07917710000000F0";  // SMSC +77010000000
    pdu += "04";                           // SMS-DELIVER, no more messages
    pdu += "0B917710000000F1";             // originator +77010000001
    pdu += "00";                           // protocol id
    pdu += "08";                           // UCS-2
    pdu += "62311021000000";               // 2026-13-01 12:00:00 +00:00: there is no month 13
    pdu += fmt::format("{:02X}", ascii_text.size() * 2);
    for (unsigned char c : ascii_text) pdu += fmt::format("00{:02X}", c);
    return pdu;
}

// A gateway on the tiny codebook with one dummy-driver modem, sim1, whose device holds two reports
// with `make_bad(path)`'s record between them (location 10002); started, ready.
struct BadRecordGateway {
    TempDir dir;
    fs::path device;
    DaemonProcess daemon;
    StoreProbe store;

    template <class MakeBad>
    BadRecordGateway(const std::string& name, MakeBad make_bad, std::vector<std::pair<std::string, std::string>> gateway = {})
        : dir(name), device(dir / "sim1"), daemon(dir / "smsgw.toml", dir / "console.log"), store(dir / "smsgw.db") {
        fs::create_directories(device);
        smsgw::inject_sms(device.string(), "+77010000001", "N 01001 1 @ before the bad record");
        make_bad(device / "sms" / "1" / "2");
        smsgw::inject_sms(device.string(), "+77010000006", "N 02001 2 @ after the bad record");
        GatewayConfig cfg = basic_config(dir.path, tiny_codebook);
        cfg.gateway = std::move(gateway);
        cfg.modems.push_back(ModemSection::dummy("sim1", device, "200ms"));
        cfg.write(dir / "smsgw.toml");
        daemon.start();
        REQUIRE_MESSAGE(daemon.wait_ready(30s), daemon.console());
    }
};

// A database of our own with `n` stored parts, as a night of traffic leaves it, WAL folded back.
void fill_database(const fs::path& db, int n) {
    smsgw::store::Store s(db.string());
    std::vector<smsgw::ingest::Part> parts;
    for (int i = 0; i < n; ++i) {
        smsgw::ingest::Part p;
        p.modem = "at1";
        p.imei = "352099001761481";
        p.location = i;
        p.sender = fmt::format("+7701{:07}", i);
        p.smsc_time = "2026-03-01T20:00:00+06:00";
        p.received_at = std::chrono::system_clock::now();
        p.text = fmt::format("N 01001 1 @ a long evening of reports, number {}", i);
        p.coding = "gsm7";
        parts.push_back(std::move(p));
    }
    REQUIRE(s.store_parts(parts).ok());
    REQUIRE(s.checkpoint().ok());
}

// Holds SQLite's write lock on `db` from this process, as an operator's sqlite3 session would.
class WriteLock {
public:
    explicit WriteLock(const fs::path& db) {
        REQUIRE(sqlite3_open(db.c_str(), &db_) == SQLITE_OK);
        sqlite3_busy_timeout(db_, 10000);
        REQUIRE(sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    }
    ~WriteLock() { release(); }
    void release() {
        if (!db_) return;
        sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
        sqlite3_close(db_);
        db_ = nullptr;
    }

private:
    sqlite3* db_ = nullptr;
};

// The longest time between two watchdog pings in [from, to), counting the edges.
std::chrono::milliseconds longest_ping_gap(smsgw::test::NotifySocket& systemd, std::chrono::steady_clock::time_point from,
                                           std::chrono::steady_clock::time_point to) {
    auto last = from;
    std::chrono::steady_clock::duration longest{};
    for (auto t : systemd.times_of("WATCHDOG=1")) {
        if (t < from || t >= to) continue;
        longest = std::max(longest, t - last);
        last = t;
    }
    longest = std::max(longest, to - last);
    return std::chrono::duration_cast<std::chrono::milliseconds>(longest);
}

}  // namespace

TEST_CASE("an SMS without a valid SMSC time that the modem will not delete is stored and answered once; "
          "the refusal is said once, counted in status, and 5 stuck records raise the alarm") {
    TempDir dir("undeletable");
    FakeModemFiles modem(dir.path, "at1");
    std::string script = "imei 352099001761481\nerror-on AT+CMGD +CMS ERROR: 500\n";
    for (int k = 1; k <= 5; ++k) script += "pdu " + pdu_with_invalid_time(fmt::format("N 01001 {} @ stuck record {}", 1 + k % 3, k)) + "\n";
    modem.write_script(script);
    GatewayConfig cfg = basic_config(dir.path, tiny_codebook);
    cfg.modems.push_back(ModemSection::proxyat("at1", modem.command(), "500ms"));
    cfg.write(dir / "smsgw.toml");
    DaemonProcess daemon(dir / "smsgw.toml", dir / "console.log");
    StoreProbe store(dir / "smsgw.db");
    daemon.start();
    REQUIRE_MESSAGE(daemon.wait_ready(30s), daemon.console());

    REQUIRE_MESSAGE(wait_until(30s, [&] { return store.scalar("SELECT count(*) FROM message") >= 5; }), daemon.console());
    // Read, acknowledged and refused again and again: at least 8 more deletes per record.
    REQUIRE_MESSAGE(wait_until(60s, [&] { return occurrences(modem.log(), "AT+CMGD=") >= 5 * 8; }), daemon.console());
    CHECK(daemon.running());
    const std::string console = daemon.console();
    INFO(console);
    CHECK(store.scalar("SELECT count(*) FROM part") == 5);
    CHECK(store.scalar("SELECT count(*) FROM message") == 5);
    CHECK(store.scalar("SELECT count(*) FROM part WHERE smsc_time = ''") == 5);
    CHECK(store.scalar("SELECT count(*) FROM report") == 5);
    CHECK(store.scalar("SELECT count(*) FROM reply") == 5);  // one reply each, not one per read
    CHECK(modem.sim_messages() == 5);                          // still there: the modem refuses
    CHECK(occurrences(console, "at1: the modem refused to delete") == 1);
    CHECK(occurrences(console, "SIM records cannot be deleted") == 1);
    CHECK(occurrences(console, "at1: 5 SIM records cannot be deleted") == 1);
    CHECK(store.scalar("SELECT undeletable FROM modem WHERE name = 'at1'") == 5);
    CHECK(store.scalar("SELECT delete_failures FROM modem WHERE name = 'at1'") >= 5);

    const auto status = run_command({SMSGW_BINARY, "status", "--db", (dir / "smsgw.db").string()});
    CHECK_MESSAGE(status.out.find("deletes refused:") != std::string::npos, status.out);
    CHECK_MESSAGE(status.out.find("5 SIM records stuck") != std::string::npos, status.out);
    const auto json = run_command({SMSGW_BINARY, "status", "--db", (dir / "smsgw.db").string(), "--json"});
    CHECK_MESSAGE(json.out.find("\"undeletable\":5") != std::string::npos, json.out);

    // A kill -9 after the commit, before any delete could work: the next start stores nothing again.
    daemon.kill9();
    daemon.start();
    REQUIRE(daemon.wait_ready(30s));
    const int deletes = occurrences(modem.log(), "AT+CMGD=");
    REQUIRE(wait_until(30s, [&] { return occurrences(modem.log(), "AT+CMGD=") >= deletes + 10; }));
    CHECK(store.scalar("SELECT count(*) FROM part") == 5);
    CHECK(store.scalar("SELECT count(*) FROM reply") == 5);
    const auto stopped = daemon.terminate(60s);
    CHECK(describe_status(stopped) == "exit 0");
}

TEST_CASE("a damaged database: the daemon does not start, says why in one ERROR with the way to recover, and the "
          "SIM is not touched; the README's recovery gives a database it runs on") {
    TempDir dir("damaged");
    const fs::path db = dir / "smsgw.db";
    fill_database(db, 3000);
    const auto pages = static_cast<long>(fs::file_size(db) / 4096);
    REQUIRE(pages > 40);
    {
        std::fstream f(db, std::ios::in | std::ios::out | std::ios::binary);
        const std::string zeros(4096 * 3, '\0');
        f.seekp((pages / 2) * 4096);
        f.write(zeros.data(), static_cast<std::streamsize>(zeros.size()));
    }
    const std::string damaged = slurp(db);

    FakeModemFiles modem(dir.path, "at1");
    modem.write_script("imei 352099001761481\nsms +77010000001 N 01001 1 @ after the damage\n");
    GatewayConfig cfg = basic_config(dir.path, tiny_codebook);
    cfg.gateway.emplace_back("reply_policy", "\"none\"");  // not 3,000 replies to the filler's senders
    cfg.modems.push_back(ModemSection::proxyat("at1", modem.command(), "500ms"));
    cfg.write(dir / "smsgw.toml");
    DaemonProcess daemon(dir / "smsgw.toml", dir / "console.log");
    daemon.start();
    const auto status = daemon.process().wait(60s);
    const std::string console = daemon.console();
    INFO(console);
    CHECK(describe_status(status) == "exit 1");
    CHECK(error_lines(console) == 1);
    CHECK(console.find(db.string() + " is damaged") != std::string::npos);
    CHECK(console.find("nothing is deleted from any SIM") != std::string::npos);
    CHECK(console.find("smsgw recover --db " + db.string()) != std::string::npos);
    CHECK(modem.starts() == 0);        // no modem was even opened
    CHECK(slurp(db) == damaged);  // and not a byte of the file changed

    // README, "A damaged database": smsgw recover into a new file, then start on it. (Debian 12's sqlite3
    // shell cannot: its .recover stops with "SQL logic error", its .dump rolls back at the damage.)
    const fs::path recovered = dir / "recovered.db";
    const auto r = run_command({SMSGW_BINARY, "recover", "--db", db.string(), "--out", recovered.string()}, {}, 120s, true);
    INFO(r.out);
    REQUIRE(describe_status(r.status) == "exit 3");  // rows were lost with the zeroed pages
    CHECK(r.out.find("unreadable: row ids") != std::string::npos);
    CHECK(slurp(db) == damaged);  // recover only reads
    const auto parts_recovered =
        StoreProbe(recovered).scalar("SELECT count(*) FROM part");  // most of them: 3 pages are gone
    CHECK(parts_recovered > 2500);
    CHECK(parts_recovered < 3000);
    cfg.database = recovered;
    cfg.write(dir / "smsgw.toml");
    daemon.start();
    REQUIRE_MESSAGE(daemon.wait_ready(30s), daemon.console_this_run());
    StoreProbe store(recovered);
    CHECK(wait_until(30s, [&] { return store.scalar("SELECT count(*) FROM part") == parts_recovered + 1; }));
    CHECK(describe_status(daemon.terminate(60s)) == "exit 0");
}

TEST_CASE("damage that appears while the daemon runs: the periodic check finds it, ingest stops with one ERROR, and "
          "nothing more leaves the SIM") {
    TempDir dir("damagedlive");
    const fs::path db = dir / "smsgw.db";
    fill_database(db, 3000);
    const fs::path device = dir / "sim1";
    fs::create_directories(device);
    GatewayConfig cfg = basic_config(dir.path, tiny_codebook);
    cfg.gateway.emplace_back("integrity_check_interval", "\"1s\"");
    cfg.gateway.emplace_back("reply_policy", "\"none\"");
    cfg.modems.push_back(ModemSection::dummy("sim1", device, "200ms"));
    cfg.write(dir / "smsgw.toml");
    DaemonProcess daemon(dir / "smsgw.toml", dir / "console.log");
    StoreProbe store(db);
    daemon.start();
    REQUIRE_MESSAGE(daemon.wait_ready(60s), daemon.console());
    smsgw::inject_sms(device.string(), "+77010000001", "N 01001 1 @ before the disk fails");
    REQUIRE(wait_until(20s, [&] { return store.scalar("SELECT count(*) FROM part") == 3001; }));

    // The disk fails under it: three pages in the middle of the file, which the daemon has no reason to touch.
    const auto pages = static_cast<long>(fs::file_size(db) / 4096);
    {
        std::fstream f(db, std::ios::in | std::ios::out | std::ios::binary);
        const std::string zeros(4096 * 3, '\0');
        f.seekp((pages / 3) * 4096);
        f.write(zeros.data(), static_cast<std::streamsize>(zeros.size()));
    }
    REQUIRE_MESSAGE(daemon.wait_console("is damaged (PRAGMA quick_check while running", 20s), daemon.console());
    smsgw::inject_sms(device.string(), "+77010000006", "N 02001 2 @ after the disk failed");
    std::this_thread::sleep_for(4s);
    const std::string console = daemon.console();
    INFO(console);
    CHECK(daemon.running());
    CHECK(occurrences(console, " is damaged (") == 1);
    CHECK(console.find("smsgw recover --db " + db.string()) != std::string::npos);
    CHECK(console.find("after the disk failed") == std::string::npos);  // never ingested ...
    CHECK(smsgw::dummy_inbox_count(device.string()) == 1);               // ... and still on the SIM
    CHECK(describe_status(daemon.terminate(60s)) == "exit 0");
}

TEST_CASE("an existing empty database file is not silently a new count; --new-count begins one") {
    TempDir dir("emptydb");
    const fs::path db = dir / "smsgw.db";
    std::ofstream(db).flush();
    GatewayConfig cfg = basic_config(dir.path, tiny_codebook);
    fs::create_directories(dir / "sim1");
    cfg.modems.push_back(ModemSection::dummy("sim1", dir / "sim1"));
    cfg.write(dir / "smsgw.toml");
    DaemonProcess daemon(dir / "smsgw.toml", dir / "console.log");
    daemon.start();
    CHECK(describe_status(daemon.process().wait(60s)) == "exit 1");
    const std::string console = daemon.console();
    CHECK_MESSAGE(console.find("exists but is empty (0 bytes)") != std::string::npos, console);
    CHECK(error_lines(console) == 1);
    CHECK(fs::file_size(db) == 0);

    daemon.start({"--new-count"});
    REQUIRE_MESSAGE(daemon.wait_ready(30s), daemon.console_this_run());
    CHECK(describe_status(daemon.terminate(60s)) == "exit 0");
    CHECK(fs::file_size(db) > 0);
}

TEST_CASE("another process's write lock: the start waits instead of exiting; while running the event loop keeps "
          "pinging the watchdog, STATUS says locked, and the SMS wait on the SIM until the lock ends") {
    TempDir dir("locked");
    const fs::path device = dir / "sim1";
    fs::create_directories(device);
    GatewayConfig cfg = basic_config(dir.path, tiny_codebook);
    cfg.modems.push_back(ModemSection::dummy("sim1", device, "200ms"));
    cfg.write(dir / "smsgw.toml");
    const fs::path db = dir / "smsgw.db";
    fill_database(db, 10);  // the database exists, so another program can lock it

    smsgw::test::NotifySocket systemd(dir / "notify.sock");
    ::setenv("WATCHDOG_USEC", "3000000", 1);  // WatchdogSec=3: a ping every 1.5 s
    struct Unset {
        ~Unset() { ::unsetenv("WATCHDOG_USEC"); }
    } unset;
    DaemonProcess daemon(dir / "smsgw.toml", dir / "console.log");
    StoreProbe store(db);

    // 1. Locked before the start: one WARN, no exit, ready once the lock ends.
    auto lock = std::make_unique<WriteLock>(db);
    daemon.start();
    REQUIRE_MESSAGE(daemon.wait_console("is locked by another process", 20s), daemon.console());
    std::this_thread::sleep_for(3s);
    CHECK(daemon.running());
    CHECK(daemon.console_this_run().find(" ready\n") == std::string::npos);
    CHECK(systemd.read().find("DATABASE LOCKED by another process: waiting to start") != std::string::npos);
    CHECK(systemd.read().find("EXTEND_TIMEOUT_USEC=") != std::string::npos);
    lock->release();
    REQUIRE_MESSAGE(daemon.wait_ready(20s), daemon.console());
    CHECK(occurrences(daemon.console(), "is locked by another process") == 1);

    // 2. Locked while SMS arrive.
    const auto parts_before = store.scalar("SELECT count(*) FROM part");
    lock = std::make_unique<WriteLock>(db);
    const auto locked_at = std::chrono::steady_clock::now();
    for (int k = 0; k < 3; ++k)
        smsgw::inject_sms(device.string(), "+77010000001", fmt::format("N 01001 1 @ during the lock {}", k));
    std::this_thread::sleep_for(8s);
    const auto released_at = std::chrono::steady_clock::now();
    CHECK(store.scalar("SELECT count(*) FROM part") == parts_before);  // nothing stored ...
    CHECK(occurrences(daemon.console(), "1 @ during the lock") == 0);   // ... nor answered
    CHECK_MESSAGE(systemd.read().find("STATUS=DATABASE LOCKED by another process since") != std::string::npos, systemd.read());
    const auto gap = longest_ping_gap(systemd, locked_at, released_at);
    // Before: every store call waited its 5 s busy timeout on the loop, so no ping for 5 s and more.
    CHECK_MESSAGE(gap < 3000ms, "the longest time without a watchdog ping was " << gap.count() << " ms");
    MESSAGE("longest watchdog gap during an 8 s lock: " << gap.count() << " ms (WatchdogSec=3 s)");
    lock->release();
    CHECK(wait_until(20s, [&] { return store.scalar("SELECT count(*) FROM part") == parts_before + 3; }));
    CHECK(wait_until(10s, [&] { return daemon.console().find("can be written again") != std::string::npos; }));
    const std::string console = daemon.console();
    CHECK_MESSAGE(occurrences(console, "is locked by another process (") == 2, console);  // start, then run
    CHECK(describe_status(daemon.terminate(60s)) == "exit 0");
}

TEST_CASE("a dummy-driver record whose read hangs libgammu (a FIFO where a file should be) costs the modem a few "
          "restarts, not the modem for good: it is quarantined as HANG, deleted, and the reports behind it flow") {
    // Opening it blocks until a writer comes, which never does: libgammu's read never returns.
    BadRecordGateway g("hanging", [](const fs::path& p) { REQUIRE(::mkfifo(p.c_str(), 0600) == 0); },
                       {{"modem_heartbeat_timeout", "\"2s\""}});
    const fs::path& device = g.device;
    DaemonProcess& daemon = g.daemon;
    StoreProbe& store = g.store;

    REQUIRE_MESSAGE(wait_until(90s, [&] { return store.scalar("SELECT count(*) FROM quarantine") == 1; }), daemon.console());
    REQUIRE_MESSAGE(wait_until(30s, [&] { return store.scalar("SELECT count(*) FROM message") == 2; }), daemon.console());
    REQUIRE_MESSAGE(wait_until(30s, [&] { return !fs::exists(fs::symlink_status(device / "sms" / "1" / "2")); }),
                    daemon.console());  // deleted once stored
    const std::string console = daemon.console();
    INFO(console);
    CHECK(store.column("SELECT error FROM quarantine") == std::vector<std::string>{"HANG"});
    CHECK(store.scalar("SELECT location FROM quarantine") == 10002);
    CHECK(occurrences(console, "hung twice reading SIM location 10002") == 1);
    // Then the modem runs on: no more deaths while it idles.
    const int deaths = occurrences(console, "its process (pid");
    CHECK(deaths <= 4);
    std::this_thread::sleep_for(5s);
    CHECK(occurrences(daemon.console(), "its process (pid") == deaths);
    CHECK(describe_status(daemon.terminate(60s)) == "exit 0");
}

TEST_CASE("a dummy-driver SMS file libgammu reads as nothing (a NumberUnicode key) is quarantined with its bytes, "
          "not left unread in the folder for good") {
    // gammu getallsms never ends on this file; smsgw's reads skipped it, and it stayed there.
    const std::string unreadable =
        "[SMSBackup000]\nSMSC = \"+77010000000\"\nState = UnRead\nNumberUnicode = 002B0037003700300031\n"
        "Sent = 20260301T120000\nCoding = Default\nFolder = 1\nLength = 5\nClass = -1\n"
        "Text00 = 00480065006C006C006F\nPDU = Deliver\nDCS = 0\n";
    BadRecordGateway g("unreadable", [&](const fs::path& p) { std::ofstream(p) << unreadable; });
    const fs::path& device = g.device;
    DaemonProcess& daemon = g.daemon;
    StoreProbe& store = g.store;
    REQUIRE_MESSAGE(wait_until(30s, [&] { return store.scalar("SELECT count(*) FROM quarantine") == 1; }), daemon.console());
    REQUIRE_MESSAGE(wait_until(30s, [&] { return smsgw::dummy_inbox_count(device.string()) == 0; }), daemon.console());
    CHECK(store.scalar("SELECT count(*) FROM message") == 2);
    CHECK(store.scalar("SELECT location FROM quarantine") == 10002);
    std::string hex;
    for (unsigned char c : unreadable) hex += fmt::format("{:02X}", c);
    CHECK(store.column("SELECT pdu_hex FROM quarantine") == std::vector<std::string>{hex});
    CHECK(describe_status(daemon.terminate(60s)) == "exit 0");
}
