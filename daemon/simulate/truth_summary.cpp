// Sums the true count per target, and reproduces the quick count's weighting over the counted sample.
#include "daemon/simulate/truth_summary.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <algorithm>
#include <numeric>

namespace smsgw::sim {

namespace json = boost::json;

namespace {

// Sums over stations, each weighted (1 for the population, N_h / r_h for the sample).
struct Sums {
    std::vector<long double> votes;
    long double valid = 0, cast = 0, registered = 0, invalid = 0;
    std::uint32_t stations = 0;

    explicit Sums(std::size_t options) : votes(options, 0) {}
    void add(const StationResult& r, const Station& st) {
        for (std::size_t k = 0; k < votes.size() && k < r.votes.size(); ++k) votes[k] += static_cast<long double>(r.votes[k]);
        valid += static_cast<long double>(std::accumulate(r.votes.begin(), r.votes.end(), std::int64_t{0}));
        cast += static_cast<long double>(r.cast);
        registered += static_cast<long double>(st.registered);
        invalid += static_cast<long double>(r.invalid);
        ++stations;
    }
    void add(const Sums& o, long double w) {
        for (std::size_t k = 0; k < votes.size(); ++k) votes[k] += w * o.votes[k];
        valid += w * o.valid;
        cast += w * o.cast;
        registered += w * o.registered;
        invalid += w * o.invalid;
        stations += o.stations;
    }
};

Shares shares_of(const Sums& s, const std::vector<std::string>& tags, const std::vector<std::string>& names, bool votes) {
    Shares out;
    out.defined = s.stations > 0 && s.valid > 0;
    for (std::size_t k = 0; k < tags.size(); ++k) {
        OptionShare o{tags[k], names[k], votes ? static_cast<std::int64_t>(s.votes[k]) : 0, 0};
        if (out.defined) o.share = static_cast<double>(s.votes[k] / s.valid);
        out.options.push_back(std::move(o));
    }
    if (out.defined) {
        out.turnout = s.registered > 0 ? static_cast<double>(s.cast / s.registered) : 0;
        out.invalid = s.cast > 0 ? static_cast<double>(s.invalid / s.cast) : 0;
    }
    return out;
}

TargetTruth build(const Codebook& cb, const Scenario& sc, const Contest& contest, const Form& form, int district) {
    TargetTruth t;
    t.contest = contest.id;
    t.name = contest.name;
    t.form = form.code;
    t.district = district;
    if (const District* d = cb.find_district(district)) t.district_name = d->name;
    std::vector<const Station*> frame;
    for (const Station& st : cb.stations) {
        const StationResult* r = sc.truth.find(form.code, st.index);
        if (r != nullptr && r->applies && (district == 0 || st.district == district)) frame.push_back(&st);
    }
    if (frame.empty()) return t;
    const std::vector<std::string> tags = district == 0 ? form.option_tags : option_tags(cb, form, *frame.front());
    std::vector<std::string> names;
    for (const auto& tag : tags) names.push_back(option_name(cb, form, district, tag));

    std::vector<bool> counted(cb.stations.size(), false);
    if (auto it = sc.counted.find(form.code); it != sc.counted.end())
        for (std::uint32_t s : it->second) counted[s] = true;

    struct Cell {
        std::uint32_t frame = 0, reported = 0;
        Sums sums;
    };
    std::vector<Cell> cells(cb.strata.size(), Cell{0, 0, Sums(tags.size())});
    Sums population(tags.size());
    for (const Station* st : frame) {
        const StationResult& r = *sc.truth.find(form.code, st->index);
        population.add(r, *st);
        t.registered += st->registered;
        t.cast += r.cast;
        t.invalid += r.invalid;
        if (st->sampled) ++t.sampled;
        const Stratum* stratum = cb.find_stratum(st->stratum);
        if (stratum == nullptr) continue;
        Cell& cell = cells[static_cast<std::size_t>(stratum - cb.strata.data())];
        ++cell.frame;
        if (st->sampled && counted[st->index]) {
            ++cell.reported;
            cell.sums.add(r, *st);
        }
    }
    t.stations = static_cast<std::uint32_t>(frame.size());
    t.population = shares_of(population, tags, names, true);

    // Estimation strata per region: its cells, or all of them merged when one has < 2 reports.
    Sums sample(tags.size());
    for (const Region& region : cb.regions) {
        std::vector<const Cell*> in_region;
        for (std::size_t h = 0; h < cb.strata.size(); ++h)
            if (cb.strata[h].region == region.id && cells[h].frame > 0) in_region.push_back(&cells[h]);
        const bool merge = std::any_of(in_region.begin(), in_region.end(), [](const Cell* c) { return c->reported < 2; });
        if (!merge) {
            for (const Cell* c : in_region)
                sample.add(c->sums, static_cast<long double>(c->frame) / static_cast<long double>(c->reported));
            continue;
        }
        Cell merged{0, 0, Sums(tags.size())};
        for (const Cell* c : in_region) {
            merged.frame += c->frame;
            merged.reported += c->reported;
            merged.sums.add(c->sums, 1);
        }
        if (merged.reported > 0)
            sample.add(merged.sums, static_cast<long double>(merged.frame) / static_cast<long double>(merged.reported));
    }
    t.reported = sample.stations;
    t.sample = shares_of(sample, tags, names, false);
    return t;
}

json::value share(bool defined, double v) {
    json::object o;
    o["share"] = defined ? json::value(v) : json::value(nullptr);
    return o;
}

json::object shares_json(const Shares& s, bool votes) {
    json::object o;
    json::array options;
    for (const auto& opt : s.options) {
        json::object x;
        x["tag"] = opt.tag;
        x["name"] = opt.name;
        if (votes) x["votes"] = opt.votes;
        x["share"] = s.defined ? json::value(opt.share) : json::value(nullptr);
        options.push_back(std::move(x));
    }
    o["options"] = std::move(options);
    o["turnout"] = share(s.defined, s.turnout);
    o["invalid"] = share(s.defined, s.invalid);
    // Leader and runner-up by share, ties in codebook order.
    std::vector<std::size_t> order(s.options.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return s.options[a].share > s.options[b].share; });
    if (s.defined && order.size() >= 2) {
        json::object lead;
        lead["a"] = s.options[order[0]].tag;
        lead["b"] = s.options[order[1]].tag;
        lead["share"] = s.options[order[0]].share - s.options[order[1]].share;
        o["lead"] = std::move(lead);
    } else {
        o["lead"] = nullptr;
    }
    if (votes && s.defined && !order.empty())
        o["outcome"] = s.options[order[0]].share > 0.5 ? "first-round win " + s.options[order[0]].tag : std::string("run-off");
    return o;
}

}  // namespace

