// bench_e2e: smsgw run vs gammu-smsd on one generated dummy inbox, and reply latency through the fake AT modem; prints one table.
#include "bench/e2e/inbox_race.hpp"
#include "bench/e2e/reply_latency.hpp"
#include "bench/e2e/traffic.hpp"
#include "daemon/codebook_dir.hpp"
#include "daemon/modem/dummy_inbox.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

using namespace smsgw;
using namespace smsgw::bench;
namespace fs = std::filesystem;

namespace {

struct Options {
    std::size_t messages = 1000;
    std::size_t latency_messages = 200;
    long pace_ms = 1000;
    long poll_ms = 50;
    int runs = 5;
    // Next to the program (the build tree), on the disk a daemon's database would be on; not /tmp,
    // which may be a tmpfs where fsync costs nothing.
    fs::path work = fs::read_symlink("/proc/self/exe").parent_path() / "bench-e2e.tmp";
    std::string smsgw = SMSGW_BINARY;
    std::string fake_modem = FAKE_MODEM_BINARY;
    std::string gammu_smsd = "gammu-smsd";
    std::string codebook = std::string(SMSGW_SOURCE_DIR) + "/codebooks/example";
    bool inbox = true, latency = true, keep = false;
};

const char* usage =
    "bench_e2e [--messages N] [--runs N] [--latency-messages N] [--pace-ms MS] [--poll-ms MS] [--work DIR] [--keep]\n"
    "          [--no-inbox] [--no-latency] [--smsgw PATH] [--fake-modem PATH] [--gammu-smsd PATH] [--codebook DIR]\n"
    "Other arguments are ignored (./build.sh bench passes its arguments to every benchmark).\n";

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "%s needs a value\n%s", argv[i], usage);
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--messages") o.messages = std::strtoul(value().c_str(), nullptr, 10);
        else if (a == "--latency-messages") o.latency_messages = std::strtoul(value().c_str(), nullptr, 10);
        else if (a == "--pace-ms") o.pace_ms = std::strtol(value().c_str(), nullptr, 10);
        else if (a == "--poll-ms") o.poll_ms = std::strtol(value().c_str(), nullptr, 10);
        else if (a == "--runs") o.runs = std::max(1, std::atoi(value().c_str()));
        else if (a == "--work") o.work = fs::absolute(value());
        else if (a == "--smsgw") o.smsgw = fs::absolute(value());
        else if (a == "--fake-modem") o.fake_modem = fs::absolute(value());
        else if (a == "--gammu-smsd") o.gammu_smsd = value();
        else if (a == "--codebook") o.codebook = fs::absolute(value());
        else if (a == "--keep") o.keep = true;
        else if (a == "--no-inbox") o.inbox = false;
        else if (a == "--no-latency") o.latency = false;
        else if (a == "--help" || a == "-h") {
            std::fputs(usage, stdout);
            std::exit(0);
        } else std::fprintf(stderr, "bench_e2e: ignoring argument '%s'\n", argv[i]);
    }
    return o;
}

std::string mb(long kb) { return fmt::format("{:.1f} MB", static_cast<double>(kb) / 1024.0); }

// Other work on the machine stretches wall times; the table says how busy it was.
std::string load_average() {
    std::FILE* f = std::fopen("/proc/loadavg", "r");
    if (!f) return "?";
    double one = 0;
    const int n = std::fscanf(f, "%lf", &one);
    std::fclose(f);
    return n == 1 ? fmt::format("{:.2f}", one) : "?";
}

std::string verdict(bool met) { return met ? "met" : "MISSED"; }

