// The anomaly screens: simple numbers per station, robust z within strata, and repeated results.
#include "daemon/official/anomaly_screens.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

namespace smsgw::official {

namespace {

struct Row {
    const StationValues* v;
    const Station* s;
    std::vector<std::int64_t> options;
    std::vector<std::string> tags;
    std::int64_t invalid = 0, cast = 0, valid = 0;
};

double median(std::vector<double> x) {
    const std::size_t n = x.size();
    std::nth_element(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(n / 2), x.end());
    double hi = x[n / 2];
    if (n % 2) return hi;
    double lo = *std::max_element(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(n / 2));
    return (lo + hi) / 2;
}

// Robust z of every value; nullopt-like NaN where the spread is 0.
std::vector<double> robust_z(const std::vector<double>& x) {
    const double med = median(x);
    std::vector<double> dev(x.size());
    double mean_ad = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        dev[i] = std::fabs(x[i] - med);
        mean_ad += dev[i];
    }
    mean_ad /= static_cast<double>(x.size());
    const double mad = median(dev);
    std::vector<double> z(x.size(), 0.0);
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (mad > 0)
            z[i] = 0.6745 * (x[i] - med) / mad;
        else if (mean_ad > 0)
            z[i] = (x[i] - med) / (1.2533 * mean_ad);
        else
            z[i] = 0;
    }
    return z;
}

double median_of(const std::vector<double>& x) { return median(x); }

}  // namespace

