// Whom to call: the sampled stations whose results do not count yet, with their monitors, as plain values.
#pragma once

#include "codebooks/codebook.hpp"
#include "daemon/quickcount/quick_count.hpp"
#include "daemon/store/records.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace smsgw::exports {

// Why a sampled station's results do not count.
enum class SilenceReason : std::uint8_t { no_report, rejected, conflict, not_counted };
std::string_view to_string(SilenceReason);  // "no report" | "rejected" | "conflict" | "not counted"

enum class MonitorRole : std::uint8_t { station, district_team };
std::string_view to_string(MonitorRole);  // "station" | "district team"

struct CallbackContact {
    const Monitor* monitor = nullptr;
    MonitorRole role = MonitorRole::station;
};

struct CallbackStation {
    std::string contest;
    int district = 0;  // of a district contest's estimate; 0 for national contests
    std::string form;
    const Station* station = nullptr;
    SilenceReason reason = SilenceReason::no_report;
    // The station's own monitors first, then the mobile teams of its district; coordinators ("*")
    // are left out, or they would be on every row.
    std::vector<CallbackContact> contacts;
};

struct CallbackRegion {
    std::string contest;
    int district = 0;
    ProgressRow progress;  // id is the region id
};

struct CallbackList {
    // Per contest (and district), in the quick count's order; within one, the stations of the
    // regions that have reported least first (the calls that help the estimate most), then by code.
    std::vector<CallbackStation> stations;
    std::vector<CallbackRegion> regions;  // the same order: least reported first
};

// The code of the results form that feeds a contest ("" if none).
std::string results_form_of(const Codebook& cb, const std::string& contest);

// Why a station's results do not count, from every stored version of its report on one form.
SilenceReason silence_reason(std::span<const store::StoredReport* const> versions);

// The stored versions of one station's reports on one form (any order).
using VersionsOf = std::function<std::vector<const store::StoredReport*>(const std::string& form,
                                                                         const std::string& station)>;
// A VersionsOf over every stored version (ExportSnapshot::versions); `all` must outlive it.
VersionsOf versions_in(const std::vector<store::StoredReport>& all);

CallbackList callback_list(const Codebook& cb, const QuickCount& quick_count, const VersionsOf& versions_of);

}  // namespace smsgw::exports
