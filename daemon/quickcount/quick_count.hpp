// The live quick-count aggregator: counted results in, stratified estimates and reporting progress out.
#pragma once

#include "codebooks/codebook.hpp"
#include "daemon/quickcount/cell_sums.hpp"
#include "daemon/quickcount/estimates.hpp"
#include "codebooks/report.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace smsgw {

// Keeps, per contest (and per district of a district contest) and per stratum, exact running sums of
// the sampled stations' counted results, so that a report costs O(options²) and a full estimate
// O(strata × options) — never a rescan. Only sampled stations are kept; nothing else is stored.
// Estimator, stratum merging, districts and calls are documented in daemon/quickcount/QUICKCOUNT.md.
// Single-threaded: it lives on the pipeline's io_context thread. Integer sums make the state, and
// so every estimate, independent of the order in which results arrived (the store's rebuild at
// start-up is bit-identical to the live state).
class QuickCount {
public:
    enum class Outcome : std::uint8_t {
        counted,          // the station's values now count (replacing any earlier ones)
        withdrawn,        // withdraw(): the station's values no longer count
        not_counted,      // withdraw(): nothing was counted for the station
        not_sampled,      // the station is not in the PVT sample: nothing is kept
        out_of_scope,     // district contest, and the station's district has no quick count
        unknown_station,  // index outside the codebook
        unknown_contest,  // neither a results form code nor a contest id
        incomplete,       // an option, invalid or cast tag is missing: earlier values are withdrawn
        bad_value,        // a value outside 0..10^9: earlier values are withdrawn
    };

    explicit QuickCount(CodebookPtr codebook);

    // The station's current results for a contest, named by its results form code (looked up
    // first) or by contest id. Tags other than the options, invalid and cast tags are ignored.
    Outcome set_result(std::uint32_t station, std::string_view form_or_contest, std::span<const TagValue> values);
    // Stops counting the station for the contest (conflict, rejection) until the next set_result.
    Outcome withdraw(std::uint32_t station, std::string_view form_or_contest);
    // Forgets every result (before a rebuild).
    void clear();

    // Every national contest, then each district contest expanded per district, in codebook order.
    Estimates estimate() const;
    std::vector<ContestProgress> progress() const;
    // A national contest's estimate restricted to one region: the same combined ratio estimator
    // over that region's strata only (N_h and r_h of the region's cells, merged by the same rule),
    // with its own margins and call. `defined` numbers are false (no data) for an unknown contest
    // or region, a district contest, or a region without reports. QUICKCOUNT.md "Regional estimates".
    ContestEstimate estimate_region(std::string_view contest, std::string_view region) const;
    // Sampled stations of a contest (district: 0 for national contests) that are not counted.
    std::vector<std::uint32_t> missing_stations(std::string_view contest, int district = 0) const;

    const Codebook& codebook() const { return *codebook_; }

private:
    struct Cell {
        std::uint32_t stratum = 0;  // index into Codebook::strata
        std::uint32_t frame = 0;    // N: stations of the stratum in this contest's frame
        std::uint32_t sampled = 0;  // n
        CellSums sums;
    };
    struct RegionGroup {
        std::string region;
        std::vector<std::uint32_t> cells;
    };
    // One estimate: a national contest, or one district of a district contest.
    struct Target {
        std::uint32_t contest = 0;  // index into Codebook::contests
        int district = 0;
        std::vector<std::string> tags, names;
        std::string invalid_tag, cast_tag;
        std::vector<Cell> cells;
        std::vector<RegionGroup> regions;
        std::vector<std::uint32_t> slot_station;  // sampled stations, codebook order
        std::vector<std::uint32_t> slot_cell;
        std::vector<std::uint8_t> counted;        // per slot
        std::vector<std::int64_t> values;         // per slot: options..., invalid, cast
        std::uint32_t sampled = 0;
        std::uint32_t reported = 0;

        std::size_t stride() const { return tags.size() + 2; }
    };
    static constexpr std::uint32_t not_sampled_slot = 0xffffffffu;
    struct Ref {
        std::int32_t target = -1;  // -1: out of scope
        std::uint32_t slot = not_sampled_slot;
    };
    // A stratum as estimated: one cell, or a region's cells merged.
    struct EstimationStratum {
        std::uint32_t frame = 0;
        std::uint32_t reported = 0;
        std::uint32_t first = 0, last = 0;  // range in the merged cell list
    };

    void build_contest(std::uint32_t contest_index);
    int resolve(std::string_view form_or_contest) const;
    StationCounts counts(const Target& t, std::uint32_t slot) const;
    void uncount(Target& t, std::uint32_t slot);
    // `only`: restrict to that region's cells (a regional estimate); null for the whole target.
    ContestEstimate estimate(const Target& t, const RegionGroup* only = nullptr) const;

    CodebookPtr codebook_;
    std::vector<Target> targets_;
    std::vector<std::int32_t> station_stratum_;  // stratum index per station, -1 if unknown
    std::vector<std::vector<Ref>> refs_;         // [contest][station]
    StringMap<std::uint32_t> keys_;       // results form code or contest id -> contest index
};

std::string_view to_string(QuickCount::Outcome);

}  // namespace smsgw
