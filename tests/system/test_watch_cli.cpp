// smsgw watch as operators run it: snapshots until Ctrl-C, piped or on a terminal, never blocking the daemon's writes.
#include "store_cli_fixture.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <sstream>
#include <thread>

using namespace store_cli;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::size_t occurrences(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

// `smsgw watch ...` running in the background; its stdout is a pipe, or a terminal (a pty).
class Watch {
public:
    // A terminal of `size` columns and rows (a pty), or a pipe when size is empty.
    Watch(const std::string& db, const std::string& interval, std::optional<winsize> size = std::nullopt) {
        std::vector<std::string> argv = {SMSGW_BINARY, "watch", "--db", db, "--interval", interval};
        if (size) {
            pid_ = forkpty(&fd_, nullptr, nullptr, &*size);
            REQUIRE(pid_ >= 0);
            if (pid_ == 0) exec(argv);
        } else {
            int p[2];
            REQUIRE(pipe(p) == 0);
            pid_ = fork();
            REQUIRE(pid_ >= 0);
            if (pid_ == 0) {
                dup2(p[1], STDOUT_FILENO);
                close(p[0]);
                close(p[1]);
                exec(argv);
            }
            close(p[1]);
            fd_ = p[0];
        }
    }
    ~Watch() {
        if (pid_ > 0 && !exited_) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
        if (fd_ >= 0) close(fd_);
    }

    // Reads until `part` occurs `n` times in everything read, or `timeout`; true if it did.
    bool read_until(const std::string& part, std::size_t n, std::chrono::milliseconds timeout = 10s) {
        const auto end = Clock::now() + timeout;
        while (occurrences(out, part) < n) {
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now());
            if (left <= 0ms || !read_some(static_cast<int>(left.count()))) return false;
        }
        return true;
    }

    // Sends `sig` and returns the exit status (-1: killed by a signal or no exit within 10 s).
    int stop(int sig) {
        kill(pid_, sig);
        const auto end = Clock::now() + 10s;
        int status = 0;
        while (Clock::now() < end) {
            read_some(50);
            pid_t r = waitpid(pid_, &status, WNOHANG);
            if (r == pid_) {
                exited_ = true;
                while (read_some(50)) {
                }
                return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            }
        }
        return -1;
    }

    std::string out;

private:
    [[noreturn]] static void exec(const std::vector<std::string>& args) {
        std::vector<char*> argv;
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::setenv("TERM", "xterm", 1);
        ::unsetenv("NO_COLOR");
        ::execv(argv[0], argv.data());
        std::_Exit(127);
    }

    bool read_some(int timeout_ms) {
        pollfd p{fd_, POLLIN, 0};
        if (poll(&p, 1, timeout_ms) <= 0) return false;
        char buf[8192];
        ssize_t n = ::read(fd_, buf, sizeof buf);
        if (n <= 0) return false;
        out.append(buf, static_cast<std::size_t>(n));
        return true;
    }

    pid_t pid_ = -1;
    int fd_ = -1;
    bool exited_ = false;
};

store::ModemHealthRecord modem(const std::string& name, const std::string& state, std::chrono::seconds ago) {
    store::ModemHealthRecord m;
    m.name = name;
    m.imei = "356938035643809";
    m.operator_name = "Beeline KZ";
    m.network_state = "home";
    m.state = state;
    m.signal_percent = 61;
    m.battery_percent = 90;
    m.last_seen = std::chrono::system_clock::now() - ago;
    return m;
}

