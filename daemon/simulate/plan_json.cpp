// Serializes planned messages for the plan file.
#include "daemon/simulate/plan_json.hpp"

#include <boost/json/array.hpp>

#include <cstdio>

namespace smsgw::sim {

namespace json = boost::json;

std::string clock_text(std::int32_t seconds) {
    if (seconds < 0) seconds = 0;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    return buf;
}

json::object plan_json(const PlannedMessage& m) {
    json::object o;
    o["seq"] = m.seq;
    o["time"] = clock_text(m.time);
    o["phase"] = to_string(m.phase);
    o["class"] = to_string(m.outcome);
    o["expect"] = m.expect_code ? json::value(to_string(*m.expect_code)) : json::value(nullptr);
    o["sender"] = m.sender;
    o["form"] = m.form;
    o["station"] = m.station;
    o["text"] = m.text;
    json::object values;
    for (const auto& [tag, value] : m.values) values[tag] = value;
    o["values"] = std::move(values);
    json::array incidents;
    for (int c : m.incidents) incidents.push_back(c);
    o["incidents"] = std::move(incidents);
    o["ucs2"] = m.ucs2;
    o["force_ucs2"] = m.force_ucs2;
    o["parts"] = m.parts;
    o["concat_ref"] = m.concat_ref ? json::value(*m.concat_ref) : json::value(nullptr);
    return o;
}

}  // namespace smsgw::sim
