// Draws every station's true count: party shares shifted by region, town/village and station noise.
#include "daemon/simulate/true_results.hpp"

#include "daemon/simulate/sim_rng.hpp"

#include <algorithm>
#include <map>
#include <numeric>

namespace smsgw::sim {

namespace {

// National strength per option (per 10,000) before regional effects; the leader's is drawn.
constexpr std::int64_t kTemplate[] = {4300, 1900, 1100, 900, 600, 500, 400, 300};
constexpr std::int64_t kTailWeight = 250;

std::int64_t field_max(const Form& form, std::string_view tag) {
    const int i = form.field_index(tag);
    return i < 0 ? 99999 : form.fields[static_cast<std::size_t>(i)].max;
}

// Splits `total` in proportion to `weights` (all > 0) by largest remainder: integers summing to total.
std::vector<std::int64_t> allocate(std::int64_t total, const std::vector<std::int64_t>& weights) {
    std::vector<std::int64_t> out(weights.size(), 0);
    if (weights.empty() || total <= 0) return out;
    const std::int64_t sum = std::accumulate(weights.begin(), weights.end(), std::int64_t{0});
    std::vector<std::pair<std::int64_t, std::size_t>> rem;
    std::int64_t given = 0;
    for (std::size_t k = 0; k < weights.size(); ++k) {
        out[k] = total * weights[k] / sum;
        given += out[k];
        rem.emplace_back(total * weights[k] % sum, k);
    }
    std::stable_sort(rem.begin(), rem.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t i = 0; given < total; ++i, ++given) ++out[rem[i % rem.size()].second];
    return out;
}

// Ballots cast and invalid ballots at a station: towns vote less and spoil fewer ballots.
void draw_turnout(ExampleRng& rng, const Station& st, bool urban, std::int64_t region_turnout,
                  std::int64_t region_invalid, std::int64_t cast_max, StationResult& r) {
    std::int64_t permille = (urban ? 520 : 660) + region_turnout + rng.between(-150, 150);
    permille = std::clamp<std::int64_t>(permille, 150, 880);  // above 90% would be a warning
    r.cast = std::min(st.registered * permille / 1000, cast_max);
    const std::int64_t invalid_permille = (urban ? 8 : 14) + region_invalid + rng.between(0, 15);
    r.invalid = r.cast * invalid_permille / 1000;
}

}  // namespace

std::vector<std::string> option_tags(const Codebook& cb, const Form& form, const Station& station) {
    if (!form.options_from_candidates) return form.option_tags;
    std::vector<std::string> tags;
    for (const Candidate& c : cb.candidates_in(station.district)) tags.push_back(c.tag);
    return tags;
}

std::string option_name(const Codebook& cb, const Form& form, int district, std::string_view tag) {
    if (form.options_from_candidates) {
        for (const Candidate& c : cb.candidates_in(district))
            if (c.tag == tag) return c.name;
        return std::string(tag);
    }
    const int i = form.field_index(tag);
    return i < 0 ? std::string(tag) : form.fields[static_cast<std::size_t>(i)].label;
}

TrueResults::TrueResults(const Codebook& cb, std::uint64_t seed) {
    for (const Form& f : cb.forms)
        if (f.kind == FormKind::results) forms_.push_back(&f);
    results_.assign(forms_.size(), std::vector<StationResult>(cb.stations.size()));
    for (std::size_t f = 0; f < forms_.size() && primary_ < 0; ++f) {
        const Contest* c = cb.find_contest(forms_[f]->contest);
        if (!forms_[f]->options_from_candidates && c != nullptr && c->scope == ContestScope::national)
            primary_ = static_cast<int>(f);
    }
    if (primary_ >= 0) draw_parties(cb, static_cast<std::size_t>(primary_), seed);
    for (std::size_t f = 0; f < forms_.size(); ++f) {
        if (static_cast<int>(f) == primary_) continue;
        if (forms_[f]->options_from_candidates)
            draw_candidates(cb, f, seed);
        else
            draw_parties(cb, f, seed);
    }
}

const StationResult* TrueResults::find(std::string_view form, std::uint32_t station) const {
    for (std::size_t f = 0; f < forms_.size(); ++f)
        if (forms_[f]->code == form)
            return station < results_[f].size() ? &results_[f][station] : nullptr;
    return nullptr;
}

void TrueResults::draw_parties(const Codebook& cb, std::size_t f, std::uint64_t seed) {
    const Form& form = *forms_[f];
    const std::size_t k_count = form.option_tags.size();
    std::vector<std::int64_t> base(k_count, kTailWeight);
    for (std::size_t k = 0; k < k_count && k < std::size(kTemplate); ++k) base[k] = kTemplate[k];
    ExampleRng national = stream(seed, Stream::urban_effects, f);
    if (k_count > 0) base[0] = national.between(4000, 5600);
    // The leader is a rural party, the runner-up an urban one; the rest lean either way.
    std::vector<std::int64_t> urban_shift(k_count), rural_shift(k_count);
    for (std::size_t k = 0; k < k_count; ++k) {
        urban_shift[k] = k == 0 ? -120 : k == 1 ? 250 : national.between(-100, 100);
        rural_shift[k] = k == 0 ? 120 : k == 1 ? -100 : -urban_shift[k] / 2;
    }
    struct RegionEffect {
        std::vector<std::int64_t> option;
        std::int64_t turnout = 0, invalid = 0;
    };
    std::vector<RegionEffect> regions(cb.regions.size());
    for (std::size_t r = 0; r < regions.size(); ++r) {
        ExampleRng rng = stream(seed, Stream::region_effects, r, f);
        for (std::size_t k = 0; k < k_count; ++k) regions[r].option.push_back(rng.between(-250, 250));
        regions[r].turnout = rng.between(-80, 80);
        regions[r].invalid = rng.between(0, 12);
    }
    // Districts differ within their region too (local candidates, local employers).
    std::map<int, std::vector<std::int64_t>> district_shift;
    for (const District& d : cb.districts) {
        ExampleRng rng = stream(seed, Stream::region_effects, 1000 + static_cast<std::uint64_t>(d.number), f);
        for (std::size_t k = 0; k < k_count; ++k) district_shift[d.number].push_back(rng.between(-150, 150));
    }
    const std::int64_t cast_max = field_max(form, form.cast_tag);
    for (const Station& st : cb.stations) {
        const Stratum* stratum = cb.find_stratum(st.stratum);
        const bool urban = stratum != nullptr && stratum->urban;
        const auto ds = district_shift.find(st.district);
        std::size_t r = 0;
        while (r < cb.regions.size() && cb.regions[r].id != st.region) ++r;
        const RegionEffect none{std::vector<std::int64_t>(k_count, 0), 0, 0};
        const RegionEffect& eff = r < regions.size() ? regions[r] : none;
        ExampleRng rng = stream(seed, Stream::station_count, st.index, f);
        StationResult& res = results_[f][st.index];
        res.applies = k_count > 0;
        // A few village stations turn out nearly everyone for the leader: the long tail a PVT must absorb.
        const bool managed = !urban && rng.chance(4, 100);
        draw_turnout(rng, st, urban, eff.turnout + (managed ? 250 : 0), eff.invalid, cast_max, res);
        std::vector<std::int64_t> w(k_count);
        for (std::size_t k = 0; k < k_count; ++k) {
            const std::int64_t shift = urban ? urban_shift[k] : rural_shift[k];
            const std::int64_t local = ds != district_shift.end() ? ds->second[k] : 0;
            w[k] = base[k] * (1000 + eff.option[k]) / 1000 * (1000 + shift) / 1000 * (1000 + local) / 1000 *
                   (1000 + rng.between(-350, 350)) / 1000;
            if (managed && k == 0) w[k] *= 4;
            w[k] = std::max<std::int64_t>(w[k], 1);
        }
        res.votes = allocate(res.cast - res.invalid, w);
    }
}

void TrueResults::draw_candidates(const Codebook& cb, std::size_t f, std::uint64_t seed) {
    const Form& form = *forms_[f];
    const Form* parties = primary_ >= 0 ? forms_[static_cast<std::size_t>(primary_)] : nullptr;
    const std::int64_t cast_max = field_max(form, form.cast_tag);
    for (const Station& st : cb.stations) {
        const auto cands = cb.candidates_in(st.district);
        StationResult& res = results_[f][st.index];
        if (cands.empty()) continue;
        res.applies = true;
        // Two ballots per voter: about the same people cast both; a few leave one in the pocket.
        ExampleRng rng = stream(seed, Stream::station_candidates, st.index, f);
        const StationResult* party = parties != nullptr ? &results_[static_cast<std::size_t>(primary_)][st.index] : nullptr;
        if (party != nullptr) {
            res.cast = std::min(party->cast - rng.between(0, party->cast / 100), cast_max);
        } else {
            const Stratum* stratum = cb.find_stratum(st.stratum);
            draw_turnout(rng, st, stratum != nullptr && stratum->urban, 0, 0, cast_max, res);
        }
        res.invalid = res.cast * rng.between(15, 45) / 1000;
        const std::int64_t party_valid = party != nullptr ? std::max<std::int64_t>(party->cast - party->invalid, 1) : 1;
        ExampleRng personal = stream(seed, Stream::district_candidates, static_cast<std::uint64_t>(st.district), f);
        std::vector<std::int64_t> w;
        for (std::size_t k = 0; k < cands.size(); ++k) {
            // A candidate carries their party's local vote, scaled by their own appeal.
            std::int64_t share = 400;
            if (party != nullptr)
                for (std::size_t p = 0; p < parties->option_tags.size(); ++p)
                    if (option_name(cb, *parties, st.district, parties->option_tags[p]) == cands[k].party)
                        share = 150 + party->votes[p] * 10000 / party_valid;
            const std::int64_t appeal = personal.between(600, 1400);
            w.push_back(std::max<std::int64_t>(share * appeal / 1000 * (1000 + rng.between(-150, 150)) / 1000, 1));
        }
        res.votes = allocate(res.cast - res.invalid, w);
    }
}

}  // namespace smsgw::sim
