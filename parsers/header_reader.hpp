// Reading the head of a message: the form code and the station code.
#pragma once

#include "parsers/parse_state.hpp"

namespace smsgw {

class HeaderReader {
public:
    explicit HeaderReader(ParseState& s) : s_(s) {}

    // Sets s.form (and report.form) when the form is known; false when nothing is left worth
    // reading a station from.
    bool read_form();
    // Sets report.station when it is well formed; reports BAD_STATION otherwise.
    void read_station();

private:
    // "5 01234 ...": the digit stands where the form letter goes (5 for S, 0 for O...); the station
    // follows it. True when that is how the message reads.
    bool digit_for_form() const;

    ParseState& s_;
};

}  // namespace smsgw
