// Plans the election day's SMS traffic around the true count: who reports when, how they type it, what goes wrong.
#include "daemon/simulate/scenario_generator.hpp"

#include "codebooks/gsm7.hpp"
#include "daemon/simulate/comments.hpp"
#include "daemon/simulate/mistakes.hpp"
#include "daemon/simulate/sim_rng.hpp"

#include <algorithm>

namespace smsgw::sim {

namespace {

constexpr std::int32_t hours(int h, int m = 0) { return h * 3600 + m * 60; }

// Purposes of the per-station "does this one report" draws.
constexpr int kActive = 0, kSetup = 1, kResults = 2;

}  // namespace

ScenarioGenerator::ScenarioGenerator(const Codebook& cb, std::uint64_t seed, const ScenarioOptions& options)
    : cb_(cb),
      seed_(seed),
      options_(options),
      rng_(stream(seed, Stream::plan, 0)),
      styler_(rng_),
      out_{seed, options, {}, TrueResults(cb, seed), {}} {
    next_ref_ = static_cast<int>(rng_.below(256));
}

Scenario ScenarioGenerator::run() {
    find_reporters();
    plan_setup();
    plan_incidents();
    plan_results();
    plan_conflicts();
    plan_unregistered();
    plan_info();
    std::stable_sort(out_.messages.begin(), out_.messages.end(),
                     [](const PlannedMessage& a, const PlannedMessage& b) { return a.time < b.time; });
    for (std::size_t i = 0; i < out_.messages.size(); ++i) out_.messages[i].seq = static_cast<std::uint32_t>(i + 1);
    for (const auto& [form, station] : counted_) out_.counted[form].push_back(station);
    return std::move(out_);
}

void ScenarioGenerator::find_reporters() {
    // A station's monitor is the first one listing it; mobile teams and coordinators only step in.
    std::vector<const Monitor*> assigned(cb_.stations.size(), nullptr);
    for (const Monitor& m : cb_.monitors)
        for (std::uint32_t s : m.stations)
            if (s < assigned.size() && assigned[s] == nullptr) assigned[s] = &m;
    for (const Station& st : cb_.stations)
        if (assigned[st.index] != nullptr) reporters_.push_back({assigned[st.index], &st});
}

bool ScenarioGenerator::reports(const Reporter& r, int purpose) const {
    // Own stream per station and purpose: changing one rate does not reshuffle who else reports.
    ExampleRng active = stream(seed_, Stream::plan, r.station->index + 1, kActive);
    if (!r.station->sampled && !chance(active, options_.nonsampled_fraction)) return false;
    ExampleRng rng = stream(seed_, Stream::plan, r.station->index + 1, static_cast<std::uint64_t>(purpose));
    return chance(rng, purpose == kSetup ? options_.setup_fraction : options_.report_fraction);
}

void ScenarioGenerator::plan_setup() {
    for (const Form& form : cb_.forms) {
        if (form.kind != FormKind::checklist) continue;
        for (const Reporter& r : reporters_) {
            if (!reports(r, kSetup)) continue;
            const auto arrival = static_cast<std::int32_t>(rng_.between(6 * 60 + 30, 7 * 60 + 50));
            const std::int32_t t = arrival * 60 + static_cast<std::int32_t>(rng_.between(300, 2400));
            Draft d = checklist_draft(form, *r.station, arrival);
            maybe_comment(d, *r.monitor);
            report(Phase::setup, t, r, *r.station, form, std::move(d));
        }
    }
}

void ScenarioGenerator::plan_results() {
    for (const Reporter& r : reporters_) {
        if (!reports(r, kResults)) continue;
        const Stratum* stratum = cb_.find_stratum(r.station->stratum);
        const bool urban = stratum != nullptr && stratum->urban;
        auto t = static_cast<std::int32_t>(urban ? rng_.between(hours(21), hours(22, 30)) : rng_.between(hours(20, 30), hours(22, 15)));
        for (const Form* form : out_.truth.forms()) {
            const Contest* contest = cb_.find_contest(form->contest);
            if (contest != nullptr && contest->scope == ContestScope::district && !contest->districts.empty() &&
                std::find(contest->districts.begin(), contest->districts.end(), r.station->district) == contest->districts.end())
                continue;
            const StationResult* truth = out_.truth.find(form->code, r.station->index);
            if (truth == nullptr || !truth->applies) continue;
            Draft d = results_draft(*form, *r.station);
            maybe_comment(d, *r.monitor);
            report(Phase::results, t, r, *r.station, *form, std::move(d));
            t += static_cast<std::int32_t>(rng_.between(180, 900));
        }
    }
}

void ScenarioGenerator::plan_incidents() {
    const auto form = std::find_if(cb_.forms.begin(), cb_.forms.end(), [](const Form& f) { return f.kind == FormKind::incident; });
    if (form == cb_.forms.end() || form->incidents.empty() || reporters_.empty()) return;
    std::vector<const Monitor*> teams;
    for (const Monitor& m : cb_.monitors)
        if (!m.districts.empty()) teams.push_back(&m);
    for (int i = 0; i < options_.incidents; ++i) {
        Reporter who = reporters_[rng_.below(reporters_.size())];
        if (!teams.empty() && rng_.chance(15, 100)) {
            // A mobile team reports from a station of its district.
            const Monitor* team = teams[rng_.below(teams.size())];
            const int district = team->districts[rng_.below(team->districts.size())];
            std::vector<const Station*> in_district;
            for (const Station& st : cb_.stations)
                if (st.district == district) in_district.push_back(&st);
            if (!in_district.empty()) who = {team, in_district[rng_.below(in_district.size())]};
        }
        const auto t = static_cast<std::int32_t>(rng_.chance(85, 100) ? rng_.between(hours(8), hours(20))
                                                                       : rng_.between(hours(20, 15), hours(23)));
        report(Phase::incidents, t, who, *who.station, *form, incident_draft(*form, *who.monitor, *who.station));
    }
}

void ScenarioGenerator::report(Phase phase, std::int32_t t, const Reporter& who, const Station& station, const Form& form,
                               Draft meant) {
    const Monitor& m = *who.monitor;
    bool corrected = false;
    if (chance(rng_, options_.invalid_rate)) {
        if (auto mistake = make_mistake(rng_, cb_, m, form, meant)) {
            const Style style = mistake->slip.cyrillic_form ? Style::cyrillic : pick_style(m);
            add(phase, t, Outcome::invalid, mistake->code, m.phone, styler_.render(mistake->draft, style, mistake->slip), meant,
                false);
            t += static_cast<std::int32_t>(rng_.between(120, 480));  // the error reply arrives, they fix it
        }
    } else if (form.kind != FormKind::incident && chance(rng_, options_.correction_rate)) {
        if (auto wrong = wrong_values(rng_, form, meant)) {
            add(phase, t, Outcome::superseded, std::nullopt, m.phone, styler_.render(*wrong, pick_style(m)), *wrong, true);
            t += static_cast<std::int32_t>(rng_.between(600, 2400));  // noticed on re-reading the protocol
            corrected = true;
        }
    }
    const Style style = pick_style(m);
    const Outcome outcome = corrected ? Outcome::correction : style == Style::canonical ? Outcome::valid : Outcome::normalized;
    const std::size_t index = add(phase, t, outcome, std::nullopt, m.phone, styler_.render(meant, style), meant, true);
    bool resent = false;
    if (chance(rng_, options_.resend_rate)) {
        repeat(index, t + static_cast<std::int32_t>(rng_.between(60, 600)), Outcome::duplicate, std::nullopt, m.phone);
        resent = true;
    }
    if (form.kind == FormKind::incident) return;
    settled_.push_back({index, &form, &who, !resent && !corrected});
    counted_.insert({form.code, station.index});
}

std::size_t ScenarioGenerator::add(Phase phase, std::int32_t t, Outcome outcome, std::optional<Code> code,
                                   const std::string& sender, std::string text, const Draft& meant, bool accepted) {
    PlannedMessage pm;
    pm.time = t;
    pm.phase = phase;
    pm.outcome = outcome;
    pm.expect_code = code;
    pm.sender = sender;
    pm.text = std::move(text);
    pm.form = meant.form;
    pm.station = meant.station;
    if (accepted) {
        for (const auto& item : meant.items) pm.values.emplace_back(item.tag, item.value);
        pm.incidents = meant.incidents;
        std::sort(pm.incidents.begin(), pm.incidents.end());
        pm.incidents.erase(std::unique(pm.incidents.begin(), pm.incidents.end()), pm.incidents.end());
    }
    const SmsSize size = sms_size(pm.text);
    pm.ucs2 = size.coding == SmsCoding::ucs2;
    pm.parts = size.parts;
    if (!pm.ucs2 && chance(rng_, options_.ucs2_rate)) {
        pm.ucs2 = pm.force_ucs2 = true;
        pm.parts = sms_parts(SmsCoding::ucs2, ucs2_length(pm.text));
    }
    if (pm.parts > 1) pm.concat_ref = next_ref_++ % 256;
    out_.messages.push_back(std::move(pm));
    return out_.messages.size() - 1;
}

std::size_t ScenarioGenerator::repeat(std::size_t original, std::int32_t t, Outcome outcome, std::optional<Code> code,
                                      const std::string& sender) {
    PlannedMessage pm = out_.messages[original];
    pm.time = t;
    pm.outcome = outcome;
    pm.expect_code = code;
    pm.sender = sender;
    if (!validator_accepts(outcome)) {
        pm.values.clear();
        pm.incidents.clear();
    }
    if (pm.parts > 1) pm.concat_ref = next_ref_++ % 256;  // a new SMS, a new reference
    out_.messages.push_back(std::move(pm));
    return out_.messages.size() - 1;
}

void ScenarioGenerator::plan_conflicts() {
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < settled_.size(); ++i) {
        const Settled& s = settled_[i];
        if (s.plain && s.form->kind == FormKind::results && s.reporter->station->sampled) candidates.push_back(i);
    }
    rng_.partial_shuffle(candidates, candidates.size());
    int made = 0;
    for (std::size_t c : candidates) {
        if (made >= options_.conflicts) break;
        const Settled s = settled_[c];
        const Station& st = *s.reporter->station;
        // Someone else entitled to report the station: a mobile team of its district, else HQ.
        std::vector<const Monitor*> teams, hq;
        for (const Monitor& m : cb_.monitors) {
            if (&m == s.reporter->monitor) continue;
            if (std::find(m.districts.begin(), m.districts.end(), st.district) != m.districts.end()) teams.push_back(&m);
            if (m.any_station) hq.push_back(&m);
        }
        const auto& pool = !teams.empty() ? teams : hq;
        if (pool.empty()) continue;
        const Monitor& other = *pool[rng_.below(pool.size())];
        const auto wrong = wrong_values(rng_, *s.form, results_draft(*s.form, st));
        if (!wrong) continue;
        const std::int32_t t = out_.messages[s.message].time + static_cast<std::int32_t>(rng_.between(300, 1800));
        add(Phase::results, t, Outcome::conflict, Code::CONFLICT, other.phone, styler_.render(*wrong, pick_style(other)),
            *wrong, true);
        if (options_.resolve_conflicts)
            repeat(s.message, t + static_cast<std::int32_t>(rng_.between(600, 1800)), Outcome::resolution, std::nullopt,
                   s.reporter->monitor->phone);
        else
            counted_.erase({s.form->code, st.index});
        ++made;
    }
}

