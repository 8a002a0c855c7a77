// Boost.JSON for the values column: written by the pipeline, read by the count, exports and verify.
#include "daemon/store/values_column.hpp"

#include <boost/json.hpp>

namespace smsgw::store {

namespace json = boost::json;

std::string values_to_json(const std::vector<TagValue>& values) {
    json::object o;
    for (const auto& v : values) o[v.tag] = v.value;
    return json::serialize(o);
}

std::optional<std::vector<TagValue>> values_from_json(std::string_view text) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec || !v.is_object()) return std::nullopt;
    std::vector<TagValue> out;
    for (const auto& [k, val] : v.as_object()) {
        if (val.is_int64()) out.push_back({std::string(k), val.as_int64(), -1});
        else if (val.is_uint64() && val.as_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
            out.push_back({std::string(k), static_cast<std::int64_t>(val.as_uint64()), -1});
        else return std::nullopt;
    }
    return out;
}

}  // namespace smsgw::store
