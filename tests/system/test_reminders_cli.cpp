// `smsgw run` with a reminder window a few seconds after start: the SMS go out once, and a restart sends none again.
#include "daemon/notify/time_zone.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <sys/wait.h>
#include <unistd.h>
#include <fcntl.h>

namespace fs = std::filesystem;
using namespace std::chrono;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct TempDir {
    fs::path path;
    TempDir() {
        std::string t = (fs::temp_directory_path() / "smsgw-reminders-XXXXXX").string();
        REQUIRE(mkdtemp(t.data()) != nullptr);
        path = t;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

bool wait_for(milliseconds limit, const std::function<bool()>& done) {
    const auto until = steady_clock::now() + limit;
    while (steady_clock::now() < until) {
        if (done()) return true;
        std::this_thread::sleep_for(50ms);
    }
    return done();
}

std::int64_t count(const fs::path& db, const std::string& sql) {
    sqlite3* h = nullptr;
    std::int64_t v = -1;
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

// The daemon as a child process, its console in a file.
class Daemon {
public:
    Daemon(const fs::path& config, const fs::path& console) {
        pid_ = ::fork();
        REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            int fd = ::open(console.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
            ::dup2(fd, 1);
            ::dup2(fd, 2);
            ::execl(SMSGW_BINARY, SMSGW_BINARY, "run", "--config", config.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
    }
    ~Daemon() {
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    int terminate() {
        ::kill(pid_, SIGTERM);
        int status = 0;
        for (int i = 0; i < 300; ++i) {
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            }
            std::this_thread::sleep_for(50ms);
        }
        return -1;
    }

private:
    pid_t pid_ = -1;
};

}  // namespace

TEST_CASE("smsgw run: a reminder window texts each silent sampled station's monitor once, also across a restart") {
    TempDir dir;
    const fs::path device = dir.path / "modem";
    const fs::path db = dir.path / "gw.db";
    const fs::path config = dir.path / "smsgw.toml";
    const fs::path console = dir.path / "console.log";
    fs::create_directories(device);

    // Monitor One reports before the window: 01001 gets no reminder; the 7 other sampled stations do,
    // in 6 SMS (the `*` coordinator covers 02003 and 02006 in one).
    const std::string inject = fmt::format("{} inject --device {} --from +77010000001 R 01001 A500 B300 C100 X10 T910 "
                                           ">/dev/null",
                                           SMSGW_BINARY, device.string());
    REQUIRE(std::system(inject.c_str()) == 0);

    // The window ends 8 s from now (time enough to start and store the report on a busy machine), in
    // the tiny codebook's time zone.
    const auto zone = smsgw::notify::TimeZone::load("Asia/Almaty");
    const auto end = ceil<seconds>(system_clock::now()) + seconds{8};
    const auto local = zone.to_local(time_point_cast<seconds>(end));
    const auto day = floor<days>(local);
    const year_month_day ymd{day};
    const hh_mm_ss tod{local - day};
    const std::string at = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", int(ymd.year()), unsigned(ymd.month()),
                                       unsigned(ymd.day()), tod.hours().count(), tod.minutes().count(),
                                       tod.seconds().count());
    std::ofstream(config) << fmt::format(
        "[gateway]\ndatabase = \"{}\"\ncodebook = \"{}\"\nsummary_interval = \"1h\"\n\n"
        "[[reminders]]\nform = \"R\"\nat = \"{}\"\n\n"
        "[modems.d]\ndevice = \"{}\"\nconnection = \"none\"\nmodel = \"dummy\"\npoll_interval = \"100ms\"\n"
        "sends_per_minute = 6000\n",
        db.string(), (fs::path(SMSGW_TEST_DATA) / "codebooks" / "tiny").string(), at, device.string());
    const std::string key = "R@" + at;
    const std::string fired_line = fmt::format("reminders {}: 7 stations, 6 SMS queued", key);

    {
        Daemon d(config, console);
        REQUIRE_MESSAGE(wait_for(15s, [&] { return count(db, "SELECT count(*) FROM report WHERE station = '01001'") == 1; }),
                        slurp(console));
        // Not before the window's end.
        CHECK(count(db, "SELECT count(*) FROM reminder") == 0);
        REQUIRE_MESSAGE(wait_for(15s, [&] { return slurp(console).find(fired_line) != std::string::npos; }), slurp(console));
        CHECK(system_clock::now() >= end);
        REQUIRE_MESSAGE(wait_for(15s, [&] {
                            return count(db, "SELECT count(*) FROM reply WHERE kind = 'reminder' AND status = 'sent'") == 6;
                        }),
                        slurp(console));
        CHECK(d.terminate() == 0);
    }
    CHECK(count(db, "SELECT count(*) FROM reminder") == 7);
    CHECK(count(db, "SELECT count(*) FROM reminder WHERE station = '01001'") == 0);
    CHECK(count(db, "SELECT count(DISTINCT reply_id) FROM reminder r JOIN reply p ON p.id = r.reply_id "
                    "WHERE p.kind = 'reminder' AND p.message_id IS NULL") == 6);

    // A restart within the grace hands the window out again: the store keeps it at one SMS each.
    {
        Daemon d(config, console);
        const std::string again = fmt::format("reminders {}: 0 stations, 0 SMS queued; 7 already reminded", key);
        REQUIRE_MESSAGE(wait_for(15s, [&] { return slurp(console).find(again) != std::string::npos; }), slurp(console));
        std::this_thread::sleep_for(500ms);
        CHECK(d.terminate() == 0);
    }
    CHECK(count(db, "SELECT count(*) FROM reply WHERE kind = 'reminder'") == 6);
    CHECK(count(db, "SELECT count(*) FROM reminder") == 7);
    const std::string log = slurp(console);
    CHECK(log.find(fired_line) == log.rfind(fired_line));  // fired once in all
}