std::vector<Anomaly> screen_anomalies(const Codebook& cb, std::span<const StationValues> input, std::string_view source,
                                      const ScreenThresholds& th) {
    std::vector<Anomaly> out;
    const std::string who = source == "official" ? "official protocol" : "monitor's report";
    auto add = [&](const Row& r, std::string screen, std::string detail, std::vector<std::pair<std::string, double>> values) {
        out.push_back({r.s->code, std::string(source), std::move(screen), std::move(detail), std::move(values)});
    };

    std::vector<Row> rows;
    for (const StationValues& v : input) {
        if (!v.form || v.station >= cb.stations.size()) continue;
        Row r{&v, &cb.stations[v.station], {}, {}, 0, 0, 0};
        for (const Field& f : v.form->fields) {
            if (f.tag == v.form->invalid_tag || f.tag == v.form->cast_tag) continue;
            bool option = v.form->options_from_candidates ||
                          std::find(v.form->option_tags.begin(), v.form->option_tags.end(), f.tag) != v.form->option_tags.end();
            auto x = v.value(f.tag);
            if (!option || !x) continue;
            r.options.push_back(*x);
            r.tags.push_back(f.tag);
            r.valid += *x;
        }
        r.invalid = v.value(v.form->invalid_tag).value_or(0);
        r.cast = v.value(v.form->cast_tag).value_or(0);
        rows.push_back(std::move(r));
    }

    // Turnout against the register.
    for (const Row& r : rows) {
        const std::int64_t reg = r.s->registered;
        if (reg <= 0) continue;
        const double t = static_cast<double>(r.cast) / static_cast<double>(reg);
        const std::vector<std::pair<std::string, double>> nums = {
            {"cast", double(r.cast)}, {"registered", double(reg)}, {"turnout", t}};
        if (r.cast > reg)
            add(r, "turnout_over_100",
                fmt::format("{} form {}: turnout {:.1f}% ({} ballots cast, {} registered): check the protocol and the voter list",
                            who, r.v->form->code, 100 * t, r.cast, reg),
                nums);
        else if (t > th.turnout_high)
            add(r, "turnout_high",
                fmt::format("{} form {}: turnout {:.1f}% ({} of {} registered), above {:.0f}%: check", who, r.v->form->code,
                            100 * t, r.cast, reg, 100 * th.turnout_high),
                nums);
        const auto step = static_cast<std::int64_t>(th.round_step);
        if (step > 0 && r.cast > 0 && t >= th.round_min && (100 * r.cast) % (step * reg) == 0)
            add(r, "round_turnout",
                fmt::format("{} form {}: turnout exactly {}% ({} of {} registered): check", who, r.v->form->code,
                            100 * r.cast / reg, r.cast, reg),
                nums);
    }

    // Robust z within the stratum (and district, for candidates forms), per form.
    std::map<std::string, std::vector<const Row*>> groups;
    for (const Row& r : rows) {
        std::string key = r.v->form->code + "|" + r.s->stratum;
        if (r.v->form->options_from_candidates) key += "|" + std::to_string(r.s->district);
        groups[key].push_back(&r);
    }
    const auto min_group = static_cast<std::size_t>(std::max(3.0, th.min_group));
    for (const auto& [key, members] : groups) {
        if (members.size() < min_group) continue;
        std::vector<const Row*> with_cast;
        for (const Row* r : members)
            if (r->cast > 0) with_cast.push_back(r);
        if (with_cast.size() >= min_group) {
            std::vector<double> rate;
            for (const Row* r : with_cast) rate.push_back(static_cast<double>(r->invalid) / static_cast<double>(r->cast));
            std::vector<double> z = robust_z(rate);
            const double med = median_of(rate);
            for (std::size_t i = 0; i < z.size(); ++i)
                if (std::fabs(z[i]) > th.robust_z)
                    add(*with_cast[i], "invalid_outlier",
                        fmt::format("{} form {}: invalid ballots {:.1f}% ({} of {}), stratum {} median {:.1f}%, robust z {:+.1f}: check",
                                    who, with_cast[i]->v->form->code, 100 * rate[i], with_cast[i]->invalid, with_cast[i]->cast,
                                    with_cast[i]->s->stratum, 100 * med, z[i]),
                        {{"invalid_rate", rate[i]}, {"median", med}, {"z", z[i]}});
        }
        // Options by tag: every row of a group has the same form (and district for candidates).
        std::map<std::string, std::vector<std::pair<const Row*, double>>> shares;
        for (const Row* r : members) {
            if (r->valid <= 0) continue;
            for (std::size_t k = 0; k < r->tags.size(); ++k)
                shares[r->tags[k]].push_back({r, static_cast<double>(r->options[k]) / static_cast<double>(r->valid)});
        }
        for (const auto& [tag, list] : shares) {
            if (list.size() < min_group) continue;
            std::vector<double> x;
            for (const auto& p : list) x.push_back(p.second);
            std::vector<double> z = robust_z(x);
            const double med = median_of(x);
            for (std::size_t i = 0; i < z.size(); ++i)
                if (std::fabs(z[i]) > th.robust_z)
                    add(*list[i].first, "share_outlier",
                        fmt::format("{} form {}: {} has {:.1f}% of valid votes, stratum {} median {:.1f}%, robust z {:+.1f}: check",
                                    who, list[i].first->v->form->code, tag, 100 * x[i], list[i].first->s->stratum, 100 * med, z[i]),
                        {{"share", x[i]}, {"median", med}, {"z", z[i]}});
        }
    }

    // The same numbers at several stations.
    std::map<std::pair<std::string, std::vector<std::int64_t>>, std::vector<const Row*>> same;
    for (const Row& r : rows) {
        if (static_cast<double>(r.cast) < th.identical_min_cast) continue;
        std::vector<std::int64_t> key = r.options;
        key.push_back(r.invalid);
        key.push_back(r.cast);
        std::string form = r.v->form->code;
        for (const auto& t : r.tags) form += "," + t;
        same[{form, key}].push_back(&r);
    }
    for (const auto& [key, members] : same) {
        if (members.size() < 2) continue;
        for (const Row* r : members) {
            std::string others;
            std::size_t shown = 0;
            for (const Row* o : members) {
                if (o == r) continue;
                if (shown++ == 8) {
                    others += ", ...";
                    break;
                }
                others += (others.empty() ? "" : ", ") + o->s->code;
            }
            add(*r, "identical_results",
                fmt::format("{} form {}: the same results ({} ballots cast) as {} other station(s): {}: check", who,
                            r->v->form->code, r->cast, members.size() - 1, others),
                {{"stations", double(members.size())}, {"cast", double(r->cast)}});
        }
    }

    static const std::map<std::string, int> order = {{"turnout_over_100", 0}, {"turnout_high", 1}, {"invalid_outlier", 2},
                                                     {"share_outlier", 3},    {"round_turnout", 4}, {"identical_results", 5}};
    std::stable_sort(out.begin(), out.end(), [](const Anomaly& a, const Anomaly& b) {
        int ra = order.at(a.screen), rb = order.at(b.screen);
        if (ra != rb) return ra < rb;
        return a.station < b.station;
    });
    return out;
}

}  // namespace smsgw::official
