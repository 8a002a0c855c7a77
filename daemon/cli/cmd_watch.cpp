// smsgw watch --db FILE [--interval SECONDS] [--once] [--size COLSxROWS]: the status, sized to the terminal.
#include "daemon/cli/options.hpp"
#include "daemon/cli/commands.hpp"
#include "daemon/status/estimate_from_store.hpp"
#include "daemon/status/status_view.hpp"
#include "daemon/status/watch_view.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <optional>
#include <stdexcept>

#include <sys/ioctl.h>
#include <unistd.h>

namespace smsgw {

namespace {

constexpr const char* usage =
    "smsgw watch --db FILE [--interval SECONDS] [--once] [--size COLSxROWS]\n\n"
    "The gateway at a glance, read again every SECONDS (default 2) until Ctrl-C (SIGINT) or SIGTERM,\n"
    "which end it with exit 0. Each read is one short read-only transaction: a running daemon writing\n"
    "the same file (WAL) is never blocked, and the view shows its last commit.\n\n"
    "The screen fits the terminal (redrawn at once when the window changes size), most important first:\n"
    "the header; problems; one line per modem (state, signal, SIM storage, operator, last heartbeat,\n"
    "last error); messages, reports and replies; per national contest the reporting progress, the\n"
    "estimates with 95% margins and the call; then, while rows are left, the least reported regions\n"
    "and the call-back list (silent sampled stations with whom to call, as smsgw callback). A section\n"
    "cut short ends with \"... N more\"; no line is wider than the terminal.\n"
    "Colours: red for what needs attention now (a modem not running or stale, stuck SIM records, failed\n"
    "replies or export, problems), yellow for what may soon (SIM 80% full, conflicts, quarantined\n"
    "records). NO_COLOR turns them off.\n\n"
    "--once prints one screen and exits (for scripts). Piped or redirected, screens follow one another\n"
    "separated by a blank line, without escape codes. The size is the terminal's, else --size; piped\n"
    "without --size, every line is kept whole.\n"
    "If one read fails (the file is being replaced, a disk error) the screen says so and the next read\n"
    "tries again.\n"
    "Exit 0: stopped by a signal, or --once printed; 1: the database is missing, unreadable or not\n"
    "smsgw's; 2: bad arguments.\n";

// Blocks SIGINT and SIGTERM so they wait for sigtimedwait between refreshes: no handler runs in the
// middle of a read or a write, and the last screen is complete.
class StopSignals {
public:
    StopSignals() {
        sigemptyset(&set_);
        sigaddset(&set_, SIGINT);
        sigaddset(&set_, SIGTERM);
        sigaddset(&set_, SIGWINCH);
        sigprocmask(SIG_BLOCK, &set_, &old_);
    }
    ~StopSignals() { sigprocmask(SIG_SETMASK, &old_, nullptr); }
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

    enum class Woken { timeout, stop, resize };

    // Waits up to `seconds` for a stop signal or a change of the window's size.
    Woken wait(double seconds) {
        timespec left{};
        left.tv_sec = static_cast<time_t>(seconds);
        left.tv_nsec = static_cast<long>((seconds - std::floor(seconds)) * 1e9);
        timespec start{};
        clock_gettime(CLOCK_MONOTONIC, &start);
        for (;;) {
            int sig = sigtimedwait(&set_, nullptr, &left);
            if (sig == SIGWINCH) return Woken::resize;
            if (sig > 0) return Woken::stop;
            if (errno == EAGAIN) return Woken::timeout;
            // EINTR (another signal): wait for what is left of the interval.
            timespec now{};
            clock_gettime(CLOCK_MONOTONIC, &now);
            double elapsed = double(now.tv_sec - start.tv_sec) + double(now.tv_nsec - start.tv_nsec) / 1e9;
            double rest = seconds - elapsed;
            if (rest <= 0) return Woken::timeout;
            left.tv_sec = static_cast<time_t>(rest);
            left.tv_nsec = static_cast<long>((rest - std::floor(rest)) * 1e9);
        }
    }

private:
    sigset_t set_{}, old_{};
};

// The terminal's size, or nothing when stdout is not one.
std::optional<ScreenSize> terminal_size() {
    winsize w{};
    if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &w) != 0 || w.ws_col == 0 || w.ws_row == 0) return std::nullopt;
    return ScreenSize{w.ws_col, w.ws_row};
}

