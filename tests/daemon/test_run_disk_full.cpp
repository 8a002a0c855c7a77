// The daemon with its database failing (the store's fault VFS): no SMS deleted, one loud error, reminders, recovery.
#include "../system/run_fixture.hpp"
#include "../e2e/notify_socket.hpp"

#include <cstring>

#include "daemon/config/config.hpp"
#include "daemon/console/logger.hpp"
#include "daemon/run/daemon.hpp"
#include "daemon/store/fault_vfs.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <thread>

using namespace smsgw;
using namespace smsgw::test;
using namespace std::chrono_literals;


TEST_CASE("disk full while running: SMS stay on the modem, one error then reminders, STATUS says it, all stored on recovery") {
    TempDir dir("diskfull");
    const auto device = dir / "sim1";
    const auto db = dir / "smsgw.db";
    write_file(dir / "smsgw.toml", config_text(db, {{"sim1", device}}));
    Config config = load_config((dir / "smsgw.toml").string());
    const auto console_path = dir / "console.log";
    std::FILE* console = std::fopen(console_path.c_str(), "w");
    REQUIRE(console);
    std::setvbuf(console, nullptr, _IOLBF, 0);
    Logger log(LogLevel::info, console, LogStyle::plain);
    NotifySocket systemd(dir / "notify.sock");
    DaemonOptions options;
    options.store.vfs = store::register_fault_vfs();
    options.store_reminder = 1s;
    options.modem_program = SMSGW_BINARY;  // this test program has no `modem-process` subcommand
    Daemon daemon(std::move(config), log, options);
    int exit_code = -1;
    std::thread loop([&] { exit_code = daemon.run(); });
    const auto text = [&] { return slurp(console_path); };
    const auto processed = [&] { return scalar(db, "SELECT count(*) FROM message WHERE state = 'processed'"); };

    REQUIRE_MESSAGE(wait_until(20s, [&] { return text().find("ready") != std::string::npos; }), text());
    inject_sms(device.string(), "+77010000001", "R 01001 A100 B200 C300 X5 T605");
    REQUIRE_MESSAGE(wait_until(20s, [&] { return inbox_files(device) == 0; }), text());
    REQUIRE(processed() == 1);

    store::storage_faults().write_error = 13;  // SQLITE_FULL
    store::storage_faults().writes_left = 0;
    inject_sms(device.string(), "87010000002", "R 01002 A100 B200 C300 X5 T605");
    inject_sms(device.string(), "+77010000006", "R 02001 A1");
    // 100 ms polls: refused commit after refused commit, for over 2 reminder periods.
    const auto full_since = std::chrono::steady_clock::now();
    CHECK_MESSAGE(wait_until(15s, [&] { return occurrences(text(), "still cannot be written") >= 2; }), text());
    std::this_thread::sleep_for(300ms);
    const std::string during = text();
    const auto full_for = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - full_since);
    const int injected = store::storage_faults().injected.load();
    CHECK_MESSAGE(inbox_files(device) == 2, "SMS were deleted although nothing could be committed\n" << during);
    CHECK(processed() == 1);
    const int loud = occurrences(during, "cannot be written (");
    const int reminders = occurrences(during, "still cannot be written");
    CHECK_MESSAGE(loud == 1, during);
    CHECK_MESSAGE(reminders <= full_for.count() + 1, during);  // reminder_every = 1 s here
    CHECK(occurrences(during, "SQLITE_FULL") == loud + reminders);
    CHECK(during.find(db.string()) != std::string::npos);
    CHECK(occurrences(during, "ERROR") == loud + reminders);  // nothing else floods the console
    CHECK(injected > loud + reminders);  // more refused commits than lines: the rest were counted, not logged
    const std::string notified = systemd.read();
    CHECK_MESSAGE(notified.find("READY=1") != std::string::npos, notified);
    CHECK_MESSAGE(notified.find("STATUS=DATABASE NOT WRITABLE") != std::string::npos, notified);
    CHECK_MESSAGE(notified.find("SQLITE_FULL") != std::string::npos, notified);

    store::storage_faults().clear();
    CHECK_MESSAGE(wait_until(20s, [&] { return inbox_files(device) == 0 && processed() == 3; }), text());
    CHECK_MESSAGE(wait_until(5s, [&] { return text().find("can be written again") != std::string::npos; }), text());
    daemon.request_stop();
    loop.join();
    CHECK(exit_code == 0);
    // The reader thread polls the socket: the last datagrams may still be on their way to it.
    CHECK(wait_until(2s, [&] { return systemd.read().find("STOPPING=1", notified.size()) != std::string::npos; }));
    const std::string after = systemd.read().substr(notified.size());
    CHECK_MESSAGE(after.find("STATUS=sim1:running") != std::string::npos, after);  // the alarm is gone from STATUS
    CHECK(after.find("STOPPING=1") != std::string::npos);
    CHECK(scalar(db, "SELECT count(*) FROM message") == 3);
    std::fclose(console);
    MESSAGE("while the disk was full: " << injected << " refused writes, " << loud << " error and " << reminders
                                        << " reminder lines");
}
