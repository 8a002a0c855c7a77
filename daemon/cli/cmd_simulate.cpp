// smsgw simulate: plays an election night into dummy-driver devices and writes the true result to compare with.
#include "daemon/cli/options.hpp"
#include "daemon/codebook_io/codebook_dir.hpp"
#include "daemon/cli/commands.hpp"
#include "daemon/modem/inject_sms.hpp"
#include "daemon/simulate/plan_json.hpp"
#include "daemon/simulate/scenario_generator.hpp"
#include "daemon/simulate/truth_summary.hpp"

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <thread>

namespace smsgw {

namespace {

using sim::Outcome;
using sim::Phase;
using sim::PlannedMessage;

struct Day {
    int year = 0, month = 0, day = 0;
};

// "20260301" -> the day; nothing for anything else.
std::optional<Day> read_day(const std::string& text) {
    if (text.size() != 8 || !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); }))
        return std::nullopt;
    const Day d{std::stoi(text.substr(0, 4)), std::stoi(text.substr(4, 2)), std::stoi(text.substr(6, 2))};
    if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31) return std::nullopt;
    return d;
}

// Election-day local times become UTC SMSC stamps through the election's time zone (TZ + mktime:
// this process does nothing else with local time).
class DayClock {
public:
    DayClock(const std::string& timezone, const std::string& date) {
        ::setenv("TZ", timezone.c_str(), 1);
        ::tzset();
        if (date.empty()) {
            const std::time_t now = std::time(nullptr);
            std::tm tm{};
            localtime_r(&now, &tm);
            day_ = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
        } else {
            day_ = read_day(date).value();  // cmd_simulate checked it
        }
    }
    // "YYYYMMDDTHHMMSS" in UTC for `seconds` after local midnight.
    std::string smsc_time(std::int32_t seconds) const {
        std::tm tm{};
        tm.tm_year = day_.year - 1900;
        tm.tm_mon = day_.month - 1;
        tm.tm_mday = day_.day;
        tm.tm_sec = seconds;
        tm.tm_isdst = -1;
        const std::time_t t = std::mktime(&tm);
        std::tm utc{};
        gmtime_r(&t, &utc);
        char buf[32];
        std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%S", &utc);
        return buf;
    }

private:
    Day day_;
};

// Monitors text the modem of their own network: the operator code picks the device.
std::size_t device_for(const PlannedMessage& m, std::size_t index, std::size_t devices, bool by_operator) {
    if (devices <= 1) return 0;
    if (!by_operator) return index % devices;
    if (m.sender.size() < 5 || m.sender.compare(0, 2, "+7") != 0) return 0;
    return static_cast<std::size_t>(std::atoi(m.sender.substr(2, 3).c_str())) % devices;
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) throw std::runtime_error("cannot write " + path);
}

std::string headline(const sim::TargetTruth& t) {
    std::string s = fmt::format("truth {}{}: ", t.contest, t.district != 0 ? fmt::format(" district {}", t.district) : "");
    for (const auto& o : t.population.options) s += fmt::format("{} {:.4f} ", o.tag, o.share);
    s += fmt::format("turnout {:.4f} invalid {:.4f}", t.population.turnout, t.population.invalid);
    if (t.sample.defined) {
        s += fmt::format("\n  sample estimate ({}/{} reported):", t.reported, t.sampled);
        for (const auto& o : t.sample.options) s += fmt::format(" {} {:.4f}", o.tag, o.share);
    }
    return s;
}

}  // namespace

