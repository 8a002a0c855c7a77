// The reports' (and official rows') values column, {"A":312,"B":148}: its one writer and its one typed reader.
#pragma once

#include "codebooks/report.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsgw::store {

std::string values_to_json(const std::vector<TagValue>& values);
// The values, or nullopt when the text is not a JSON object of integers: a column that was
// tampered with or damaged is unreadable as a whole, never half-read (a missing tag would change a
// count silently).
std::optional<std::vector<TagValue>> values_from_json(std::string_view json);

}  // namespace smsgw::store
