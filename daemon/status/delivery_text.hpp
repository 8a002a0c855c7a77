// What `status` and `watch` say about delivery to HQ, and its JSON for `status --json`: plain formatting of the snapshot.
#pragma once

#include "daemon/status/status_snapshot.hpp"

#include <boost/json/value.hpp>

#include <string>
#include <vector>

namespace smsgw {

struct DeliveryLine {
    bool problem = false;  // shown in the alarm colour
    std::string text;
};

// Empty when no push has reported yet (no export_command, or none run). Otherwise the last attempt
// (delivered and verified, or what failed: stage, command, exit code, first stderr line), since
// when HQ gets nothing, and the last export that did arrive.
std::vector<DeliveryLine> delivery_lines(const StatusSnapshot& s);

// {"last": {...}, "last_delivered": {...} | null, "failing_since": "...Z" | null}, or null.
boost::json::value delivery_json(const StatusSnapshot& s);

}  // namespace smsgw