int cmd_simulate(const Args& args) {
    std::string codebook_dir, phase_name = "all", truth_path, plan_path, date, spread = "operator";
    std::vector<std::string> devices;
    std::uint64_t seed = 1;
    double rate = 0;
    std::int64_t count = -1;
    sim::ScenarioOptions o;
    bool no_nonsampled = false, no_resolve = false, verbose = false;
    cli::Options opts(
        "simulate",
        "smsgw simulate --codebook DIR [--device DIR ...] [--seed N] [options]\n\n"
        "Plays an election day (setup checklists in the morning, incidents, results after the close) as SMS\n"
        "written into gammu dummy-driver device directories (DIR/sms/1), with typos, Cyrillic input,\n"
        "resends, corrections, a conflict, unregistered senders and operator info SMS. Deterministic for a\n"
        "seed and options: run it once per --phase with the same options and the phases fit together.\n"
        "Without --device nothing is written but the truth and plan files. The truth's \"sample\" is what the\n"
        "quick count shows once every message of the day (all phases, no --count) has been processed.\n"
        "Exit 0: written; 1: the codebook has errors or a file cannot be written; 2: bad arguments.");
    constexpr int most = 1000000;
    opts.text("codebook", codebook_dir, "DIR", "codebook directory").required();
    opts.texts("device", devices, "DIR", "dummy device directory (repeat for several modems)");
    opts.number("seed", seed, 0, std::numeric_limits<std::uint64_t>::max(), "N", "scenario seed");
    opts.text("phase", phase_name, "NAME", "which part of the day").one_of({"setup", "incidents", "results", "all"});
    opts.number("rate", rate, 0, 1e6, "N", "messages per second (0: as fast as possible)");
    opts.number("count", count, 0, 100000000, "N",
                "write at most N messages (of the phase)")
        .shown_default("");
    const auto fraction = [&](const char* name, double& v, const char* help) { opts.number(name, v, 0, 1, "F", help); };
    fraction("report-fraction", o.report_fraction, "sampled stations that send results");
    fraction("setup-fraction", o.setup_fraction, "monitors who send the setup checklist");
    fraction("nonsampled-fraction", o.nonsampled_fraction, "monitors at non-sampled stations who report at all");
    opts.flag("no-nonsampled", no_nonsampled, "only sampled stations report");
    fraction("typo-rate", o.typo_rate, "reports typed so normalization must fix them");
    fraction("cyrillic-rate", o.cyrillic_rate, "ru/kk reports in Cyrillic lookalikes");
    fraction("invalid-rate", o.invalid_rate, "reports first sent with a rejected mistake");
    fraction("resend-rate", o.resend_rate, "reports sent twice");
    fraction("correction-rate", o.correction_rate, "reports corrected later");
    fraction("comment-rate", o.comment_rate, "reports with an @ comment");
    fraction("ucs2-rate", o.ucs2_rate, "Latin messages sent as UCS-2");
    opts.number("conflicts", o.conflicts, 0, most, "N", "stations reported differently by a mobile team");
    opts.flag("no-resolve", no_resolve, "leave the conflicts unsettled");
    opts.number("unregistered", o.unregistered, 0, most, "N", "reports from phones not in monitors.csv");
    opts.number("info", o.info_messages, 0, most, "N", "operator info SMS (alphanumeric sender)");
    opts.number("incidents", o.incidents, 0, most, "N", "incident reports");
    opts.text("truth", truth_path, "FILE", "write the true result here (JSON)");
    opts.text("plan", plan_path, "FILE", "write the messages written, with their expected outcome, here (JSON lines)");
    opts.text("date", date, "YYYYMMDD", "election day for SMSC times (default: today in the election's time zone)");
    opts.text("spread", spread, "HOW", "operator: by the sender's operator code; round-robin: in turn")
        .one_of({"operator", "round-robin"});
    opts.flag("verbose", verbose, "print each message as it is written").letter('v');
    if (auto exit = opts.parse(args)) return *exit;
    if (!date.empty() && !read_day(date))
        return opts.usage_error("--date must be YYYYMMDD (e.g. 20260301), not '" + date + "'");
    const std::optional<Phase> only = phase_name == "all" ? std::nullopt : sim::phase_from_string(phase_name);
    if (no_nonsampled) o.nonsampled_fraction = 0;
    if (no_resolve) o.resolve_conflicts = false;

    std::error_code ec;
    if (!std::filesystem::is_directory(codebook_dir, ec)) {
        std::cerr << "smsgw simulate: codebook " << codebook_dir
                  << " is not a directory (give the directory that holds election.toml)\n";
        return 1;
    }
    LoadResult loaded = load_codebook_dir(codebook_dir);
    if (!loaded.ok()) {
        for (const Diagnostic& d : loaded.diagnostics) std::cerr << format_diagnostic(codebook_dir, d) << '\n';
        std::cerr << "smsgw simulate: the codebook " << codebook_dir << " has the errors above (smsgw check-codebook lists them too)\n";
        return 1;
    }
    const Codebook& cb = *loaded.codebook;
    const DayClock clock(cb.election.timezone, date);
    const sim::Scenario scenario = sim::generate_scenario(cb, seed, o);
    const auto targets = sim::summarize_truth(cb, scenario);
    if (!truth_path.empty()) write_file(truth_path, boost::json::serialize(sim::truth_json(cb, scenario, targets)) + "\n");

    std::vector<const PlannedMessage*> chosen;
    for (const auto& m : scenario.messages)
        if ((!only || m.phase == *only) && (count < 0 || static_cast<std::int64_t>(chosen.size()) < count)) chosen.push_back(&m);
    std::vector<std::size_t> device_of(chosen.size(), 0);
    std::string plan;
    for (std::size_t i = 0; i < chosen.size(); ++i) {
        device_of[i] = device_for(*chosen[i], i, devices.size(), spread == "operator");
        auto line = sim::plan_json(*chosen[i]);
        line["smsc_time"] = clock.smsc_time(chosen[i]->time);
        if (!devices.empty()) line["device"] = devices[device_of[i]];
        plan += boost::json::serialize(line) + "\n";
    }
    if (!plan_path.empty()) write_file(plan_path, plan);

    std::array<std::size_t, sim::outcome_count> by_class{};
    std::size_t planned_parts = 0, parts = 0;
    for (const PlannedMessage* m : chosen) {
        ++by_class[static_cast<std::size_t>(m->outcome)];
        planned_parts += m->parts;
    }
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < chosen.size() && !devices.empty(); ++i) {
        const PlannedMessage& m = *chosen[i];
        if (rate > 0)
            std::this_thread::sleep_until(start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                      std::chrono::duration<double>(static_cast<double>(i) / rate)));
        InjectOptions io;
        io.force_ucs2 = m.force_ucs2;
        if (m.concat_ref) io.concat_ref = *m.concat_ref;
        io.smsc_time = clock.smsc_time(m.time);
        parts += inject_sms(devices[device_of[i]], m.sender, m.text, io).size();
        if (verbose)
            std::cout << fmt::format("{} {:<9} {:<12} {} -> {}: {}\n", sim::clock_text(m.time), sim::to_string(m.phase),
                                     sim::to_string(m.outcome), m.sender, devices[device_of[i]], m.text)
                      << std::flush;
    }

    if (devices.empty())
        std::cout << fmt::format("simulate: seed {}, {} messages ({} SMS parts) planned, none written (no --device)\n", seed,
                                 chosen.size(), planned_parts);
    else
        std::cout << fmt::format("simulate: seed {}, {} messages ({} SMS parts) written into {} device(s)\n", seed,
                                 chosen.size(), parts, devices.size());
    std::string classes;
    for (std::size_t c = 0; c < sim::outcome_count; ++c)
        if (by_class[c] > 0) classes += fmt::format(" {} {}", sim::to_string(static_cast<Outcome>(c)), by_class[c]);
    if (!classes.empty()) std::cout << " " << classes << "\n";
    for (const auto& t : targets)
        if (t.district == 0) std::cout << headline(t) << "\n";
    return 0;
}

}  // namespace smsgw