// "80x24" -> {80, 24}; nothing for anything else (" 80x24", "80x24x", "+80x24", "80x-24" included).
std::optional<ScreenSize> parse_size(const std::string& text) {
    const auto number = [](std::string_view digits, int& to) {
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), to);
        return !digits.empty() && digits[0] != '-' && ec == std::errc() && end == digits.data() + digits.size();
    };
    const std::size_t x = text.find('x');
    int columns = 0, rows = 0;
    if (x == std::string::npos || !number(std::string_view(text).substr(0, x), columns) ||
        !number(std::string_view(text).substr(x + 1), rows) || columns < 20 || columns > 1000 || rows < 3 || rows > 1000)
        return std::nullopt;
    return ScreenSize{columns, rows};
}

bool write_all(const std::string& text) {
    return std::fwrite(text.data(), 1, text.size(), stdout) == text.size() && std::fflush(stdout) == 0;
}

}  // namespace

int cmd_watch(const Args& args) {
    std::string db, size_text;
    double interval = 2;
    bool once = false;
    cli::Options opts("watch", usage);
    opts.text("db", db, "FILE", "the smsgw database (SQLite file)").required();
    opts.number("interval", interval, 0.1, 86400, "SECONDS", "seconds between refreshes");
    opts.flag("once", once, "print one screen and exit");
    opts.text("size", size_text, "COLSxROWS", "the size when there is no terminal (e.g. 80x24)");
    if (auto exit = opts.parse(args)) return *exit;
    const std::optional<ScreenSize> given_size = size_text.empty() ? std::nullopt : parse_size(size_text);
    if (!size_text.empty() && !given_size)
        return opts.usage_error("--size must be COLSxROWS with 20..1000 columns and 3..1000 rows (e.g. 80x24), not '" +
                                size_text + "'");

    StopSignals signals;  // before opening: a Ctrl-C during the first read still ends cleanly
    auto reader = open_store_reader(db);  // main() reports what it throws, exit 1
    const bool terminal = ::isatty(STDOUT_FILENO) == 1;
    WatchView::Options view_options;
    if (terminal && !once) {
        view_options.title_suffix = fmt::format("every {:g}s, Ctrl-C to quit", interval);
        view_options.color = std::getenv("NO_COLOR") == nullptr;
    }
    const WatchView view(view_options);

    for (bool first = true;; first = false) {
        const ScreenSize size = terminal_size().value_or(given_size.value_or(ScreenSize{}));
        std::string screen;
        try {
            screen = view.screen(StatusSnapshot::read(*reader, db, std::chrono::system_clock::now(), {.callback = true}),
                                 size);
        } catch (const std::exception& e) {
            screen = fmt::format("smsgw watch at {}: {} (trying again in {:g}s)\n",
                                 status_utc(std::chrono::system_clock::now(), false), e.what(), interval);
        }
        // Home and clear, then the whole screen in one write, so it does not flicker. The last
        // row gets no newline: on a full screen it would scroll the header away.
        if (terminal && !once) {
            if (!screen.empty() && screen.back() == '\n') screen.pop_back();
            screen = "\033[H\033[2J" + screen;
        }
        else if (!first) screen = "\n" + screen;
        if (!write_all(screen)) return 1;  // the reader of the pipe went away
        if (once) return 0;
        if (signals.wait(interval) == StopSignals::Woken::stop) return 0;
    }
}

}  // namespace smsgw
