// report.html: the quick count for HQ as one self-contained page (inline SVG and CSS, no script, nothing fetched).
#pragma once

#include "daemon/official/verify_result.hpp"
#include "daemon/quickcount/estimates.hpp"
#include "daemon/store/take_records.hpp"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace smsgw::report {

// Everything the page shows, as plain values of one moment; render_report reads nothing else.
struct ReportInput {
    std::string election_id;
    std::string election_name;
    std::string created_utc;  // "2026-03-01T20:15:00Z"
    // The election's local time for people ("2026-03-02 01:15:00 +05:00 Asia/Almaty"), and its
    // clock for the takes ("01:15"); both UTC when left empty.
    std::string created_local;
    std::function<std::string(SystemTime)> clock;
    std::string codebook_version;
    Estimates estimates;
    std::vector<ContestProgress> progress;
    std::vector<store::Take> takes;                   // oldest first
    std::map<std::string, std::string> region_names;  // region id -> name, for the completeness chart
    // smsgw verify's findings; null when no official results are imported (then the page says so
    // where the official marks, the verdicts, the station diff and the anomalies would be).
    const official::VerifyResult* verify = nullptr;
};

// The whole page, UTF-8. A pure function: the same input gives the same bytes. Every text from
// the input is escaped; the page has no <script>, no external URL (no http(s) in src or href,
// no web fonts, no images): it opens offline, from a mail attachment or a USB stick.
std::string render_report(const ReportInput& input);

}  // namespace smsgw::report
