// Simulated mornings after for the verify tests: the true count as observers' reports and as official rows, and manipulations of it.
#pragma once

#include "daemon/official/verify.hpp"
#include "daemon/simulate/true_results.hpp"
#include "test_simulate_fixture.hpp"

#include <cmath>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace verify_sim {

using namespace smsgw;
using official::StationValues;

// The election of `seed`: every station's true result per results form, as StationValues.
struct SimElection {
    CodebookPtr cb;
    std::vector<StationValues> truth;  // every station and results form that applies

    SimElection(CodebookPtr codebook, std::uint64_t seed) : cb(std::move(codebook)) {
        sim::TrueResults t(*cb, seed);
        for (const Form* form : t.forms())
            for (const Station& s : cb->stations) {
                const sim::StationResult* r = t.find(form->code, s.index);
                if (!r || !r->applies) continue;
                StationValues v{s.index, form, {}, static_cast<std::int64_t>(truth.size() + 1)};
                auto tags = sim::option_tags(*cb, *form, s);
                for (std::size_t k = 0; k < tags.size(); ++k) v.values.push_back({tags[k], r->votes[k], -1});
                v.values.push_back({form->invalid_tag, r->invalid, -1});
                v.values.push_back({form->cast_tag, r->cast, -1});
                truth.push_back(std::move(v));
            }
    }

    // Monitors at every sampled station report the truth.
    std::vector<StationValues> observers() const {
        std::vector<StationValues> out;
        for (const auto& v : truth)
            if (cb->stations[v.station].sampled) out.push_back(v);
        return out;
    }
};

// Moves round(k% of B) votes from B to A on form `form` at the stations chosen; sums stay right.
// Returns the stations actually changed (at least one vote moved).
inline std::set<std::uint32_t> shift_votes(std::vector<StationValues>& rows, const std::string& form, double k_percent,
                                           const std::function<bool(const Station&)>& chosen, const Codebook& cb) {
    std::set<std::uint32_t> changed;
    for (auto& v : rows) {
        if (v.form->code != form || !chosen(cb.stations[v.station])) continue;
        TagValue *a = nullptr, *b = nullptr;
        for (auto& tv : v.values) {
            if (tv.tag == "A") a = &tv;
            if (tv.tag == "B") b = &tv;
        }
        if (!a || !b) continue;
        auto moved = static_cast<std::int64_t>(std::llround(static_cast<double>(b->value) * k_percent / 100.0));
        if (moved <= 0) continue;
        a->value += moved;
        b->value -= moved;
        changed.insert(v.station);
    }
    return changed;
}

// Deterministic pseudo-random choice of about `fraction` of the stations (a hash of code and seed).
inline bool picked(const Station& s, std::uint64_t seed, double fraction) {
    std::uint64_t z = seed * 0x9e3779b97f4a7c15ull + s.index + 1;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * 0x1.0p-53 < fraction;
}

}  // namespace verify_sim
