// The history of takes rendered two ways, both target by target so a contest's convergence reads top to bottom.
#include "daemon/takes/take_history.hpp"

#include "daemon/takes/take_stability.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <fmt/format.h>

#include <ctime>

namespace smsgw {

namespace json = boost::json;

namespace {

std::string utc(SystemTime t, bool date) {
    const std::time_t s = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&s, &tm);
    if (!date) return fmt::format("{:02}:{:02}:{:02}", tm.tm_hour, tm.tm_min, tm.tm_sec);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                       tm.tm_min, tm.tm_sec);
}

std::string option_name(const Estimates& e, const store::TakeTarget& t, const std::string& tag) {
    for (const auto& c : e.contests)
        if (c.contest == t.contest && c.district == t.district)
            for (const auto& o : c.options)
                if (o.tag == tag) return o.name;
    return "";
}

json::object ratio(const store::TakeMeasure& m) {
    json::object o;
    o["share"] = m.share ? json::value(*m.share) : json::value(nullptr);
    o["margin95"] = m.share ? json::value(m.margin95) : json::value(nullptr);
    o["margin99"] = m.share ? json::value(m.margin99) : json::value(nullptr);
    return o;
}

json::object target_json(const store::TakeTarget& t, const Estimates& current) {
    json::object o;
    o["contest"] = t.contest;
    if (t.district != 0) o["district"] = t.district;
    o["reported"] = t.reported;
    o["sampled"] = t.sampled;
    json::array options;
    json::value turnout = nullptr, invalid = nullptr, lead = nullptr;
    for (const auto& m : t.measures) {
        json::object r = ratio(m);
        switch (m.kind) {
            case store::TakeMeasureKind::option: {
                json::object j;
                j["tag"] = m.tag;
                j["name"] = option_name(current, t, m.tag);
                for (auto& kv : r) j[kv.key()] = kv.value();
                options.push_back(std::move(j));
                break;
            }
            case store::TakeMeasureKind::turnout: turnout = std::move(r); break;
            case store::TakeMeasureKind::invalid: invalid = std::move(r); break;
            case store::TakeMeasureKind::lead: {
                json::object j;
                j["a"] = m.tag;
                j["b"] = m.versus;
                for (auto& kv : r) j[kv.key()] = kv.value();
                lead = std::move(j);
                break;
            }
        }
    }
    o["options"] = std::move(options);
    o["turnout"] = std::move(turnout);
    o["invalid"] = std::move(invalid);
    o["lead"] = std::move(lead);
    o["call"] = t.call;
    o["complete_coverage"] = t.complete_coverage;
    json::array strata;
    for (const auto& s : t.strata) strata.push_back(json::object{{"id", s.stratum}, {"sampled", s.sampled}, {"reported", s.reported}});
    o["strata"] = std::move(strata);
    return o;
}

std::string cell(const store::TakeMeasure* m) {
    if (!m || !m->share) return fmt::format("{:>13}", "-");
    return fmt::format("{:>6.2f} ±{:5.2f}", 100 * *m->share, 100 * m->margin95);
}

}  // namespace

json::value history_to_json(const std::vector<store::Take>& takes, const Estimates& current) {
    json::array list;
    for (const auto& take : takes) {
        json::object o;
        o["take"] = take.number;
        o["taken_utc"] = utc(take.at, true);
        o["trigger"] = store::to_string(take.trigger);
        o["counted"] = take.counted;
        o["codebook_version"] = take.codebook_version;
        json::array targets;
        for (const auto& t : take.targets) targets.push_back(target_json(t, current));
        o["contests"] = std::move(targets);
        list.push_back(std::move(o));
    }
    json::array stability;
    for (const auto& c : current.contests) {
        json::object o;
        o["contest"] = c.contest;
        if (c.district != 0) o["district"] = c.district;
        const auto s = stable_since(takes, c.contest, c.district);
        o["since_take"] = s ? json::value(s->since_take) : json::value(nullptr);
        o["since_reported"] = s ? json::value(s->reported) : json::value(nullptr);
        o["takes"] = s ? json::value(s->takes) : json::value(nullptr);
        stability.push_back(std::move(o));
    }
    return json::object{{"takes", std::move(list)}, {"stability", std::move(stability)}};
}

std::string render_history(const std::vector<store::Take>& takes, const Estimates& current) {
    if (takes.empty())
        return "No takes yet: the daemon takes one every take_every_reports results counted or take_interval "
               "(smsgw.toml).\n";
    std::string out;
    for (const auto& c : current.contests) {
        if (!out.empty()) out += "\n";
        std::string title = c.name.empty() ? c.contest : fmt::format("{} {}", c.contest, c.name);
        if (c.district != 0) title += fmt::format(", district {}", c.district);
        out += title + "\n";
        std::string head = fmt::format("  {:>4}  {:>8}  {:<8} {:>5} {:>11}", "take", "UTC", "trigger", "new", "reported");
        for (const auto& o : c.options) head += fmt::format("  {:>13}", o.tag + " %  ±95");
        head += fmt::format("  {:>13}  {}", "turnout", "call");
        out += head + "\n";
        for (const auto& take : takes) {
            const store::TakeTarget* t = target_of(take, c.contest, c.district);
            if (!t || t->reported == 0) continue;
            std::string line = fmt::format("  {:>4}  {:>8}  {:<8} {:>5} {:>5}/{:<5}", take.number, utc(take.at, false),
                                           store::to_string(take.trigger), take.counted, t->reported, t->sampled);
            for (const auto& o : c.options) {
                const store::TakeMeasure* m = nullptr;
                for (const auto& x : t->measures)
                    if (x.kind == store::TakeMeasureKind::option && x.tag == o.tag) m = &x;
                line += "  " + cell(m);
            }
            const store::TakeMeasure* turnout = nullptr;
            for (const auto& x : t->measures)
                if (x.kind == store::TakeMeasureKind::turnout) turnout = &x;
            out += line + "  " + cell(turnout) + "  " + t->call + "\n";
        }
        if (const auto s = stable_since(takes, c.contest, c.district))
            out += fmt::format("  stable since take {} ({:.0f}% of the sample in): {} takes inside the latest 95% intervals\n",
                               s->since_take, 100 * s->reported, s->takes);
        else
            out += "  not stable yet: the take before the latest lies outside the latest 95% intervals (or there is one take)\n";
    }
    return out;
}

}  // namespace smsgw
