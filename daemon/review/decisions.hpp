// The operators' standing decisions, read back from the audit trail alone (so the count is what the trail says).
#pragma once

#include "daemon/quickcount/counting_rule.hpp"
#include "daemon/store/audit_records.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace smsgw::review {

// The verbs of `smsgw review` as the audit trail spells them.
inline constexpr const char* verify = "verify";
inline constexpr const char* reject = "reject";
inline constexpr const char* quarantine = "quarantine";
inline constexpr const char* release = "release";
inline constexpr const char* note = "note";
inline constexpr const char* confirm = "confirm";
inline constexpr const char* escalate = "escalate";
inline constexpr const char* correct = "correct";  // a phone correction: a new report version

struct Decisions {
    CountDecisions count;  // what judge_report applies: withheld stations, rejected reports
    // The last verdict on each report (verify, reject, confirm, escalate, correct): it leaves the queue.
    std::map<std::int64_t, store::StoredAudit> verdict;
    // The last note on each report, and on each station.
    std::map<std::int64_t, store::StoredAudit> report_note;
    std::map<std::string, store::StoredAudit, std::less<>> station_note;
    // Per withheld station, the quarantine that withholds it.
    std::map<std::string, store::StoredAudit, std::less<>> withheld;
    // The last call attempt per station.
    std::map<std::string, store::StoredAudit, std::less<>> last_call;
    std::int64_t last_id = 0;  // the newest row replayed

    const store::StoredAudit* verdict_on(std::int64_t report) const;
    const store::StoredAudit* call_to(std::string_view station) const;
};

// Replays the trail oldest first: a later decision on the same report or station overrides an
// earlier one (release lifts quarantine; verify lifts reject). Rows of other actions (resolve,
// official-import, codebook-reload) change nothing here: their effect is in their own tables.
Decisions replay(const std::vector<store::StoredAudit>& rows);

}  // namespace smsgw::review
