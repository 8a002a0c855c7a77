// Serializes verify's results with Boost.JSON, keys as the contract names them.
#include "daemon/official/verify_json.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace smsgw::official {

namespace json = boost::json;

namespace {

json::array measures(const std::vector<MeasureVerdict>& list) {
    json::array out;
    for (const MeasureVerdict& m : list) {
        json::object o;
        o["measure"] = to_string(m.measure);
        o["tag"] = m.tag;
        o["name"] = m.name;
        o["official"] = m.official;
        auto bound = [&](double v) { return m.estimate ? json::value(v) : json::value(nullptr); };
        o["estimate"] = m.estimate ? json::value(*m.estimate) : json::value(nullptr);
        o["low95"] = bound(m.low95);
        o["high95"] = bound(m.high95);
        o["low99"] = bound(m.low99);
        o["high99"] = bound(m.high99);
        o["verdict"] = to_string(m.verdict);
        out.push_back(std::move(o));
    }
    return out;
}

json::value optional(const std::optional<std::int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); }

}  // namespace

json::value to_json(const VerifyResult& r) {
    json::array contests;
    for (const ContestVerdict& c : r.contests) {
        json::object o;
        o["contest"] = c.contest;
        if (c.district) o["district"] = c.district;
        o["name"] = c.contest_name;
        o["official_coverage"] = c.official_coverage;
        o["measures"] = measures(c.measures);
        json::array regions;
        for (const RegionVerdicts& g : c.regions) {
            json::object ro;
            ro["region"] = g.region;
            ro["name"] = g.region_name;
            ro["measures"] = measures(g.measures);
            regions.push_back(std::move(ro));
        }
        o["regions"] = std::move(regions);
        o["official_call"] = c.official_call;
        o["pvt_call"] = c.pvt_call;
        o["calls_agree"] = c.calls_agree;
        contests.push_back(std::move(o));
    }
    json::array stations;
    for (const StationDiff& s : r.stations) {
        json::object o;
        o["station"] = s.station;
        o["name"] = s.station_name;
        o["region"] = s.region;
        o["form"] = s.form;
        o["status"] = to_string(s.status);
        json::array diffs;
        for (const FieldDifference& d : s.differences)
            diffs.push_back(json::object{{"tag", d.tag}, {"observer", optional(d.observer)}, {"official", optional(d.official)}});
        o["differences"] = std::move(diffs);
        o["shift"] = s.shift;
        o["report_id"] = s.observer_report_id;
        stations.push_back(std::move(o));
    }
    json::array anomalies;
    for (const Anomaly& a : r.anomalies) {
        json::object values;
        for (const auto& [name, v] : a.values) values[name] = v;
        anomalies.push_back(json::object{{"station", a.station},
                                         {"source", a.source},
                                         {"screen", a.screen},
                                         {"detail", a.detail},
                                         {"values", std::move(values)}});
    }
    return json::object{{"contests", std::move(contests)}, {"stations", std::move(stations)}, {"anomalies", std::move(anomalies)}};
}

std::string verify_json(const VerifyResult& result) { return json::serialize(to_json(result)); }

}  // namespace smsgw::official
