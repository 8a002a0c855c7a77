// Text into HTML safely, and the number formats the report uses (percent, points, counts).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace smsgw::report {

// Escapes & < > " ' so any text (codebook names, monitors' details) is inert in element content
// and in quoted attributes. UTF-8 passes through untouched (Cyrillic stays Cyrillic); control
// characters other than tab and newline are dropped.
std::string escape(std::string_view text);

// 0.41234 -> "41.2%" (decimals after the point).
std::string percent(double fraction, int decimals = 1);
// 0.01234 -> "±1.2" percentage points.
std::string points(double fraction, int decimals = 1);
// 12345 -> "12,345".
std::string count(std::int64_t n);
// A safe id for fragment links: letters, digits and '-' kept, anything else as '_'.
std::string anchor(std::string_view text);

}  // namespace smsgw::report
