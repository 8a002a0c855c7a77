// smsgw simulate: plays an election night into dummy-driver devices and writes the true result to compare with.
#include "daemon/codebook_io/codebook_dir.hpp"
#include "daemon/cli/commands.hpp"
#include "daemon/modem/inject_sms.hpp"
#include "daemon/simulate/plan_json.hpp"
#include "daemon/simulate/scenario_generator.hpp"
#include "daemon/simulate/truth_summary.hpp"

#include <boost/json/serialize.hpp>
#include <boost/program_options.hpp>
#include <fmt/format.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <thread>

namespace smsgw {

namespace {

using sim::Outcome;
using sim::Phase;
using sim::PlannedMessage;

struct Day {
    int year = 0, month = 0, day = 0;
};

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
        } else if (date.size() != 8 || std::sscanf(date.c_str(), "%4d%2d%2d", &day_.year, &day_.month, &day_.day) != 3 ||
                   day_.month < 1 || day_.month > 12 || day_.day < 1 || day_.day > 31) {
            throw std::runtime_error(fmt::format("bad --date '{}': expected YYYYMMDD", date));
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
    namespace po = boost::program_options;
    std::string codebook_dir, phase_name = "all", truth_path, plan_path, date, spread = "operator";
    std::vector<std::string> devices;
    std::uint64_t seed = 1;
    double rate = 0;
    long long count = -1;
    sim::ScenarioOptions o;
    bool no_nonsampled = false, no_resolve = false, verbose = false;
    po::options_description opts(
        "smsgw simulate --codebook DIR [--device DIR ...] [--seed N] [options]\n\n"
        "Plays an election day (setup checklists in the morning, incidents, results after the close) as SMS\n"
        "written into gammu dummy-driver device directories (DIR/sms/1), with typos, Cyrillic input,\n"
        "resends, corrections, a conflict, unregistered senders and operator info SMS. Deterministic for a\n"
        "seed and options: run it once per --phase with the same options and the phases fit together.\n"
        "Without --device nothing is written but the truth and plan files. The truth's \"sample\" is what the\n"
        "quick count shows once every message of the day (all phases, no --count) has been processed.\n\noptions");
    // Defaults shown as typed ("0.9"), not as the nearest double's seventeen digits.
    auto with_default = [](auto& v) { return po::value(&v)->default_value(v, fmt::format("{}", v)); };
    opts.add_options()
        ("help,h", "show this help")
        ("codebook", po::value(&codebook_dir)->required(), "codebook directory")
        ("device", po::value(&devices)->composing(), "dummy device directory (repeat for several modems)")
        ("seed", po::value(&seed)->default_value(1), "scenario seed")
        ("phase", po::value(&phase_name)->default_value("all"), "setup | incidents | results | all")
        ("rate", po::value(&rate)->default_value(0), "messages per second (0: as fast as possible)")
        ("count", po::value(&count), "write at most N messages (of the phase)")
        ("report-fraction", with_default(o.report_fraction), "sampled stations that send results")
        ("setup-fraction", with_default(o.setup_fraction), "monitors who send the setup checklist")
        ("nonsampled-fraction", with_default(o.nonsampled_fraction),
         "monitors at non-sampled stations who report at all")
        ("no-nonsampled", po::bool_switch(&no_nonsampled), "only sampled stations report")
        ("typo-rate", with_default(o.typo_rate), "reports typed so normalization must fix them")
        ("cyrillic-rate", with_default(o.cyrillic_rate), "ru/kk reports in Cyrillic lookalikes")
        ("invalid-rate", with_default(o.invalid_rate), "reports first sent with a rejected mistake")
        ("resend-rate", with_default(o.resend_rate), "reports sent twice")
        ("correction-rate", with_default(o.correction_rate), "reports corrected later")
        ("comment-rate", with_default(o.comment_rate), "reports with an @ comment")
        ("ucs2-rate", with_default(o.ucs2_rate), "Latin messages sent as UCS-2")
        ("conflicts", with_default(o.conflicts), "stations reported differently by a mobile team")
        ("no-resolve", po::bool_switch(&no_resolve), "leave the conflicts unsettled")
        ("unregistered", with_default(o.unregistered), "reports from phones not in monitors.csv")
        ("info", with_default(o.info_messages), "operator info SMS (alphanumeric sender)")
        ("incidents", with_default(o.incidents), "incident reports")
        ("truth", po::value(&truth_path), "write the true result here (JSON)")
        ("plan", po::value(&plan_path), "write the messages written, with their expected outcome, here (JSON lines)")
        ("date", po::value(&date), "election day YYYYMMDD for SMSC times (default: today in the election's time zone)")
        ("spread", po::value(&spread)->default_value("operator"), "operator (by the sender's operator code) | round-robin")
        ("verbose,v", po::bool_switch(&verbose), "print each message as it is written");
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(opts).run(), vm);
        if (vm.count("help")) {
            std::cout << opts << "\n";
            return 0;
        }
        po::notify(vm);
    } catch (const po::error& e) {
        std::cerr << "smsgw simulate: " << e.what() << "\n\n" << opts << "\n";
        return 2;
    }
    const std::optional<Phase> only = phase_name == "all" ? std::nullopt : sim::phase_from_string(phase_name);
    if (phase_name != "all" && !only) {
        std::cerr << "smsgw simulate: --phase must be setup, incidents, results or all\n";
        return 2;
    }
    if (spread != "operator" && spread != "round-robin") {
        std::cerr << "smsgw simulate: --spread must be operator or round-robin\n";
        return 2;
    }
    if (rate < 0) {
        std::cerr << "smsgw simulate: --rate must be >= 0\n";
        return 2;
    }
    if (no_nonsampled) o.nonsampled_fraction = 0;
    if (no_resolve) o.resolve_conflicts = false;

    LoadResult loaded = load_codebook_dir(codebook_dir);
    if (!loaded.ok()) {
        for (const Diagnostic& d : loaded.diagnostics) std::cerr << format_diagnostic(codebook_dir, d) << '\n';
        std::cerr << "smsgw simulate: the codebook has errors\n";
        return 1;
    }
    const Codebook& cb = *loaded.codebook;
    const DayClock clock(cb.election.timezone, date);
    const sim::Scenario scenario = sim::generate_scenario(cb, seed, o);
    const auto targets = sim::summarize_truth(cb, scenario);
    if (!truth_path.empty()) write_file(truth_path, boost::json::serialize(sim::truth_json(cb, scenario, targets)) + "\n");

    std::vector<const PlannedMessage*> chosen;
    for (const auto& m : scenario.messages)
        if ((!only || m.phase == *only) && (count < 0 || static_cast<long long>(chosen.size()) < count)) chosen.push_back(&m);
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