void ScenarioGenerator::plan_unregistered() {
    // A monitor whose own phone ran out of credit borrows one, a little before their own report.
    std::vector<std::size_t> picks(settled_.size());
    for (std::size_t i = 0; i < picks.size(); ++i) picks[i] = i;
    const auto n = std::min<std::size_t>(picks.size(), static_cast<std::size_t>(std::max(options_.unregistered, 0)));
    rng_.partial_shuffle(picks, n);
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t original = settled_[picks[k]].message;
        const std::int32_t t = std::max(0, out_.messages[original].time - static_cast<std::int32_t>(rng_.between(60, 900)));
        repeat(original, t, Outcome::unregistered, Code::UNREGISTERED_SENDER, unregistered_phone());
    }
}

void ScenarioGenerator::plan_info() {
    static const std::string operators[] = {"Beeline", "Kcell", "Tele2"};
    for (int i = 0; i < options_.info_messages; ++i) {
        const bool morning = i == 0;
        const auto t = static_cast<std::int32_t>(morning ? rng_.between(hours(9), hours(10)) : rng_.between(hours(21), hours(23)));
        add(morning ? Phase::setup : Phase::results, t, Outcome::info, Code::UNREGISTERED_SENDER, operators[i % 3],
            operator_info(rng_), Draft{}, false);
    }
}

