// The system tests' rig for `smsgw run` (reload, reminders, file modes, verify reload): a config on the tiny codebook with dummy modems, the daemon as a child process and its console, the database.
#pragma once

#include "daemon/modem/inject_sms.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/files.hpp"
#include "tests/support/run_smsgw.hpp"
#include "tests/support/store_probe.hpp"
#include "tests/support/temp_dir.hpp"
#include "tests/support/wait.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace smsgw::test {

namespace fs = std::filesystem;


// Files waiting in a dummy device's inbox folders: what the daemon has not deleted.
inline int inbox_files(const fs::path& device) {
    int n = 0;
    for (const char* folder : {"sms/1", "sms/3"}) {
        std::error_code ec;
        for (auto it = fs::directory_iterator(device / folder, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
            if (it->is_regular_file()) ++n;
    }
    return n;
}

// The tiny test codebook, a dummy modem per (name, dir), and `extra` lines in [gateway].
inline std::string config_text(const fs::path& db, const std::vector<std::pair<std::string, fs::path>>& modems,
                               const std::string& extra = "", const std::string& poll = "100ms") {
    std::string s = "[gateway]\n";
    s += "database = \"" + db.string() + "\"\n";
    s += "codebook = \"" + std::string(SMSGW_TEST_DATA) + "/codebooks/tiny\"\n";
    s += "export_interval = \"1h\"\nreplies_per_sender_per_hour = 10000\nsummary_interval = \"1h\"\n";
    s += extra;
    for (const auto& [name, dir] : modems) {
        fs::create_directories(dir / "sms" / "1");
        s += "\n[modems." + name + "]\ndevice = \"" + dir.string() + "\"\nconnection = \"none\"\nmodel = \"dummy\"\n";
        s += "poll_interval = \"" + poll + "\"\nsends_per_minute = 6000\n";
    }
    return s;
}

// One integer from the database, read-only beside the running daemon (WAL); -1 when it cannot be read.
inline long long scalar(const fs::path& db, const std::string& sql) {
    return StoreProbe(db).number(sql).value_or(-1);
}

// The real `smsgw run --config FILE`, stdout and stderr into a console file; killed if still running at the end.
class DaemonChild {
public:
    DaemonChild(fs::path config, fs::path console) : config_(std::move(config)), console_(std::move(console)) {}
    void start() {
        ChildProcess::Options o;
        o.stdout_file = console_.string();
        child_.start({smsgw_binary(), "run", "--config", config_.string()}, o);
    }
    void signal(int sig) const { REQUIRE(::kill(child_.pid(), sig) == 0); }
    bool running() { return child_.running(); }
    // The exit status, or nullopt if it is still running after `timeout`.
    std::optional<int> wait(std::chrono::milliseconds timeout) { return child_.wait(timeout); }
    std::string console() const { return slurp(console_); }
    bool wait_console(const std::string& needle, std::chrono::milliseconds timeout, int count = 1) const {
        return wait_until(timeout, [&] { return occurrences(console(), needle) >= count; });
    }

private:
    fs::path config_, console_;
    ChildProcess child_;
};

}  // namespace smsgw::test
