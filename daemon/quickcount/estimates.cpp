// Names of the calls, as shown in JSON and tables.
#include "daemon/quickcount/estimates.hpp"

namespace smsgw {

std::string_view to_string(Call c) {
    switch (c) {
        case Call::no_data: return "no data";
        case Call::undetermined: return "undetermined";
        case Call::first_round_win: return "first-round win";
        case Call::run_off: return "run-off";
    }
    return "?";
}

std::string ContestEstimate::call_text() const {
    std::string s(to_string(call));
    if (call == Call::first_round_win) s += " " + leader;
    return s;
}

}  // namespace smsgw
