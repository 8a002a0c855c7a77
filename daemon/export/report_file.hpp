// report.html of an export: the report's input gathered from the export's own data, then rendered.
#pragma once

#include "daemon/export/export_options.hpp"
#include "daemon/official/verify_result.hpp"

#include <string>

namespace smsgw::exports {

// The page for this export: the same estimates, progress and takes as its CSV files; `verify` is
// smsgw verify's result when official results are imported, null otherwise.
std::string report_html(const ExportData& d, const std::string& codebook_version,
                        const official::VerifyResult* verify);

}  // namespace smsgw::exports
