// Reads the silent stations' report histories for the call-back list, inside the caller's read snapshot.
#include "daemon/status/callback_read.hpp"

#include <stdexcept>

namespace smsgw {

CallbackRead read_callback_list(store::StoreReader& reader, const StoreCount& count) {
    CallbackRead out;
    auto versions_of = [&](const std::string& form, const std::string& station) {
        auto history = reader.report_history(form, station);
        if (!history) throw std::runtime_error("cannot read the reports of " + station + ": " + history.error().message);
        std::vector<const store::StoredReport*> pointers;
        for (auto& r : *history) pointers.push_back(&out.versions.emplace_back(std::move(r)));
        return pointers;
    };
    out.list = exports::callback_list(count.quick_count.codebook(), count.quick_count, versions_of);
    return out;
}

}  // namespace smsgw
