// A commission's per-station results table (RFC 4180 CSV) read and checked against a results form.
#pragma once

#include "codebooks/codebook.hpp"
#include "daemon/official/column_map.hpp"
#include "codebooks/report.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace smsgw::official {

// One station's official values, in the form's field order (absent cells left out).
struct OfficialValues {
    std::uint32_t station = 0;  // index into Codebook::stations
    std::vector<TagValue> values;
    int line = 0;               // CSV line
};

struct OfficialTable {
    std::vector<OfficialValues> rows;   // in file order
    std::vector<std::string> errors;    // "FILE:LINE: message"; any error: nothing may be kept
    std::vector<std::string> warnings;  // "FILE:LINE: message"; kept, e.g. turnout over 100%
};

// Pure (no I/O). The header is `station` then the form's tags in any order (after renaming through
// `map`); every required field of the form must have a column. Reported, each as FILE:LINE:
// - the header: a missing column, an unknown or repeated column, no `station` column;
// - a row: an unknown station (codes shorter than the code width are zero-padded first: a
//   spreadsheet drops leading zeros), a station listed twice, a cell that is not a non-negative
//   integer, a missing value, a value out of the field's range, and arithmetic that does not add
//   up: every error-severity check of the form (codebooks/validator) whose expression uses only
//   the row's own numbers (e.g. sum(options) + X == T).
// A check that compares with station attributes (T <= station.registered) is a fact about the
// station, not a typo in the table: its failure is a warning and the row is kept (verify's anomaly
// screens list it). Empty cells are absent values; on a candidates form a 0 or empty cell for a tag
// that is not a candidate of the station's district is dropped.
OfficialTable read_official_csv(std::string_view text, std::string_view file, const Codebook& cb, const Form& form,
                                const ColumnMap& map = {});

}  // namespace smsgw::official
