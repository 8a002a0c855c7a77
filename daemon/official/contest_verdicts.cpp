// Sums the official rows per target and region, then places each share against the PVT's intervals.
#include "daemon/official/contest_verdicts.hpp"

#include <algorithm>
#include <map>

namespace smsgw::official {

const Form* contest_form(const Codebook& cb, const Contest& c) {
    if (const Form* f = cb.find_form(c.form); f && f->kind == FormKind::results) return f;
    for (const auto& f : cb.forms)
        if (f.kind == FormKind::results && f.contest == c.id) return &f;
    return nullptr;
}

namespace {

// Official totals of one target or region, exact integers.
struct Totals {
    std::vector<std::int64_t> votes;  // per option of the estimate, same order
    std::int64_t invalid = 0, cast = 0, registered = 0;
    std::size_t rows = 0;

    explicit Totals(std::size_t options = 0) : votes(options, 0) {}
    std::int64_t valid() const {
        std::int64_t v = 0;
        for (auto x : votes) v += x;
        return v;
    }
};

double ratio(std::int64_t y, std::int64_t x) { return x > 0 ? static_cast<double>(y) / static_cast<double>(x) : 0.0; }

std::vector<MeasureVerdict> measures(const ContestEstimate& e, const Totals& t) {
    std::vector<MeasureVerdict> out;
    const std::int64_t valid = t.valid();
    for (std::size_t k = 0; k < e.options.size(); ++k)
        out.push_back(judge(Measure::option, e.options[k].tag, e.options[k].name, ratio(t.votes[k], valid),
                            valid > 0 ? e.options[k].estimate : RatioEstimate{}));
    out.push_back(judge(Measure::turnout, "", "", ratio(t.cast, t.registered), t.registered > 0 ? e.turnout : RatioEstimate{}));
    out.push_back(judge(Measure::invalid, "", "", ratio(t.invalid, t.cast), t.cast > 0 ? e.invalid : RatioEstimate{}));
    // Part of the frame without any report: the estimate is of the regions that reported, not of
    // the contest, so no verdict (the quick count withholds its call for the same reason).
    if (!e.complete_coverage)
        for (auto& m : out) m.verdict = Verdict::no_estimate;
    return out;
}

std::string official_call(const ContestEstimate& e, const Totals& t) {
    const std::int64_t valid = t.valid();
    if (valid <= 0 || e.options.empty()) return std::string(to_string(Call::no_data));
    std::size_t lead = 0;
    for (std::size_t k = 1; k < t.votes.size(); ++k)
        if (t.votes[k] > t.votes[lead]) lead = k;
    // Exact integer comparison with one half: 2·votes against valid.
    if (2 * t.votes[lead] > valid) return "first-round win " + e.options[lead].tag;
    if (2 * t.votes[lead] < valid) return std::string(to_string(Call::run_off));
    return std::string(to_string(Call::undetermined));
}

}  // namespace

MeasureVerdict judge(Measure measure, std::string tag, std::string name, double official, const RatioEstimate& e) {
    MeasureVerdict m;
    m.measure = measure;
    m.tag = std::move(tag);
    m.name = std::move(name);
    m.official = official;
    if (!e.defined) return m;
    m.estimate = e.share;
    m.low95 = e.share - e.margin95;
    m.high95 = e.share + e.margin95;
    m.low99 = e.share - e.margin99;
    m.high99 = e.share + e.margin99;
    if (official >= m.low95 && official <= m.high95)
        m.verdict = Verdict::inside95;
    else if (official >= m.low99 && official <= m.high99)
        m.verdict = Verdict::inside99;
    else
        m.verdict = Verdict::outside;
    return m;
}

std::vector<ContestVerdict> contest_verdicts(const QuickCount& qc, const Estimates& estimates,
                                             std::span<const StationValues> official) {
    const Codebook& cb = qc.codebook();
    std::vector<ContestVerdict> out;
    for (const ContestEstimate& e : estimates.contests) {
        const Contest* contest = cb.find_contest(e.contest);
        const Form* form = contest ? contest_form(cb, *contest) : nullptr;
        if (!form) continue;
        const bool national = contest->scope == ContestScope::national;
        auto in_scope = [&](const Station& s) { return national || s.district == e.district; };

        Totals total(e.options.size());
        std::map<std::string, Totals> regions;  // by region id
        auto add = [&](Totals& t, const StationValues& row, const Station& s) {
            for (std::size_t k = 0; k < e.options.size(); ++k) t.votes[k] += row.value(e.options[k].tag).value_or(0);
            t.invalid += row.value(form->invalid_tag).value_or(0);
            t.cast += row.value(form->cast_tag).value_or(0);
            t.registered += s.registered;
            ++t.rows;
        };
        for (const StationValues& row : official) {
            if (row.form != form || row.station >= cb.stations.size()) continue;
            const Station& s = cb.stations[row.station];
            if (!in_scope(s)) continue;
            add(total, row, s);
            if (national) add(regions.try_emplace(s.region, e.options.size()).first->second, row, s);
        }
        if (total.rows == 0) continue;
        std::size_t frame = 0;
        std::map<std::string, std::size_t> region_frame;
        for (const Station& s : cb.stations)
            if (in_scope(s)) {
                ++frame;
                ++region_frame[s.region];
            }

        ContestVerdict v;
        v.contest = e.contest;
        v.contest_name = e.name;
        v.district = e.district;
        v.official_coverage = frame ? static_cast<double>(total.rows) / static_cast<double>(frame) : 0.0;
        v.measures = measures(e, total);
        v.official_call = official_call(e, total);
        v.pvt_call = e.call_text();
        v.calls_agree = v.official_call == v.pvt_call;
        if (national) {
            for (const Region& r : cb.regions) {
                auto it = regions.find(r.id);
                if (it == regions.end()) continue;
                RegionVerdicts rv;
                rv.region = r.id;
                rv.region_name = r.name;
                rv.measures = measures(qc.estimate_region(e.contest, r.id), it->second);
                v.regions.push_back(std::move(rv));
            }
        }
        out.push_back(std::move(v));
    }
    return out;
}

}  // namespace smsgw::official
