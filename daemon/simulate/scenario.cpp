// Names of phases and outcomes as they appear on the command line and in the plan file.
#include "daemon/simulate/scenario.hpp"

namespace smsgw::sim {

std::string_view to_string(Phase p) {
    switch (p) {
        case Phase::setup: return "setup";
        case Phase::incidents: return "incidents";
        case Phase::results: return "results";
    }
    return "setup";
}

std::optional<Phase> phase_from_string(std::string_view s) {
    for (Phase p : {Phase::setup, Phase::incidents, Phase::results})
        if (to_string(p) == s) return p;
    return std::nullopt;
}

std::string_view to_string(Outcome o) {
    switch (o) {
        case Outcome::valid: return "valid";
        case Outcome::normalized: return "normalized";
        case Outcome::invalid: return "invalid";
        case Outcome::duplicate: return "duplicate";
        case Outcome::superseded: return "superseded";
        case Outcome::correction: return "correction";
        case Outcome::conflict: return "conflict";
        case Outcome::resolution: return "resolution";
        case Outcome::unregistered: return "unregistered";
        case Outcome::info: return "info";
    }
    return "valid";
}

bool validator_accepts(Outcome o) {
    return o != Outcome::invalid && o != Outcome::unregistered && o != Outcome::info;
}

}  // namespace smsgw::sim