// A gateway at work: two modems (one down, one with its SIM 80% full), a quarantined SIM record,
// results, a failed reply, a reminder, a failed export.
void fill(Db& db) {
    auto up = modem("modem-a", "running", 2s);
    up.sim_used = 24;
    up.sim_size = 30;
    up.device = "/dev/ttyUSB0";
    REQUIRE(db.store.upsert_modem(up).ok());
    store::QuarantineRecord q;
    q.modem = "modem-a";
    q.imei = "356938035643809";
    q.location = 3;
    q.error = "ERR_CORRUPTED";
    q.reason = "libgammu cannot decode the record";
    REQUIRE(db.store.quarantine(q).ok());
    auto down = modem("modem-b", "backing_off", 600s);
    down.last_error = "ERR_TIMEOUT: no response from the phone";
    REQUIRE(db.store.upsert_modem(down).ok());
    db.report("R", "01001", R"({"A":400,"B":300,"C":200,"X":10,"T":910})");
    db.report("R", "02001", R"({"A":500,"B":300,"C":100,"X":20,"T":920})");
    db.report("R", "01004", "{\"A\":1}", Status::rejected, "rejected", false);
    auto r = db.store.write([&](store::Transaction& tx) -> store::Result<int> {
        auto failed = tx.enqueue_reply({1, 1, "+77010000005", "R 01001 OK", "reply"});
        if (!failed) return failed.error();
        auto reminder = tx.enqueue_reply({std::nullopt, std::nullopt, "+77010000007", "Send R 02002", "reminder"});
        if (!reminder) return reminder.error();
        store::ReminderRecord rem;
        rem.window = "R@22:30";
        rem.form = "R";
        rem.station = "02002";
        rem.phone = "+77010000007";
        rem.reply_id = *reminder;
        if (auto x = tx.record_reminder(rem); !x) return x.error();
        auto claimed = tx.claim_replies(1);
        if (!claimed) return claimed.error();
        if (auto x = tx.mark_reply_failed(*failed, "modem-b", "CMS ERROR 38", store::RetryPolicy{.max_attempts = 1});
            !x)
            return x.error();
        auto e = tx.begin_export("/var/lib/smsgw/exports/smsgw-export-20260301T200000Z");
        if (!e) return e.error();
        if (auto x = tx.finish_export(*e, store::ExportStatus::failed, {}, "disk full"); !x) return x.error();
        return 0;
    });
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
}

std::string filled_db(const TempDir& tmp) {
    const std::string path = tmp.file("w.db");
    Db db(path);
    fill(db);
    return path;
}

}  // namespace

