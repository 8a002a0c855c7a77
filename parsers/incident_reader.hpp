// Reading the incident codes of an incident form.
#pragma once

#include "parsers/parse_state.hpp"

namespace smsgw {

class IncidentReader {
public:
    explicit IncidentReader(ParseState& s) : s_(s) {}

    // Reads incident codes from the cursor to the end of the message; a repeated code counts once.
    void read_all();

private:
    ParseState& s_;
};

}  // namespace smsgw
