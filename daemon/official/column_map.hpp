// A commission's column names renamed to a form's tags (`smsgw official import --map FILE`).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace smsgw::official {

// Column name as in the commission's header -> tag ("" keeps nothing: the column is ignored).
struct ColumnMap {
    std::map<std::string, std::string, std::less<>> names;
    std::vector<std::string> errors;  // "FILE:LINE: message"
};

// Pure. One mapping per line, `NAME = TAG` or `NAME=TAG`; NAME and TAG may be TOML basic strings
// ("Votes for Party A" = "A"), so a small TOML file with or without a `[columns]` table header
// works as well as a plain list. Blank lines and `#` comments are skipped. TAG `-` or "" ignores
// the column. The same NAME twice, or a line that is not NAME = TAG, is an error.
ColumnMap parse_column_map(std::string_view text, std::string_view file);

}  // namespace smsgw::official
