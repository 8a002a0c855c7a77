// The aggregator: builds each contest's strata from the codebook, keeps the sums, estimates on demand.
#include "daemon/quickcount/quick_count.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <unordered_map>

namespace smsgw {

std::string_view to_string(QuickCount::Outcome o) {
    using O = QuickCount::Outcome;
    switch (o) {
        case O::counted: return "counted";
        case O::withdrawn: return "withdrawn";
        case O::not_counted: return "not_counted";
        case O::not_sampled: return "not_sampled";
        case O::out_of_scope: return "out_of_scope";
        case O::unknown_station: return "unknown_station";
        case O::unknown_contest: return "unknown_contest";
        case O::incomplete: return "incomplete";
        case O::bad_value: return "bad_value";
    }
    return "?";
}

namespace {

constexpr std::int64_t max_value = 1'000'000'000;

const Form* contest_form(const Codebook& cb, const Contest& c) {
    if (const Form* f = cb.find_form(c.form); f && f->kind == FormKind::results) return f;
    for (const auto& f : cb.forms)
        if (f.kind == FormKind::results && f.contest == c.id) return &f;
    return nullptr;
}

std::string field_label(const Form& f, const std::string& tag) {
    int i = f.field_index(tag);
    return i < 0 ? tag : f.fields[static_cast<std::size_t>(i)].label;
}

}  // namespace

QuickCount::QuickCount(CodebookPtr codebook) : codebook_(std::move(codebook)) {
    if (!codebook_) throw std::invalid_argument("QuickCount needs a codebook");
    const Codebook& cb = *codebook_;
    // Form codes win over contest ids: the pipeline names results by the form that carried them.
    for (const auto& f : cb.forms) {
        if (f.kind != FormKind::results) continue;
        if (const Contest* c = cb.find_contest(f.contest))
            keys_.try_emplace(f.code, static_cast<std::uint32_t>(c - cb.contests.data()));
    }
    for (std::uint32_t i = 0; i < cb.contests.size(); ++i) keys_.try_emplace(cb.contests[i].id, i);
    station_stratum_.reserve(cb.stations.size());
    for (const auto& s : cb.stations) {
        const Stratum* h = cb.find_stratum(s.stratum);
        station_stratum_.push_back(h ? static_cast<std::int32_t>(h - cb.strata.data()) : -1);
    }
    refs_.resize(cb.contests.size());
    for (std::uint32_t i = 0; i < cb.contests.size(); ++i) build_contest(i);
}

void QuickCount::build_contest(std::uint32_t ci) {
    const Codebook& cb = *codebook_;
    const Contest& contest = cb.contests[ci];
    const Form* form = contest_form(cb, contest);
    refs_[ci].assign(cb.stations.size(), Ref{});

    // Targets of this contest: the nation, or each listed district once, in the listed order.
    std::vector<int> districts;
    if (contest.scope == ContestScope::national) {
        districts.push_back(0);
    } else {
        for (int d : contest.districts)
            if (std::find(districts.begin(), districts.end(), d) == districts.end()) districts.push_back(d);
    }
    const std::size_t first_target = targets_.size();
    std::unordered_map<int, std::size_t> target_of_district;
    for (int d : districts) {
        target_of_district.emplace(d, targets_.size());
        Target t;
        t.contest = ci;
        t.district = d;
        if (form) {
            t.invalid_tag = form->invalid_tag;
            t.cast_tag = form->cast_tag;
            if (form->options_from_candidates) {
                for (const auto& cand : cb.candidates_in(d)) {
                    t.tags.push_back(cand.tag);
                    t.names.push_back(cand.name);
                }
            } else {
                for (const auto& tag : form->option_tags) {
                    t.tags.push_back(tag);
                    t.names.push_back(field_label(*form, tag));
                }
            }
        }
        targets_.push_back(std::move(t));
    }

    // Cells: the codebook strata restricted to the target's stations, in codebook strata order.
    const std::size_t nstrata = cb.strata.size();
    auto stratum_of = [&](const Station& s) -> std::int64_t { return station_stratum_[s.index]; };
    auto target_of = [&](const Station& s) -> std::int64_t {
        if (contest.scope == ContestScope::national) return static_cast<std::int64_t>(first_target);
        auto it = target_of_district.find(s.district);
        return it == target_of_district.end() ? -1 : static_cast<std::int64_t>(it->second);
    };
    std::vector<std::uint32_t> frame((targets_.size() - first_target) * nstrata, 0);
    for (const auto& s : cb.stations) {
        std::int64_t t = target_of(s), h = stratum_of(s);
        if (t >= 0 && h >= 0) ++frame[(static_cast<std::size_t>(t) - first_target) * nstrata + static_cast<std::size_t>(h)];
    }
    std::vector<std::int64_t> cell_of(frame.size(), -1);
    for (std::size_t ti = first_target; ti < targets_.size(); ++ti) {
        Target& t = targets_[ti];
        for (std::size_t h = 0; h < nstrata; ++h) {
            std::uint32_t n = frame[(ti - first_target) * nstrata + h];
            if (n == 0) continue;
            cell_of[(ti - first_target) * nstrata + h] = static_cast<std::int64_t>(t.cells.size());
            Cell c{static_cast<std::uint32_t>(h), n, 0, CellSums(t.tags.size())};
            t.cells.push_back(std::move(c));
            const std::string& region = cb.strata[h].region;
            auto g = std::find_if(t.regions.begin(), t.regions.end(), [&](const RegionGroup& r) { return r.region == region; });
            if (g == t.regions.end()) g = t.regions.insert(t.regions.end(), RegionGroup{region, {}});
            g->cells.push_back(static_cast<std::uint32_t>(t.cells.size() - 1));
        }
        auto region_rank = [&](const RegionGroup& g) {
            const Region* r = cb.find_region(g.region);
            return r ? r - cb.regions.data() : static_cast<std::ptrdiff_t>(cb.regions.size());
        };
        std::stable_sort(t.regions.begin(), t.regions.end(),
                         [&](const RegionGroup& a, const RegionGroup& b) { return region_rank(a) < region_rank(b); });
    }
    for (const auto& s : cb.stations) {
        std::int64_t t = target_of(s), h = stratum_of(s);
        if (t < 0 || h < 0) continue;
        Ref& ref = refs_[ci][s.index];
        ref.target = static_cast<std::int32_t>(t);
        if (!s.sampled) continue;
        Target& target = targets_[static_cast<std::size_t>(t)];
        auto cell = static_cast<std::uint32_t>(cell_of[(static_cast<std::size_t>(t) - first_target) * nstrata + static_cast<std::size_t>(h)]);
        ref.slot = static_cast<std::uint32_t>(target.slot_station.size());
        target.slot_station.push_back(s.index);
        target.slot_cell.push_back(cell);
        ++target.cells[cell].sampled;
        ++target.sampled;
    }
    for (std::size_t ti = first_target; ti < targets_.size(); ++ti) {
        Target& t = targets_[ti];
        t.counted.assign(t.slot_station.size(), 0);
        t.values.assign(t.slot_station.size() * t.stride(), 0);
    }
}

int QuickCount::resolve(std::string_view key) const {
    auto it = keys_.find(key);
    return it == keys_.end() ? -1 : static_cast<int>(it->second);
}

StationCounts QuickCount::counts(const Target& t, std::uint32_t slot) const {
    const std::size_t k = t.tags.size();
    const std::int64_t* v = t.values.data() + slot * t.stride();
    return {std::span<const std::int64_t>(v, k), v[k], v[k + 1], codebook_->stations[t.slot_station[slot]].registered};
}

void QuickCount::uncount(Target& t, std::uint32_t slot) {
    if (!t.counted[slot]) return;
    t.cells[t.slot_cell[slot]].sums.remove(counts(t, slot));
    t.counted[slot] = 0;
    --t.reported;
}

QuickCount::Outcome QuickCount::set_result(std::uint32_t station, std::string_view key,
                                           std::span<const TagValue> values) {
    if (station >= codebook_->stations.size()) return Outcome::unknown_station;
    int ci = resolve(key);
    if (ci < 0) return Outcome::unknown_contest;
    const Ref ref = refs_[static_cast<std::size_t>(ci)][station];
    if (ref.target < 0) return Outcome::out_of_scope;
    if (ref.slot == not_sampled_slot) return Outcome::not_sampled;
    Target& t = targets_[static_cast<std::size_t>(ref.target)];

    // The old values stop counting whatever the new ones turn out to be: they have been replaced.
    uncount(t, ref.slot);
    std::int64_t* out = t.values.data() + ref.slot * t.stride();
    auto read = [&](const std::string& tag, std::int64_t& dst) -> Outcome {
        auto it = std::find_if(values.begin(), values.end(), [&](const TagValue& v) { return v.tag == tag; });
        if (it == values.end()) return Outcome::incomplete;
        if (it->value < 0 || it->value > max_value) return Outcome::bad_value;
        dst = it->value;
        return Outcome::counted;
    };
    const std::size_t k = t.tags.size();
    for (std::size_t i = 0; i < k + 2; ++i) {
        const std::string& tag = i < k ? t.tags[i] : i == k ? t.invalid_tag : t.cast_tag;
        if (Outcome o = read(tag, out[i]); o != Outcome::counted) return o;
    }
    t.cells[t.slot_cell[ref.slot]].sums.add(counts(t, ref.slot));
    t.counted[ref.slot] = 1;
    ++t.reported;
    return Outcome::counted;
}

QuickCount::Outcome QuickCount::withdraw(std::uint32_t station, std::string_view key) {
    if (station >= codebook_->stations.size()) return Outcome::unknown_station;
    int ci = resolve(key);
    if (ci < 0) return Outcome::unknown_contest;
    const Ref ref = refs_[static_cast<std::size_t>(ci)][station];
    if (ref.target < 0) return Outcome::out_of_scope;
    if (ref.slot == not_sampled_slot) return Outcome::not_sampled;
    Target& t = targets_[static_cast<std::size_t>(ref.target)];
    if (!t.counted[ref.slot]) return Outcome::not_counted;
    uncount(t, ref.slot);
    return Outcome::withdrawn;
}

void QuickCount::clear() {
    for (auto& t : targets_) {
        for (auto& c : t.cells) c.sums = CellSums(t.tags.size());
        std::fill(t.counted.begin(), t.counted.end(), 0);
        std::fill(t.values.begin(), t.values.end(), 0);
        t.reported = 0;
    }
}

Estimates QuickCount::estimate() const {
    Estimates out;
    out.contests.reserve(targets_.size());
    for (const auto& t : targets_) out.contests.push_back(estimate(t));
    return out;
}

ContestEstimate QuickCount::estimate_region(std::string_view contest, std::string_view region) const {
    for (const auto& t : targets_) {
        if (t.district != 0 || codebook_->contests[t.contest].id != contest) continue;
        for (const auto& g : t.regions)
            if (g.region == region) return estimate(t, &g);
    }
    ContestEstimate e;
    e.contest = std::string(contest);
    e.notes.push_back("no such national contest or region");
    return e;
}

ContestEstimate QuickCount::estimate(const Target& t, const RegionGroup* only) const {
    const Codebook& cb = *codebook_;
    const Contest& contest = cb.contests[t.contest];
    ContestEstimate e;
    e.contest = contest.id;
    e.name = contest.name;
    e.district = t.district;
    if (const District* d = t.district ? cb.find_district(t.district) : nullptr) e.district_name = d->name;
    e.sampled = t.sampled;
    e.reported = t.reported;
    if (only) {
        e.sampled = e.reported = 0;
        for (std::uint32_t c : only->cells) {
            e.sampled += t.cells[c].sampled;
            e.reported += t.cells[c].sums.reported();
        }
    }
    const std::span<const RegionGroup> groups = only ? std::span<const RegionGroup>(only, 1) : std::span<const RegionGroup>(t.regions);
    for (std::size_t k = 0; k < t.tags.size(); ++k) e.options.push_back({t.tags[k], t.names[k], {}});
    if (t.tags.empty()) e.notes.push_back("no options (no candidates for this district)");
    if (e.reported == 0) {
        e.notes.push_back("no reports");
        return e;
    }

    // Estimation strata: a region's cells stay separate when each has >= 2 reports; otherwise the
    // region's cells are estimated as one merged stratum (rural with urban).
    std::vector<EstimationStratum> strata;
    std::vector<std::uint32_t> members;
    bool unrepresented = false;
    bool single_report = false;
    for (const auto& g : groups) {
        bool separate = std::all_of(g.cells.begin(), g.cells.end(),
                                    [&](std::uint32_t c) { return t.cells[c].sums.reported() >= 2; });
        auto push = [&](std::span<const std::uint32_t> cells) {
            EstimationStratum s;
            s.first = static_cast<std::uint32_t>(members.size());
            for (std::uint32_t c : cells) {
                s.frame += t.cells[c].frame;
                s.reported += t.cells[c].sums.reported();
                members.push_back(c);
            }
            s.last = static_cast<std::uint32_t>(members.size());
            strata.push_back(s);
        };
        if (separate) {
            for (std::uint32_t c : g.cells) push(std::span<const std::uint32_t>(&c, 1));
            continue;
        }
        push(g.cells);
        const EstimationStratum& s = strata.back();
        std::string ids;
        for (std::uint32_t c : g.cells) ids += (ids.empty() ? "" : "+") + cb.strata[t.cells[c].stratum].id;
        if (s.reported == 0) {
            unrepresented = true;
            e.notes.push_back(fmt::format("{}: no reports, its {} stations are not represented", ids, s.frame));
        } else if (s.reported == 1) {
            single_report = true;
            e.notes.push_back(fmt::format("{}: 1 report, variance from that station's own residual", ids));
        } else {
            e.notes.push_back(fmt::format("{}: merged (a stratum has fewer than 2 reports)", ids));
        }
    }
    e.complete_coverage = !unrepresented;

    std::vector<StratumMoments> buffer(strata.size());
    auto ratio = [&](auto&& moments) {
        for (std::size_t i = 0; i < strata.size(); ++i) {
            buffer[i] = StratumMoments{strata[i].frame, strata[i].reported, {}};
            for (std::uint32_t m = strata[i].first; m < strata[i].last; ++m) buffer[i].m += moments(t.cells[members[m]].sums);
        }
        return combined_ratio(buffer);
    };
    for (std::size_t k = 0; k < t.tags.size(); ++k)
        e.options[k].estimate = ratio([k](const CellSums& s) { return s.option(k); });
    e.turnout = ratio([](const CellSums& s) { return s.turnout(); });
    e.invalid = ratio([](const CellSums& s) { return s.invalid(); });

    // The leader and runner-up by current estimate; ties go to the earlier option.
    std::vector<std::size_t> order(t.tags.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return e.options[a].estimate.share > e.options[b].estimate.share;
    });
    if (order.empty() || !e.options[order[0]].estimate.defined) {
        e.notes.push_back("no valid votes reported");
        return e;
    }
    const RatioEstimate& top = e.options[order[0]].estimate;
    e.leader = t.tags[order[0]];
    if (order.size() >= 2) {
        std::size_t a = order[0], b = order[1];
        e.has_lead = true;
        e.lead = {t.tags[a], t.tags[b], ratio([a, b](const CellSums& s) { return s.lead(a, b); })};
    }
    if (!e.complete_coverage) {
        e.call = Call::undetermined;
        e.notes.push_back("call withheld: part of the frame has no reports");
    } else if (single_report) {
        // A lone station's residual is 0 when it is the whole estimate: its margin would read as
        // certainty. No call until every stratum has two reports.
        e.call = Call::undetermined;
        e.notes.push_back("call withheld: a stratum has a single report, its margin is not reliable");
    } else if (top.share - top.margin95 > 0.5) {
        e.call = Call::first_round_win;
    } else if (top.share + top.margin95 < 0.5) {
        e.call = Call::run_off;
    } else {
        e.call = Call::undetermined;
    }
    return e;
}

