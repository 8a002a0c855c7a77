// The duplicate / correction / conflict / resolution rules for one new report, as one pure decision.
#pragma once

#include "codebooks/codebook.hpp"
#include "codebooks/verdict.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace smsgw {

enum class Disposition : std::uint8_t {
    new_report,    // first report for its form and station: counted
    duplicate,     // same text as what is already in: stored, not counted again
    correction,    // same sender, other values: replaces the earlier version in the count
    conflict,      // another sender, other values: the station is withheld from the count
    resolution,    // the station's assigned monitor settles a conflict: counted
    rejected,      // the validator rejected it: stored, never counted
    unregistered,  // not a monitor's phone: stored, never counted
    incident,      // an incident form: stored, never counted
    error,         // could not be processed (an exception): the message stays pending
};
std::string_view to_string(Disposition);

// An earlier version of the same form and station, as the policy needs to see it.
struct EarlierReport {
    std::int64_t id = 0;
    std::string_view normalized;
    std::string_view comment;
    Status status = Status::rejected;
    bool conflict = false;
    bool same_sender = false;  // sent from the same phone as the new report
};

struct PolicyInput {
    Status status = Status::rejected;  // the validator's verdict
    bool unregistered = false;         // UNREGISTERED_SENDER is among its errors
    FormKind kind = FormKind::results;
    // The sender is the station's assigned monitor: it lists the station itself, not as a
    // district:NN mobile team and not as `*`.
    bool assigned = false;
    std::string_view normalized;
    std::string_view comment;
    // Checklist and results forms: the current versions. Incident forms: every version.
    std::span<const EarlierReport> earlier;
};

struct PolicyDecision {
    Disposition disposition = Disposition::rejected;
    bool current = false;   // the new version is current
    bool conflict = false;  // ... and withheld as part of a conflict
    enum class Count : std::uint8_t { none, set, withdraw } count = Count::none;
    std::vector<std::int64_t> supersede;       // earlier versions the new one replaces (no longer current)
    std::vector<std::int64_t> flag_conflict;   // earlier versions now in conflict with the new one
    std::vector<std::int64_t> clear_conflict;  // earlier versions whose conflict is settled
    bool conflict_error = false;               // the reply tells the sender CONFLICT
};

// Results and checklist forms, per (form, station):
//   nothing current                            -> new
//   not in conflict, same normalized text      -> duplicate (reply as accepted)
//   not in conflict, same sender               -> correction (supersedes it)
//   not in conflict, another sender            -> conflict (both flagged, count withdrawn)
//   in conflict, from the assigned monitor     -> resolution (supersedes all, flags cleared)
//   in conflict, the sender's own text again   -> duplicate (reply CONFLICT: still unsettled)
//   in conflict, anyone else                   -> conflict (supersedes the sender's own earlier one)
// Incident forms: the same text, comment and sender as an earlier one -> duplicate, else incident.
// Rejected verdicts -> unregistered or rejected, never current.
PolicyDecision decide(const PolicyInput& in);

}  // namespace smsgw