// The lines of a screen, without colour codes.
std::vector<std::string> lines_of(const std::string& screen) {
    std::string plain;
    for (std::size_t i = 0; i < screen.size(); ++i) {
        if (screen[i] == '\033') {
            while (i < screen.size() && !std::isalpha(static_cast<unsigned char>(screen[i]))) ++i;
            continue;
        }
        if (screen[i] != '\r') plain += screen[i];
    }
    std::vector<std::string> lines;
    std::istringstream in(plain);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

std::size_t width(const std::string& line) {
    std::size_t n = 0;
    for (unsigned char c : line) n += (c & 0xC0) != 0x80;
    return n;
}

std::size_t line_index(const std::vector<std::string>& lines, const std::string& start) {
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (lines[i].rfind(start, 0) == 0) return i;
    return lines.size();
}

TEST_CASE("--help and argument errors") {
    TempDir tmp;
    auto help = run_smsgw({"watch", "--help"});
    CHECK(help.status == 0);
    for (const char* word : {"--interval", "--once", "--size", "Ctrl-C", "call-back", "NO_COLOR"})
        CHECK_MESSAGE(has(help.out, word), word);
    CHECK(run_smsgw({"watch"}).status == 2);
    CHECK(run_smsgw({"watch", "--db", "x.db", "--interval", "0"}).status == 2);
    auto bad_size = run_smsgw({"watch", "--db", "x.db", "--size", "80by24"});
    CHECK(bad_size.status == 2);
    CHECK(has(bad_size.err, "--size must be COLSxROWS"));
    auto missing = run_smsgw({"watch", "--db", "nope.db", "--once"});
    CHECK(missing.status == 1);
    CHECK(has(missing.err, "nope.db: no such database"));
}

TEST_CASE("--once --size 80x24: at most 24 lines of 80 characters, modems and problems before estimates") {
    TempDir tmp;
    const std::string db = filled_db(tmp);
    auto r = run_smsgw({"watch", "--db", db, "--once", "--size", "80x24"});
    REQUIRE(r.status == 0);
    INFO(r.out);
    const auto lines = lines_of(r.out);
    CHECK(lines.size() <= 24);
    for (const auto& l : lines) CHECK_MESSAGE(width(l) <= 80, l);
    CHECK_FALSE(has(r.out, "\033"));
    CHECK(lines.at(0).rfind("smsgw watch ", 0) == 0);
    CHECK(has(lines.at(0), " Asia/Almaty"));  // the election's time zone, its local time
    const auto problem = line_index(lines, "PROBLEM last export failed");
    const auto modem_a = line_index(lines, "modem modem-a ");
    const auto modem_b = line_index(lines, "modem modem-b ");
    const auto estimate = line_index(lines, "PL 2/8 reported (25%)");
    CHECK(problem < modem_a);
    CHECK(modem_a < modem_b);
    CHECK(modem_b < estimate);
    REQUIRE(estimate < lines.size());
    CHECK(has(lines[modem_a], "running"));
    CHECK(has(lines[modem_a], "SIM 24/30 FULL SOON"));
    CHECK(has(lines[modem_b], "backing_off"));
    CHECK(has(r.out, "quarantined SIM records: 1"));
    CHECK(has(r.out, "replies 0 sent, 1 queued (oldest "));
    CHECK(has(r.out, ", 1 failed"));
    // Then, as space allows, the call-back list: silent sampled stations with whom to call.
    CHECK(has(r.out, "call back: 12 silent sampled stations"));  // PL and the district contest
}

TEST_CASE("a small screen keeps the most important lines and says what it left out") {
    TempDir tmp;
    const std::string db = filled_db(tmp);
    auto r = run_smsgw({"watch", "--db", db, "--once", "--size", "40x9"});
    REQUIRE(r.status == 0);
    INFO(r.out);
    const auto lines = lines_of(r.out);
    CHECK(lines.size() == 9);
    for (const auto& l : lines) CHECK_MESSAGE(width(l) <= 40, l);
    CHECK(line_index(lines, "PROBLEM") < lines.size());
    CHECK(line_index(lines, "modem modem-b") < lines.size());
    CHECK(has(lines.back(), "more"));
    CHECK_FALSE(has(r.out, "call back"));
}

TEST_CASE("120x40 shows the call-back list with names, phones and languages") {
    TempDir tmp;
    const std::string db = filled_db(tmp);
    auto r = run_smsgw({"watch", "--db", db, "--once", "--size", "120x40"});
    REQUIRE(r.status == 0);
    const auto lines = lines_of(r.out);
    CHECK(lines.size() <= 40);
    for (const auto& l : lines) CHECK_MESSAGE(width(l) <= 120, l);
    const auto call = line_index(lines, "call back: ");
    REQUIRE(call < lines.size());
    CHECK(call + 1 < lines.size());
    CHECK(lines[call + 1].rfind("  PL ", 0) == 0);
    CHECK(has(lines[call + 1], "[no report]"));
    CHECK(has(lines[call + 1], "+7701"));
}

TEST_CASE("piped: whole snapshots separated by a blank line until SIGINT, exit 0") {
    TempDir tmp;
    const std::string db = filled_db(tmp);
    Watch w(db, "0.2");
    REQUIRE(w.read_until("smsgw watch ", 3));
    const auto started = Clock::now();
    CHECK(w.stop(SIGINT) == 0);
    CHECK(Clock::now() - started < 2s);
    const std::string& out = w.out;
    CHECK(out.rfind("smsgw watch ", 0) == 0);
    CHECK(occurrences(out, "\n\nsmsgw watch ") == occurrences(out, "smsgw watch ") - 1);
    CHECK_FALSE(has(out, "\033"));  // no escape codes into a pipe
    CHECK_FALSE(has(out, "Ctrl-C to quit"));
    CHECK_FALSE(has(out, "more stations to call"));  // piped without --size: nothing left out
    CHECK(has(out, "ERR_TIMEOUT: no response from the phone"));
}

TEST_CASE("SIGTERM ends it with exit 0 too") {
    TempDir tmp;
    const std::string db = filled_db(tmp);
    Watch w(db, "5");
    REQUIRE(w.read_until("smsgw watch ", 1));
    const auto started = Clock::now();
    CHECK(w.stop(SIGTERM) == 0);
    CHECK(Clock::now() - started < 2s);  // not after the 5 s interval
}

TEST_CASE("a writer holding a write transaction is neither blocked nor broken by watch") {
    TempDir tmp;
    const std::string path = filled_db(tmp);
    Db db(path);  // the daemon's side: the same writer the pipeline uses
    Watch w(path, "0.1");
    REQUIRE(w.read_until("smsgw watch ", 2));  // one whole screen

    // The writer opens a transaction and keeps it open while watch reads on: watch goes on
    // showing the last commit, and the writer's work commits.
    const auto before = Clock::now();
    auto r = db.store.write([&](store::Transaction& tx) -> store::Result<int> {
        if (auto m = tx.upsert_modem(modem("modem-c", "running", 0s)); !m) return m.error();
        const std::size_t seen = occurrences(w.out, "smsgw watch ");
        if (!w.read_until("smsgw watch ", seen + 3, 10s)) return store::StoreError{1, "watch stopped refreshing"};
        return 0;
    });
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    CHECK(Clock::now() - before < 5s);
    CHECK_FALSE(has(w.out, "modem-c"));  // uncommitted: never shown
    CHECK_FALSE(has(w.out, "cannot read"));

    // Many short writes while watch reads every 100 ms: none waits on the reader.
    auto slowest = Clock::duration::zero();
    for (int i = 0; i < 60; ++i) {
        const auto t0 = Clock::now();
        auto m = modem("modem-c", "running", 0s);
        m.signal_percent = i;
        REQUIRE(db.store.upsert_modem(m).ok());
        slowest = std::max(slowest, Clock::now() - t0);
        std::this_thread::sleep_for(5ms);
    }
    CHECK(slowest < 1s);  // a blocked writer would wait for the busy timeout (5 s) or fail

    // The committed modem shows up on a following screen.
    REQUIRE_MESSAGE(w.read_until("modem modem-c  running", 1), w.out);
    CHECK(w.stop(SIGINT) == 0);
}

TEST_CASE("on a terminal: sized to the window, clear and redraw, Ctrl-C to quit, bad states in colour") {
    TempDir tmp;
    const std::string db = filled_db(tmp);
    Watch w(db, "0.2", winsize{30, 100, 0, 0});
    REQUIRE(w.read_until("Ctrl-C to quit", 2));
    CHECK(w.stop(SIGINT) == 0);
    const std::string& out = w.out;
    CHECK(out.rfind("\033[H\033[2J", 0) == 0);
    CHECK(has(out, "every 0.2s, Ctrl-C to quit"));
    CHECK(has(out, "\033[33mmodem modem-a "));      // running, but its SIM 80% full: yellow
    CHECK(has(out, "\033[1;31mmodem modem-b "));    // a modem not running in red
    CHECK(has(out, "\033[1;31mPROBLEM last export failed"));
    CHECK(has(out, "\033[33mquarantined SIM records: 1"));
    const std::string first = out.substr(0, out.find("\033[H\033[2J", 1));
    const auto lines = lines_of(first);
    CHECK(lines.size() <= 30);
    for (const auto& l : lines) CHECK_MESSAGE(width(l) <= 100, l);
}
