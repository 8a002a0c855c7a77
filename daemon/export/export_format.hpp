// Shared formatting and lookups of the export tables: times, numbers, stations, monitors, stored JSON.
#pragma once

#include "codebooks/codebook.hpp"
#include "daemon/notify/time_zone.hpp"
#include "daemon/store/records.hpp"
#include "codebooks/report.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace smsgw::exports {

// "2026-11-27T20:15:00Z"; "" for the epoch (a time never set).
std::string utc_time(SystemTime t);
// The election's time zone (the codebook's), for the times people read; UTC when it cannot be
// read, so an export is never lost to a missing zone file.
notify::TimeZone election_zone(const Codebook& cb);

// "20261127T201500Z", the export directory's stamp.
std::string utc_stamp(SystemTime t);

// Fixed decimals, C locale: "0.495412" and "49.54".
std::string fraction(double v);
std::string percent(double v);

// A stored value as HQ reads it: time fields as HH:MM, everything else the integer code.
std::string field_value(const Field& f, std::int64_t v);

// station_name, region, region_name, district, district_name, registered, stratum, sampled.
std::vector<std::string> station_header();
std::vector<std::string> station_columns(const Codebook& cb, std::string_view code);

// The monitor who sent a message, by the sender's number in E.164; null for unknown senders.
const Monitor* monitor_of_sender(const Codebook& cb, std::string_view sender);

// The stored JSON of a report (values: store::values_from_json). Malformed JSON yields what could be read.
std::vector<int> parse_incidents(const std::string& incidents_json);
std::string issue_codes(const std::string& issues_json);  // "CODE;CODE"
// "#1A02" as the monitor's reply shows it: what they quote to the help desk, and text to a
// spreadsheet (a bare 3E41 or 0822 would become a number there).
std::string reference_text(const std::string& reference);

std::string join(const std::vector<std::string>& parts, std::string_view separator);

}  // namespace smsgw::exports
