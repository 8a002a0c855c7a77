// The JSON columns of a stored report (values, incidents, issues), written and read back the same way.
#pragma once

#include "codebooks/report.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsgw {

std::string values_to_json(const std::vector<TagValue>& values);
std::string incidents_to_json(const std::vector<int>& incidents);
std::string issues_to_json(const std::vector<Issue>& issues);
// nullopt when the text is not a JSON object of integers.
std::optional<std::vector<TagValue>> values_from_json(std::string_view json);

}  // namespace smsgw
