// One operator decision (smsgw review, smsgw call) written to the database the daemon is running on.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace smsgw {

struct ReviewRequest {
    std::string item;  // a report id, a #REF, or station:CODE
    std::string verb;  // verify | reject | quarantine | release | note | confirm | escalate
    std::string by;    // the operator
    std::string reason;
    std::vector<std::pair<std::string, std::int64_t>> set;  // --set TAG=VALUE: a phone correction
};

struct DecisionResult {
    bool changed = false;               // false: the same decision was already in force
    std::string message;                // one line for the operator
    std::optional<std::int64_t> audit;  // the audit row written
};

// Each decision is one transaction holding the change and its audit row (SQLite's busy timeout
// waits for the daemon's write lock), and is idempotent: a decision already in force writes
// nothing. Bad input (no such report, a verb that does not apply to the item, values the
// validator refuses) throws std::runtime_error saying what and why.
DecisionResult apply_review(const std::string& db, const ReviewRequest& request);

struct CallRequest {
    std::string station;
    std::string by;
    std::string outcome;  // reached | no-answer | busy | switched-off | wrong-number | left-message
    std::string note;
};
inline constexpr const char* call_outcomes[] = {"reached", "no-answer", "busy", "switched-off", "wrong-number",
                                                "left-message"};

DecisionResult record_call(const std::string& db, const CallRequest& request);

}  // namespace smsgw
