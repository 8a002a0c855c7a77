// The operators' queue: the reports and stations that need a human, most important and oldest first.
#pragma once

#include "codebooks/codebook.hpp"
#include "daemon/official/verify_result.hpp"
#include "daemon/review/decisions.hpp"
#include "daemon/store/records.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsgw::review {

// In the order they are worked: a conflict withholds a station from the count; a warning counts
// unverified; an anomaly counts but looks odd; an incident waits for confirmation; a report from an
// unregistered phone does not count until someone vouches for it; a silent sampled station is
// missing from the count.
enum class QueueKind : std::uint8_t { conflict, warning, anomaly, incident, unregistered, silent };
std::string_view to_string(QueueKind);
std::optional<QueueKind> queue_kind_from(std::string_view text);
inline constexpr QueueKind queue_kinds[] = {QueueKind::conflict, QueueKind::warning,      QueueKind::anomaly,
                                            QueueKind::incident, QueueKind::unregistered, QueueKind::silent};

struct QueueItem {
    QueueKind kind = QueueKind::warning;
    std::optional<std::int64_t> report_id;  // none for a silent station
    std::string reference;                  // "#1A02", as the monitor's reply quoted it; "" for a station
    std::string form;
    std::string station;
    std::string facts;          // what the operator needs to know, one line
    std::string sender;         // the phone the report came from ("" for a silent station)
    std::string monitor_phone;  // the station's monitor to call (E.164), "" when none is listed
    std::string monitor_name;
    SystemTime since{};  // when it began to need a human
    const store::StoredAudit* last_call = nullptr;
    const store::StoredAudit* last_note = nullptr;
};

struct QueueInput {
    const Codebook& codebook;
    // Every stored report version (current or not): conflicts and warnings are current versions,
    // unregistered senders' and incidents' are read from all of them.
    const std::vector<store::StoredReport>& reports;
    const Decisions& decisions;
    // Anomaly screens' findings on the monitors' counted results (official::verify), by station.
    const std::vector<official::Anomaly>& anomalies;
    // Sampled stations whose results are due: station code -> since when (a reminder was sent, or
    // the operator's --silent-after). Stations not here are not (yet) silent.
    const std::map<std::string, SystemTime, std::less<>>& due;
};

// The items, most important kind first, then oldest first, then by station.
std::vector<QueueItem> build_queue(const QueueInput& input);

}  // namespace smsgw::review