std::vector<ContestProgress> QuickCount::progress() const {
    const Codebook& cb = *codebook_;
    std::vector<ContestProgress> out;
    out.reserve(targets_.size());
    for (const auto& t : targets_) {
        ContestProgress p;
        p.contest = cb.contests[t.contest].id;
        p.district = t.district;
        p.total = {"", t.sampled, t.reported};
        for (const auto& c : t.cells) p.strata.push_back({cb.strata[c.stratum].id, c.sampled, c.sums.reported()});
        for (const auto& g : t.regions) {
            ProgressRow r{g.region, 0, 0};
            for (std::uint32_t c : g.cells) {
                r.sampled += t.cells[c].sampled;
                r.reported += t.cells[c].sums.reported();
            }
            p.regions.push_back(r);
        }
        out.push_back(std::move(p));
    }
    return out;
}

std::vector<std::uint32_t> QuickCount::missing_stations(std::string_view contest, int district) const {
    std::vector<std::uint32_t> out;
    for (const auto& t : targets_) {
        if (codebook_->contests[t.contest].id != contest || t.district != district) continue;
        for (std::size_t s = 0; s < t.slot_station.size(); ++s)
            if (!t.counted[s]) out.push_back(t.slot_station[s]);
    }
    return out;
}

}  // namespace smsgw