std::vector<TargetTruth> summarize_truth(const Codebook& cb, const Scenario& scenario) {
    std::vector<TargetTruth> out;
    for (const Contest& contest : cb.contests) {
        const auto& forms = scenario.truth.forms();
        const auto form = std::find_if(forms.begin(), forms.end(), [&](const Form* f) { return f->contest == contest.id; });
        if (form == forms.end()) continue;
        if (contest.scope == ContestScope::national) {
            out.push_back(build(cb, scenario, contest, **form, 0));
            continue;
        }
        std::vector<int> districts = contest.districts;
        if (districts.empty())
            for (const District& d : cb.districts) districts.push_back(d.number);
        for (int d : districts) {
            TargetTruth t = build(cb, scenario, contest, **form, d);
            if (t.stations > 0) out.push_back(std::move(t));
        }
    }
    return out;
}

json::value truth_json(const Codebook& cb, const Scenario& scenario, const std::vector<TargetTruth>& targets) {
    json::array contests;
    for (const TargetTruth& t : targets) {
        json::object o;
        o["contest"] = t.contest;
        o["name"] = t.name;
        o["form"] = t.form;
        if (t.district != 0) {
            o["district"] = t.district;
            o["district_name"] = t.district_name;
        }
        o["stations"] = t.stations;
        o["registered"] = t.registered;
        o["cast"] = t.cast;
        for (const auto& kv : shares_json(t.population, true)) o[kv.key()] = kv.value();
        json::object sample;
        sample["sampled"] = t.sampled;
        sample["reported"] = t.reported;
        for (const auto& kv : shares_json(t.sample, false)) sample[kv.key()] = kv.value();
        o["sample"] = std::move(sample);
        contests.push_back(std::move(o));
    }
    json::object root;
    root["election"] = cb.election.id;
    root["seed"] = scenario.seed;
    root["contests"] = std::move(contests);
    return root;
}

}  // namespace smsgw::sim