void print_inbox_row(const std::string& name, const InboxSummary& s, const std::string& stored) {
    std::string each;
    for (double d : s.done_each) each += fmt::format("{}{:.2f}", each.empty() ? "" : " ", d);
    std::printf("  %-26s %9.2f s %9.2f s %10s %10s %8.2f s  %-16s %s%s%s\n", name.c_str(), s.done_seconds,
                s.emptied_seconds, mb(s.peak_rss_kb).c_str(), mb(s.hwm_sampled_kb).c_str(), s.cpu_seconds,
                each.c_str(), stored.c_str(), s.ok ? "" : "  FAILED: ", s.ok ? "" : s.note.c_str());
}

int run(const Options& opt, int argc, char** argv) {
    std::string command;
    for (int i = 0; i < argc; ++i) command += (i ? " " : "") + std::string(argv[i]);

    LoadResult loaded = load_codebook_dir(opt.codebook);
    if (!loaded.ok()) {
        std::fprintf(stderr, "bench_e2e: codebook %s does not load\n", opt.codebook.c_str());
        return 1;
    }
    const Codebook& cb = *loaded.codebook;
    const std::string load_before = load_average();
    // Only a directory this program made is ever wiped: a mistyped --work must not cost anyone data.
    const fs::path marker = opt.work / ".bench-e2e";
    if (fs::exists(opt.work) && !fs::is_empty(opt.work) && !fs::exists(marker)) {
        std::fprintf(stderr, "bench_e2e: %s exists and was not made by bench_e2e; not touching it\n", opt.work.c_str());
        return 2;
    }
    fs::remove_all(opt.work);
    fs::create_directories(opt.work);
    std::FILE* mark = std::fopen(marker.c_str(), "w");
    if (mark) std::fclose(mark);
    bool all_ok = true;

    InboxSummary gammu, ours;
    TrafficMix mix;
    if (opt.inbox) {
        const auto traffic = make_traffic(cb, opt.messages, {});
        mix = describe(traffic);
        const fs::path inbox = opt.work / "inbox";
        fs::create_directories(inbox);
        for (const Sms& s : traffic) {
            InjectOptions io;
            io.smsc_time = s.smsc_time;
            io.concat_ref = s.concat_ref;
            if (inject_sms(inbox.string(), s.sender, s.text, io).size() != s.parts) {
                std::fprintf(stderr, "bench_e2e: libgammu split \"%s\" differently than expected\n", s.text.c_str());
                return 1;
            }
        }
        InboxRace race{opt.work, inbox, mix.messages, mix.parts};
        std::vector<InboxRun> gammu_runs, our_runs;
        for (int r = 0; r < opt.runs; ++r) {
            // Alternating who goes first, so neither always meets a colder or warmer machine.
            for (int k = 0; k < 2; ++k) {
                if ((r + k) % 2 == 0) {
                    std::fprintf(stderr, "bench_e2e: run %d, gammu-smsd on %zu messages...\n", r + 1, mix.messages);
                    gammu_runs.push_back(run_gammu_smsd(race, opt.gammu_smsd));
                } else {
                    std::fprintf(stderr, "bench_e2e: run %d, smsgw run on %zu messages...\n", r + 1, mix.messages);
                    our_runs.push_back(run_smsgw(race, opt.smsgw, opt.codebook, std::chrono::milliseconds(opt.poll_ms)));
                }
            }
        }
        gammu = summarize(gammu_runs);
        ours = summarize(our_runs);
        all_ok = all_ok && gammu.ok && ours.ok;
    }

    LatencyRun lat;
    if (opt.latency) {
        TrafficOptions to;
        to.seed = 7;
        to.single_part_only = true;
        to.strangers = false;
        to.distinct_senders = true;
        const auto traffic = make_traffic(cb, opt.latency_messages, to);
        std::fprintf(stderr, "bench_e2e: reply latency, %zu messages one every %ld ms (about %ld s)...\n", traffic.size(),
                     opt.pace_ms, static_cast<long>(traffic.size()) * opt.pace_ms / 1000 + 5);
        lat = run_reply_latency({opt.work, opt.smsgw, opt.fake_modem, opt.codebook, std::chrono::milliseconds(opt.pace_ms)},
                                traffic);
        all_ok = all_ok && lat.ok;
    }

    std::printf("end-to-end benchmark: %s\n", command.c_str());
    std::printf("work directory %s (%s); %u CPUs, load average %s at start, %s at end\n\n", opt.work.c_str(),
                opt.keep ? "kept" : "removed", std::thread::hardware_concurrency(), load_before.c_str(),
                load_average().c_str());
    if (opt.inbox) {
        std::printf("1. one dummy-device inbox, %zu messages = %zu parts (%zu multipart, %zu UCS-2), from %s:\n   %s\n",
                    mix.messages, mix.parts, mix.multipart, mix.ucs2, opt.codebook.c_str(), format_kinds(mix).c_str());
        std::printf("   %d runs each, alternating; times and CPU are medians, RSS the maximum\n", opt.runs);
        std::printf("  %-26s %11s %11s %10s %10s %10s  %-16s %s\n", "", "all done", "dev. empty", "peak RSS",
                    "VmHWM@end", "CPU", "all done, each", "result (last run)");
        print_inbox_row("gammu-smsd (files backend)", gammu, fmt::format("{} files stored", gammu.last.stored));
        print_inbox_row(fmt::format("smsgw run (dummy, {}ms)", opt.poll_ms), ours,
                        fmt::format("{} messages processed, {} parts, {} reports, {} replies queued", ours.last.stored,
                                    ours.last.parts, ours.last.reports, ours.last.replies));
        const double ratio = gammu.done_seconds > 0 ? ours.done_seconds / gammu.done_seconds : 0;
        std::printf("  time smsgw / gammu-smsd: %.2fx (target <= 0.70x: %s); smsgw peak RSS %s (target <= 40 MB: %s)\n",
                    ratio, verdict(gammu.ok && ours.ok && ratio <= 0.70).c_str(), mb(ours.peak_rss_kb).c_str(),
                    verdict(ours.ok && ours.peak_rss_kb <= 40 * 1024).c_str());
        std::printf("  (gammu-smsd: all done = device empty and one file per part; receive/loop/status waits 0, security,\n"
                    "   battery, signal and network checks off. smsgw: all done = every message stored, parsed, validated,\n"
                    "   counted and its reply queued (send = false). Both timed from exec; RSS is ru_maxrss from wait4.)\n\n");
    }
    if (opt.latency) {
        const Percentiles a = percentiles(lat.cmti_to_cmgs), b = percentiles(lat.stored_to_cmgs);
        std::printf("2. reply latency, fake AT modem (proxyat), %zu single-part messages from distinct monitors, one every\n"
                    "   %ld ms (libgammu sleeps ~0.7 s in each send, so this measures latency, not queueing):\n",
                    lat.cmti_to_cmgs.size(), opt.pace_ms);
        std::printf("  %-26s %9s %9s %9s %9s\n", "", "p50", "p90", "p99", "max");
        std::printf("  %-26s %6.0f ms %6.0f ms %6.0f ms %6.0f ms\n", "+CMTI -> reply AT+CMGS", a.p50, a.p90, a.p99, a.max);
        std::printf("  %-26s %6.0f ms %6.0f ms %6.0f ms %6.0f ms\n", "stored on SIM -> AT+CMGS", b.p50, b.p90, b.p99, b.max);
        std::printf("  p99 target < 200 ms: %s; smsgw peak RSS %s%s%s\n\n",
                    verdict(lat.ok && a.p99 < 200).c_str(), mb(lat.exit.peak_rss_kb).c_str(),
                    lat.ok ? "" : "; FAILED: ", lat.ok ? "" : lat.note.c_str());
    }
    if (!opt.keep && all_ok) fs::remove_all(opt.work);
    else if (!all_ok) std::printf("something failed: the work directory %s is kept for inspection\n", opt.work.c_str());
    return all_ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(parse(argc, argv), argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_e2e: %s\n", e.what());
        return 1;
    }
}