Style ScenarioGenerator::pick_style(const Monitor& m) {
    if (m.language != "en" && chance(rng_, options_.cyrillic_rate)) return Style::cyrillic;
    if (chance(rng_, options_.typo_rate)) {
        static constexpr Style typos[] = {Style::glued, Style::separators, Style::digit_typo};
        return typos[rng_.below(std::size(typos))];
    }
    return Style::canonical;
}

namespace {

// A plausible answer to a checklist question (or a non-option field of a results form).
std::int64_t field_answer(ExampleRng& rng, const Field& f, std::int32_t arrival_minute) {
    switch (f.kind) {
        case FieldKind::time: return arrival_minute / 60 * 100 + arrival_minute % 60;
        case FieldKind::yesno: return rng.chance(9, 10) ? 1 : 2;
        case FieldKind::count: return f.min + rng.between(0, std::min<std::int64_t>(f.max - f.min, 6));
        case FieldKind::choice:
            if (f.choices.empty()) return 1;
            return rng.chance(3, 4) ? f.choices.front() : f.choices[rng.below(f.choices.size())];
        case FieldKind::multi: {
            if (f.choices.empty()) return 1;
            std::vector<int> digits{f.choices[rng.below(f.choices.size())], f.choices[rng.below(f.choices.size())]};
            if (rng.chance(1, 2) || digits[0] == digits[1]) digits.pop_back();
            std::sort(digits.begin(), digits.end());
            std::int64_t v = 0;
            for (int d : digits) v = v * 10 + d;
            return v;
        }
    }
    return 1;
}

}  // namespace

