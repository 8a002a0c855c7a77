// The election-night scenario as plain values: options, planned SMS with their expected outcome, phases.
#pragma once

#include "codebooks/codes.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smsgw::sim {

// When in the day a message belongs: the demo plays the phases one after another.
enum class Phase : std::uint8_t { setup, incidents, results };
std::string_view to_string(Phase);
std::optional<Phase> phase_from_string(std::string_view);

// What the gateway is expected to make of a message.
enum class Outcome : std::uint8_t {
    valid,         // accepted as typed
    normalized,    // accepted after normalization: case, glued, separators, Cyrillic lookalikes, O/l typos
    invalid,       // rejected with expect_code; the monitor sends the fixed text a few minutes later
    duplicate,     // the identical text again from the same phone (a resend): stored, not counted twice
    superseded,    // accepted with wrong values, replaced later by a correction
    correction,    // same monitor, same form and station, the true values: replaces the superseded one
    conflict,      // another registered monitor covering the station sends other values (CONFLICT)
    resolution,    // the station's own monitor resends after a conflict: settles it
    unregistered,  // a phone that is not in monitors.csv (UNREGISTERED_SENDER)
    info,          // an operator's alphanumeric info SMS ("Beeline"): stored, never answered
};
std::string_view to_string(Outcome);
inline constexpr std::size_t outcome_count = 10;

// True when the validator (parse + validate with the sender) accepts the message; the pipeline
// still tells duplicates, corrections, conflicts and resolutions apart.
bool validator_accepts(Outcome);

// Rates are probabilities per report (0..1).
struct ScenarioOptions {
    double report_fraction = 0.9;      // sampled stations whose results arrive
    double setup_fraction = 0.95;      // monitors who send the morning setup checklist
    double nonsampled_fraction = 0.6;  // monitors at non-sampled stations who report at all (0: none)
    double typo_rate = 0.15;           // typed so that normalization has to fix it
    double cyrillic_rate = 0.10;       // ru/kk monitors typing Cyrillic lookalikes
    double invalid_rate = 0.05;        // a mistake the gateway must reject, then the fixed text
    double resend_rate = 0.05;         // the same text again
    double correction_rate = 0.02;     // wrong values accepted, corrected later
    double comment_rate = 0.04;        // reports with an '@' comment (some long: multipart)
    double ucs2_rate = 0.03;           // phones that send even Latin text as UCS-2
    int conflicts = 1;                 // stations where a mobile team or coordinator disagrees
    bool resolve_conflicts = true;     // the station's monitor settles each conflict by resending
    int unregistered = 5;              // reports from phones not in monitors.csv
    int info_messages = 1;             // alphanumeric operator SMS
    int incidents = 40;                // incident reports over the day
};

struct PlannedMessage {
    std::uint32_t seq = 0;  // 1-based, in time order
    std::int32_t time = 0;  // seconds since local midnight of election day
    Phase phase = Phase::setup;
    Outcome outcome = Outcome::valid;
    std::optional<Code> expect_code;  // the error the gateway must report (invalid, unregistered, info, conflict)
    std::string sender;               // E.164, or an alphanumeric id for info
    std::string text;                 // UTF-8, as typed
    std::string form;                 // form code the monitor meant ("" for info)
    std::string station;              // station code the monitor meant
    // What an accepted report carries, as the parser gives it (yes/no 1|2, time HHMM, multi
    // digits sorted); empty for rejected messages.
    std::vector<std::pair<std::string, std::int64_t>> values;
    std::vector<int> incidents;  // incident codes, sorted
    bool ucs2 = false;           // sent as UCS-2 (not GSM-7)
    bool force_ucs2 = false;     // UCS-2 although GSM-7 would do (the phone's setting)
    std::size_t parts = 1;       // SMS parts: > 1 is a concatenated message
    std::optional<int> concat_ref;  // concatenation reference of a multipart message
};

}  // namespace smsgw::sim
