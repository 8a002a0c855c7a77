// Loads a codebook from its files' contents in dependency order, then the checks that span files.
#include "codebooks/codebook_loader.hpp"

#include "codebooks/load_candidates.hpp"
#include "codebooks/load_context.hpp"
#include "codebooks/load_election.hpp"
#include "codebooks/load_monitors.hpp"
#include "codebooks/load_stations.hpp"

#include <algorithm>
#include <unordered_set>

namespace smsgw {

std::size_t LoadResult::error_count() const {
    return static_cast<std::size_t>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                                  [](const Diagnostic& d) { return d.severity == Severity::error; }));
}

std::size_t LoadResult::warning_count() const { return diagnostics.size() - error_count(); }

namespace {

// The estimator needs r_h >= 2 per stratum (SPEC 6); the author should know before election night.
void check_strata(LoadContext& ctx) {
    if (!ctx.stations_read) return;
    const auto& strata = ctx.cb->strata;
    for (std::size_t i = 0; i < strata.size(); ++i) {
        const Stratum& s = strata[i];
        int line = ctx.stratum_lines[i];
        if (s.frame_size == 0)
            ctx.warning(kElectionFile, line, "stratum " + quote(s.id) + " has no stations in stations.csv");
        else if (s.sampled < 2)
            ctx.warning(kElectionFile, line, "stratum " + quote(s.id) + " has " + std::to_string(s.sampled) +
                                                 " sampled station" + (s.sampled == 1 ? "" : "s") +
                                                 "; the quick count needs at least 2 per stratum");
    }
}

// A sampled station nobody may report for can never be counted.
void check_sample_coverage(LoadContext& ctx) {
    if (!ctx.stations_read || !ctx.monitors_read) return;
    const Codebook& cb = *ctx.cb;
    std::vector<bool> covered(cb.stations.size(), false);
    std::unordered_set<int> districts;
    for (const Monitor& m : cb.monitors) {
        if (m.any_station) return;
        for (auto i : m.stations) covered[i] = true;
        districts.insert(m.districts.begin(), m.districts.end());
    }
    for (const Station& s : cb.stations)
        if (s.sampled && !covered[s.index] && !districts.contains(s.district))
            ctx.warning(kStationsFile, s.line, "sampled station " + s.code + " has no monitor in monitors.csv");
}

}  // namespace

LoadResult load_codebook(const CodebookSources& src) {
    LoadContext ctx;
    if (src.has_election) load_election(ctx, src.election_toml);
    else ctx.error(kElectionFile, 0, "missing file");
    if (src.has_stations) load_stations(ctx, src.stations_csv);
    else ctx.error(kStationsFile, 0, "missing file");
    if (src.has_monitors) load_monitors(ctx, src.monitors_csv);
    else ctx.error(kMonitorsFile, 0, "missing file");
    load_candidates(ctx, src.candidates_csv, src.has_candidates);

    ctx.cb->build_indexes();
    check_strata(ctx);
    check_sample_coverage(ctx);

    LoadResult result;
    std::stable_sort(ctx.diagnostics.begin(), ctx.diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return a.file != b.file ? a.file < b.file : a.line < b.line;
    });
    result.diagnostics = std::move(ctx.diagnostics);
    if (!ctx.has_errors()) result.codebook = std::move(ctx.cb);
    return result;
}

}  // namespace smsgw
