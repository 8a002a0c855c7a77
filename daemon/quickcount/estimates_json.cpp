// Builds the quick count's JSON with Boost.JSON.
#include "daemon/quickcount/estimates_json.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <cmath>

namespace smsgw {

namespace json = boost::json;

namespace {

json::value number(const RatioEstimate& r, double v) { return r.defined ? json::value(v) : json::value(nullptr); }

json::object ratio(const RatioEstimate& r, bool with99) {
    json::object o;
    o["share"] = number(r, r.share);
    o["margin95"] = number(r, r.margin95);
    if (with99) o["margin99"] = number(r, r.margin99);
    return o;
}

json::object row(const ProgressRow& r) {
    json::object o;
    if (!r.id.empty()) o["id"] = r.id;
    o["sampled"] = r.sampled;
    o["reported"] = r.reported;
    o["missing"] = r.missing();
    return o;
}

}  // namespace

json::value to_json(const Estimates& est) {
    json::array contests;
    for (const auto& c : est.contests) {
        json::object o;
        o["contest"] = c.contest;
        if (c.district != 0) o["district"] = c.district;
        o["reported"] = c.reported;
        o["sampled"] = c.sampled;
        json::array options;
        for (const auto& opt : c.options) {
            json::object j;
            j["tag"] = opt.tag;
            j["name"] = opt.name;
            for (auto& kv : ratio(opt.estimate, true)) j[kv.key()] = kv.value();
            options.push_back(std::move(j));
        }
        o["options"] = std::move(options);
        o["turnout"] = ratio(c.turnout, false);
        o["invalid"] = ratio(c.invalid, false);
        if (c.has_lead) {
            json::object lead;
            lead["a"] = c.lead.a;
            lead["b"] = c.lead.b;
            for (auto& kv : ratio(c.lead.estimate, true)) lead[kv.key()] = kv.value();
            o["lead"] = std::move(lead);
        } else {
            o["lead"] = nullptr;
        }
        o["call"] = c.call_text();
        json::array notes;
        for (const auto& n : c.notes) notes.push_back(json::value(n));
        o["notes"] = std::move(notes);
        contests.push_back(std::move(o));
    }
    json::object root;
    root["contests"] = std::move(contests);
    return root;
}

std::string estimates_json(const Estimates& est) { return json_text(to_json(est)); }

namespace {

void write_json(std::string& out, const json::value& v) {
    switch (v.kind()) {
        case json::kind::double_: {
            const double d = v.get_double();
            if (!std::isfinite(d)) {
                out += "null";
                return;
            }
            char buf[512];  // the longest fixed-notation double (DBL_MAX) has 309 digits
            auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
            if (ec == std::errc()) out.append(buf, end);
            else out += json::serialize(v);
            return;
        }
        case json::kind::array: {
            out += '[';
            bool first = true;
            for (const auto& e : v.get_array()) {
                if (!first) out += ',';
                first = false;
                write_json(out, e);
            }
            out += ']';
            return;
        }
        case json::kind::object: {
            out += '{';
            bool first = true;
            for (const auto& kv : v.get_object()) {
                if (!first) out += ',';
                first = false;
                out += json::serialize(kv.key());
                out += ':';
                write_json(out, kv.value());
            }
            out += '}';
            return;
        }
        default: out += json::serialize(v);
    }
}

}  // namespace

std::string json_text(const json::value& v) {
    std::string out;
    write_json(out, v);
    return out;
}

json::value to_json(const std::vector<ContestProgress>& progress) {
    json::array out;
    for (const auto& p : progress) {
        json::object o;
        o["contest"] = p.contest;
        if (p.district != 0) o["district"] = p.district;
        for (auto& kv : row(p.total)) o[kv.key()] = kv.value();
        json::array strata, regions;
        for (const auto& r : p.strata) strata.push_back(row(r));
        for (const auto& r : p.regions) regions.push_back(row(r));
        o["strata"] = std::move(strata);
        o["regions"] = std::move(regions);
        out.push_back(std::move(o));
    }
    return out;
}

}  // namespace smsgw
