// HQ's side: everything the gateways pushed, read back from PostgreSQL for estimate and status --pg.
#pragma once

#include "daemon/hq/hq_selection.hpp"
#include "daemon/pipeline/pipeline.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace smsgw::hq {

// One gateway as HQ sees it.
struct HqGateway {
    std::string gateway_id;
    std::int64_t cursor = 0;           // the last outbox entry HQ holds from it
    std::optional<std::int64_t> last_push_ms{};  // when its last batch committed (Unix ms)
    std::int64_t messages = 0, reports = 0, official = 0, quarantined = 0;
};

struct HqSnapshot {
    CodebookInUse codebook;          // the newest codebook any gateway saved
    std::vector<std::string> codebook_versions;  // every version the gateways pushed, newest first
    std::vector<HqReport> reports;   // every report version of every gateway
    std::vector<HqGateway> gateways;
};

// Reads HQ's rows in one REPEATABLE READ transaction (a consistent snapshot while gateways push).
// Throws std::runtime_error: cannot connect, no smsgw schema, no codebook pushed yet, a codebook
// with errors.
HqSnapshot read_hq(const std::string& conninfo);

}  // namespace smsgw::hq
