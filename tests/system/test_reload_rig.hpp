// Helpers for the daemon tests in tests/system (reload, disk full): a temp dir, a config, a dummy modem, the console, the database.
#pragma once

#include "daemon/modem/inject_sms.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>
#include <spawn.h>
#include <sys/wait.h>
#include <csignal>
#include <fcntl.h>
#include <optional>
#include <vector>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>

namespace smsgw::test {

namespace fs = std::filesystem;

struct TempDir {
    fs::path path;
    explicit TempDir(const std::string& name) {
        std::string tmpl = (fs::temp_directory_path() / ("smsgw-" + name + "-XXXXXX")).string();
        REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
        path = tmpl;
    }
    ~TempDir() {
        if (std::getenv("SMSGW_TEST_KEEP")) return;
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    fs::path operator/(const std::string& s) const { return path / s; }
};

inline void write_text(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << text;
    REQUIRE(out.good());
}

inline std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline bool wait_until(std::chrono::milliseconds timeout, const std::function<bool()>& done) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
        if (done()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return done();
}

inline int occurrences(const std::string& haystack, const std::string& needle) {
    int n = 0;
    for (auto p = haystack.find(needle); p != std::string::npos; p = haystack.find(needle, p + 1)) ++n;
    return n;
}

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

// One integer from the database, read-only beside the running daemon (WAL).
inline long long scalar(const fs::path& db, const std::string& sql) {
    sqlite3* h = nullptr;
    long long v = -1;
    if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_busy_timeout(h, 2000);
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return v;
}

// The real `smsgw run --config FILE`, stdout and stderr into a console file.
class DaemonChild {
public:
    DaemonChild(fs::path config, fs::path console) : config_(std::move(config)), console_(std::move(console)) {}
    ~DaemonChild() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    void start() {
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 1, console_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        posix_spawn_file_actions_adddup2(&fa, 1, 2);
        std::vector<std::string> args{SMSGW_BINARY, "run", "--config", config_.string()};
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        const int rc = ::posix_spawn(&pid_, SMSGW_BINARY, &fa, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&fa);
        REQUIRE(rc == 0);
    }
    void signal(int sig) const { REQUIRE(::kill(pid_, sig) == 0); }
    bool running() const { return pid_ > 0 && ::waitpid(pid_, nullptr, WNOHANG) == 0; }
    // The exit status, or nullopt if it is still running after `timeout`.
    std::optional<int> wait(std::chrono::milliseconds timeout) {
        std::optional<int> status;
        wait_until(timeout, [&] {
            int st = 0;
            if (::waitpid(pid_, &st, WNOHANG) != pid_) return false;
            status = st;
            pid_ = -1;
            return true;
        });
        return status;
    }
    std::string console() const { return read_text(console_); }
    bool wait_console(const std::string& needle, std::chrono::milliseconds timeout, int count = 1) const {
        return wait_until(timeout, [&] { return occurrences(console(), needle) >= count; });
    }

private:
    fs::path config_, console_;
    pid_t pid_ = -1;
};

}  // namespace smsgw::test
