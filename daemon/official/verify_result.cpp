// The words of verify's enums, as its JSON and CSV files spell them.
#include "daemon/official/verify_result.hpp"

namespace smsgw::official {

std::string_view to_string(Measure m) {
    switch (m) {
        case Measure::option: return "option";
        case Measure::turnout: return "turnout";
        case Measure::invalid: return "invalid";
    }
    return "?";
}

std::string_view to_string(Verdict v) {
    switch (v) {
        case Verdict::inside95: return "inside95";
        case Verdict::inside99: return "inside99";
        case Verdict::outside: return "outside";
        case Verdict::no_estimate: return "no_estimate";
    }
    return "?";
}

std::string_view to_string(StationStatus s) {
    switch (s) {
        case StationStatus::match: return "match";
        case StationStatus::differs: return "differs";
        case StationStatus::official_missing: return "official_missing";
    }
    return "?";
}

}  // namespace smsgw::official
