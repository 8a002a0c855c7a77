// Report::normalized: the canonical text of a parsed report, equal for messages that mean the same.
#pragma once

#include "parsers/parse_state.hpp"

namespace smsgw {

// Writes s.report.normalized (see parse_message in parser.hpp for the two shapes).
void write_canonical_text(ParseState& s);

}  // namespace smsgw
