// smsgw watch --db FILE [--interval SECONDS]: the status view, refreshed until Ctrl-C.
#include "daemon/commands.hpp"
#include "daemon/estimate_from_store.hpp"
#include "daemon/status_view.hpp"

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>

#include <unistd.h>

namespace smsgw {

namespace {

constexpr const char* usage =
    "smsgw watch --db FILE [--interval SECONDS]\n\n"
    "The view of smsgw status, read again every SECONDS (default 2) until Ctrl-C (SIGINT) or SIGTERM,\n"
    "which end it with exit 0. Each read is one short read-only transaction: a running daemon writing\n"
    "the same file (WAL) is never blocked, and the view shows its last commit.\n\n"
    "On a terminal the screen is cleared and redrawn, with a header line (time, Ctrl-C to quit) and\n"
    "colours for what needs attention: modems not running or stale (no heartbeat for 90 s), a full SMS\n"
    "storage, failed replies, a failed export, problems (red); SMS storage 80% full or more (FULL SOON),\n"
    "quarantined SIM records, conflicts and replies waiting to retry (yellow). NO_COLOR turns the\n"
    "colours off. Piped or redirected, it writes plain snapshots one after another, each separated\n"
    "from the next by a blank line, without escape codes.\n\n"
    "Shown: modems (state, signal, battery, operator, network, last activity; SMS storage as SIM 12/30\n"
    "40%, device; last error), SIM records quarantined because the modem could not read them (see\n"
    "quarantined.csv in the export), messages by outcome and per minute over the last 5 and 15\n"
    "minutes, the outbox (queued with the oldest one's age, sent, failed; reminders and HQ summaries\n"
    "among them), reporting progress per contest and region, the national estimates with 95% margins\n"
    "and the call, and the last export.\n"
    "If one read fails (the file is being replaced, a disk error) the screen says so and the next read\n"
    "tries again.\n"
    "Exit 0: stopped by a signal; 1: the database is missing or not smsgw's; 2: bad arguments.\n"
    "\noptions";

// Blocks SIGINT and SIGTERM so they wait for sigtimedwait between refreshes: no handler runs in the
// middle of a read or a write, and the last screen is complete.
class StopSignals {
public:
    StopSignals() {
        sigemptyset(&set_);
        sigaddset(&set_, SIGINT);
        sigaddset(&set_, SIGTERM);
        sigprocmask(SIG_BLOCK, &set_, &old_);
    }
    ~StopSignals() { sigprocmask(SIG_SETMASK, &old_, nullptr); }
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

    // Waits up to `seconds`; true when a stop signal arrived.
    bool wait(double seconds) {
        timespec left{};
        left.tv_sec = static_cast<time_t>(seconds);
        left.tv_nsec = static_cast<long>((seconds - std::floor(seconds)) * 1e9);
        timespec start{};
        clock_gettime(CLOCK_MONOTONIC, &start);
        for (;;) {
            int sig = sigtimedwait(&set_, nullptr, &left);
            if (sig > 0) return true;
            if (errno == EAGAIN) return false;
            // EINTR (another signal, e.g. SIGWINCH): wait for what is left of the interval.
            timespec now{};
            clock_gettime(CLOCK_MONOTONIC, &now);
            double elapsed = double(now.tv_sec - start.tv_sec) + double(now.tv_nsec - start.tv_nsec) / 1e9;
            double rest = seconds - elapsed;
            if (rest <= 0) return false;
            left.tv_sec = static_cast<time_t>(rest);
            left.tv_nsec = static_cast<long>((rest - std::floor(rest)) * 1e9);
        }
    }

private:
    sigset_t set_{}, old_{};
};

bool write_all(const std::string& text) {
    return std::fwrite(text.data(), 1, text.size(), stdout) == text.size() && std::fflush(stdout) == 0;
}

}  // namespace

int cmd_watch(const Args& args) {
    namespace po = boost::program_options;
    std::string db;
    double interval = 2;
    po::options_description opts(usage);
    opts.add_options()("help,h", "show this help")("db", po::value(&db), "the smsgw database (SQLite file)")(
        "interval", po::value(&interval), "seconds between refreshes (default 2, at least 0.1)");
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(opts).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "smsgw watch: " << e.what() << "\n\n" << opts << "\n";
        return 2;
    }
    if (vm.count("help")) {
        std::cout << opts << "\n";
        return 0;
    }
    if (db.empty()) {
        std::cerr << "smsgw watch: --db FILE is required\n\n" << opts << "\n";
        return 2;
    }
    if (!(interval >= 0.1 && interval <= 86400)) {
        std::cerr << "smsgw watch: --interval must be between 0.1 and 86400 seconds\n";
        return 2;
    }

    StopSignals signals;  // before opening: a Ctrl-C during the first read still ends cleanly
    auto reader = open_store_reader(db);  // main() reports what it throws, exit 1
    const bool terminal = ::isatty(STDOUT_FILENO) == 1;
    StatusView::Options view_options;
    view_options.title = "smsgw watch";
    if (terminal) {
        view_options.title_suffix = fmt::format("   every {:g}s, Ctrl-C to quit", interval);
        view_options.color = std::getenv("NO_COLOR") == nullptr;
    }
    const StatusView view(view_options);

    for (bool first = true;; first = false) {
        std::string screen;
        try {
            screen = view.text(StatusSnapshot::read(*reader, db));
        } catch (const std::exception& e) {
            screen = fmt::format("smsgw watch at {}: {} (trying again in {:g}s)\n",
                                 status_utc(std::chrono::system_clock::now(), false), e.what(), interval);
        }
        // Home and clear, then the whole screen in one write, so it does not flicker.
        if (terminal) screen = "\033[H\033[2J" + screen;
        else if (!first) screen = "\n" + screen;
        if (!write_all(screen)) return 1;  // the reader of the pipe went away
        if (signals.wait(interval)) return 0;
    }
}

}  // namespace smsgw
