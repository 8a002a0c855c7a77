// smsgw verify in one call: official rows against the quick count and the monitors' reports.
#pragma once

#include "daemon/official/screen_thresholds.hpp"
#include "daemon/official/station_values.hpp"
#include "daemon/official/verify_result.hpp"
#include "daemon/quickcount/counting_rule.hpp"
#include "daemon/store/official_records.hpp"
#include "daemon/store/records.hpp"

#include <vector>

namespace smsgw::store {
class StoreReader;
}

namespace smsgw::official {

struct VerifyOptions {
    ScreenThresholds screens{};
};

struct VerifyInput {
    CodebookPtr codebook;
    std::vector<StationValues> observer;  // counted observer reports (observer_results)
    std::vector<StationValues> official;  // current official rows (official_results)
};

// The monitors' results that count by the one counting rule (judge_report: the operators'
// decisions included); sampled or not: the station diff compares every one, the quick count then
// keeps the sampled ones.
std::vector<StationValues> observer_results(const Codebook& cb, const std::vector<store::StoredReport>& current,
                                            const CountDecisions& decisions);
// The official rows of results forms and stations this codebook knows (others are skipped).
std::vector<StationValues> official_results(const Codebook& cb, const std::vector<store::StoredOfficial>& rows);

// Pure: verdicts per contest and region (contest_verdicts), the station diff (station_diff) and
// the anomaly call list (screen_anomalies on observer reports, then official rows).
VerifyResult verify(const VerifyInput& input, const VerifyOptions& options = {});

// The one function its consumers call (smsgw verify, exports, the daemon on SIGHUP): reads the
// current reports and official rows inside the caller's read snapshot (or one query each when
// there is none) and verifies them with `codebook` (the one in use). Throws std::runtime_error
// on a store error.
VerifyResult verify_in_snapshot(store::StoreReader& reader, CodebookPtr codebook, const VerifyOptions& options = {});

}  // namespace smsgw::official
