// What counts at HQ: every gateway's report versions replayed through the gateways' own rules (report_policy).
#pragma once

#include "codebooks/codebook.hpp"
#include "daemon/store/records.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace smsgw::hq {

// One report version as HQ holds it.
struct HqReport {
    std::string gateway_id;
    std::int64_t local_id = 0;
    // When the monitor sent it: the SMS's SMSC time (Unix ms), or when the gateway received it if
    // the SMS has none. Orders the gateways' versions between them.
    std::int64_t sent_at = 0;
    store::ReportRecord record;  // current and conflict are ignored: HQ decides them again
};

// Per form and station, the versions of all gateways in arrival order (each gateway's own in its
// id order, the gateways interleaved by sent_at: a gateway that was dark and catches up later
// does not make its old SMS newer than the other gateway's) go through decide() exactly as one gateway's
// pipeline would have taken them: a station reported through two gateways is one station, the same
// text twice is a duplicate, another phone's other values a conflict, the assigned monitor settles
// it. Returns the versions with current and conflict set as that replay leaves them (ids are
// positions in `all`), for count_current_reports. Over one gateway's reports this is that
// gateway's own selection, so HQ's estimate equals the gateway's to the last digit.
//
// The one place HQ decides what counts: rewire it here when the rules gain operator decisions.
std::vector<store::StoredReport> hq_current_reports(const Codebook& codebook, const std::vector<HqReport>& all);

}  // namespace smsgw::hq
