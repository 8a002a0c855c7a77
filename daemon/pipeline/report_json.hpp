// The JSON columns of a stored report (values, incidents, issues), written and read back the same way.
#pragma once

#include "daemon/store/values_column.hpp"
#include "codebooks/report.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsgw {

using store::values_from_json;
using store::values_to_json;
std::string incidents_to_json(const std::vector<int>& incidents);
std::string issues_to_json(const std::vector<Issue>& issues);

}  // namespace smsgw
