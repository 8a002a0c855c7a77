// Boost.JSON for the report columns: {"A":312}, [3,7], [{"code":"...","detail":"..."}].
#include "daemon/pipeline/report_json.hpp"

#include <boost/json.hpp>

namespace smsgw {

namespace json = boost::json;

std::string values_to_json(const std::vector<TagValue>& values) {
    json::object o;
    for (const auto& v : values) o[v.tag] = v.value;
    return json::serialize(o);
}

std::string incidents_to_json(const std::vector<int>& incidents) {
    json::array a;
    for (int i : incidents) a.push_back(i);
    return json::serialize(a);
}

std::string issues_to_json(const std::vector<Issue>& issues) {
    json::array a;
    for (const auto& i : issues) a.push_back(json::object{{"code", to_string(i.code)}, {"detail", i.detail}});
    return json::serialize(a);
}

std::optional<std::vector<TagValue>> values_from_json(std::string_view text) {
    boost::system::error_code ec;
    json::value v = json::parse(text, ec);
    if (ec || !v.is_object()) return std::nullopt;
    std::vector<TagValue> out;
    for (const auto& [k, val] : v.as_object()) {
        if (!val.is_int64()) return std::nullopt;
        out.push_back({std::string(k), val.as_int64(), -1});
    }
    return out;
}

}  // namespace smsgw
