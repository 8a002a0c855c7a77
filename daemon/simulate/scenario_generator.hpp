// The election-night generator: from a codebook and a seed, the day's SMS in time order and the true count.
#pragma once

#include "codebooks/codebook.hpp"
#include "daemon/simulate/scenario.hpp"
#include "daemon/simulate/text_styler.hpp"
#include "daemon/simulate/true_results.hpp"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace smsgw::sim {

struct Scenario {
    std::uint64_t seed = 0;
    ScenarioOptions options;
    std::vector<PlannedMessage> messages;  // in time order, seq 1..n
    TrueResults truth;
    // Per results form code: stations whose final report the quick count counts (accepted, and
    // not left in a conflict), in station order. Non-sampled stations are listed too.
    std::map<std::string, std::vector<std::uint32_t>, std::less<>> counted;
};

// Pure and deterministic: the same codebook, seed and options give the same scenario.
//
// The day: setup checklists 06:30-08:30 from the monitors of stations (all sampled stations'
// monitors at setup_fraction, others at nonsampled_fraction too), incidents over the day and
// into the count, results 20:30-22:45 (villages count faster), district results a few minutes
// after the party list. Around each report: a mistake the gateway rejects and the fixed text a
// few minutes later; or wrong values accepted and corrected later; and resends. Then phones not
// in monitors.csv reporting for real stations (a borrowed phone) shortly before the monitor's
// own report, conflicts from mobile teams or coordinators, and operator info SMS.
class ScenarioGenerator {
public:
    ScenarioGenerator(const Codebook& cb, std::uint64_t seed, const ScenarioOptions& options);
    Scenario run();

private:
    struct Reporter {
        const Monitor* monitor;
        const Station* station;
    };
    // The message that settles a (form, station), for conflicts and borrowed phones to refer to.
    struct Settled {
        std::size_t message;
        const Form* form;
        const Reporter* reporter;
        bool plain;  // no resend or correction around it
    };

    void find_reporters();
    bool reports(const Reporter& r, int purpose) const;
    void plan_setup();
    void plan_results();
    void plan_incidents();
    void plan_conflicts();
    void plan_unregistered();
    void plan_info();
    void report(Phase phase, std::int32_t t, const Reporter& who, const Station& station, const Form& form, Draft meant);
    std::size_t add(Phase phase, std::int32_t t, Outcome outcome, std::optional<Code> code, const std::string& sender,
                    std::string text, const Draft& meant, bool accepted);
    std::size_t repeat(std::size_t original, std::int32_t t, Outcome outcome, std::optional<Code> code,
                       const std::string& sender);
    Style pick_style(const Monitor& m);
    Draft checklist_draft(const Form& form, const Station& st, std::int32_t arrival_minute);
    Draft results_draft(const Form& form, const Station& st) const;
    Draft incident_draft(const Form& form, const Monitor& m, const Station& st);
    void maybe_comment(Draft& d, const Monitor& m);
    std::string unregistered_phone();

    const Codebook& cb_;
    std::uint64_t seed_;
    ScenarioOptions options_;
    ExampleRng rng_;
    TextStyler styler_;
    Scenario out_;
    std::vector<Reporter> reporters_;  // station order: each station's assigned monitor
    std::vector<Settled> settled_;
    std::set<std::pair<std::string, std::uint32_t>> counted_;
    int next_ref_ = 0;
};

Scenario generate_scenario(const Codebook& cb, std::uint64_t seed, const ScenarioOptions& options = {});

}  // namespace smsgw::sim
