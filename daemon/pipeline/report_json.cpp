// Boost.JSON for the report columns incidents [3,7] and issues [{"code":"...","detail":"..."}] (values: store/values_column).
#include "daemon/pipeline/report_json.hpp"

#include <boost/json.hpp>

namespace smsgw {

namespace json = boost::json;

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

}  // namespace smsgw
