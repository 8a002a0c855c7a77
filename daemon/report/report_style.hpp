// The stylesheet inlined in report.html: system fonts only, print-friendly, no external resource.
#pragma once

#include <string_view>

namespace smsgw::report {

std::string_view report_css();

}  // namespace smsgw::report