Draft ScenarioGenerator::checklist_draft(const Form& form, const Station& st, std::int32_t arrival_minute) {
    Draft d{form.code, st.code, {}, {}, {}};
    for (const Field& f : form.fields) {
        if (!f.required && !rng_.chance(15, 100)) continue;
        d.items.push_back({f.tag, field_answer(rng_, f, arrival_minute), f.kind});
    }
    return d;
}

Draft ScenarioGenerator::results_draft(const Form& form, const Station& st) const {
    Draft d{form.code, st.code, {}, {}, {}};
    const StationResult* truth = out_.truth.find(form.code, st.index);
    const std::vector<std::string> options = option_tags(cb_, form, st);
    ExampleRng extra = stream(seed_, Stream::plan, st.index + 1, 100);
    for (const Field& f : form.fields) {
        const auto it = std::find(options.begin(), options.end(), f.tag);
        if (it != options.end())
            d.items.push_back({f.tag, truth->votes[static_cast<std::size_t>(it - options.begin())], f.kind});
        else if (f.tag == form.invalid_tag)
            d.items.push_back({f.tag, truth->invalid, f.kind});
        else if (f.tag == form.cast_tag)
            d.items.push_back({f.tag, truth->cast, f.kind});
        else if (f.required && !form.options_from_candidates)
            d.items.push_back({f.tag, field_answer(extra, f, 20 * 60), f.kind});
    }
    return d;
}

Draft ScenarioGenerator::incident_draft(const Form& form, const Monitor& m, const Station& st) {
    Draft d{form.code, st.code, {}, {}, {}};
    const std::size_t n = 1 + rng_.below(2);
    for (std::size_t i = 0; i < n; ++i) d.incidents.push_back(form.incidents[rng_.below(form.incidents.size())].code);
    std::sort(d.incidents.begin(), d.incidents.end());
    d.incidents.erase(std::unique(d.incidents.begin(), d.incidents.end()), d.incidents.end());
    if (rng_.chance(85, 100)) d.comment = incident_comment(rng_, m.language, rng_.chance(1, 4));
    return d;
}

void ScenarioGenerator::maybe_comment(Draft& d, const Monitor& m) {
    if (!chance(rng_, options_.comment_rate)) return;
    // A sentence after a full results report is already two parts in UCS-2; long stories go in incident reports.
    d.comment = rng_.chance(3, 4) ? short_comment(rng_, m.language) : incident_comment(rng_, m.language, false);
}

std::string ScenarioGenerator::unregistered_phone() {
    static constexpr const char* prefixes[] = {"700", "701", "702", "705", "707", "708", "747", "771", "775", "777"};
    for (;;) {
        std::string phone = std::string("+7") + prefixes[rng_.below(std::size(prefixes))];
        for (int i = 0; i < 7; ++i) phone += static_cast<char>('0' + rng_.below(10));
        const bool used = std::any_of(out_.messages.begin(), out_.messages.end(),
                                      [&](const PlannedMessage& pm) { return pm.sender == phone; });
        if (cb_.find_monitor(phone) == nullptr && !used) return phone;
    }
}

Scenario generate_scenario(const Codebook& cb, std::uint64_t seed, const ScenarioOptions& options) {
    return ScenarioGenerator(cb, seed, options).run();
}

}  // namespace smsgw::sim
