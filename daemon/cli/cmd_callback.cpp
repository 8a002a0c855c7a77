// smsgw callback --db FILE [--json]: whom to call — sampled stations still silent, least reported regions first.
#include "daemon/status/callback_read.hpp"
#include "daemon/cli/commands.hpp"
#include "daemon/review/decisions.hpp"
#include "daemon/status/status_view.hpp"
#include "daemon/cli/options.hpp"
#include "daemon/console/logger.hpp"
#include "daemon/quickcount/estimates_json.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <iostream>
#include <optional>

namespace smsgw {

namespace {

namespace json = boost::json;

constexpr const char* usage =
    "smsgw callback --db FILE [--json]\n\n"
    "The call-back list: per contest (and district), the sampled stations whose results do not count\n"
    "yet, the stations of the least reported regions first (each call there helps the estimate most),\n"
    "with why (no report, rejected, conflict, not counted) and whom to call: the station's monitors,\n"
    "then the mobile teams of its district (name, phone, language). The same list as missing.csv.\n"
    "Read from the database without blocking a running daemon.\n\n"
    "--json prints one line:\n"
    "  {\"contests\":[{\"contest\",\"district\",\"form\",\"sampled\",\"reported\",\"silent\",\n"
    "    \"regions\":[{\"region\",\"region_name\",\"sampled\",\"reported\",\"missing\"}],\n"
    "    \"stations\":[{\"station\",\"station_name\",\"region\",\"region_name\",\"district\",\"reason\",\n"
    "      \"monitors\":[{\"name\",\"phone\",\"language\",\"role\":\"station|district team\"}]}]}]}\n"
    "Exit 0: printed; 1: the database is missing, unreadable or not smsgw's; 2: bad arguments.\n";

std::string region_name(const Codebook& cb, const std::string& id) {
    const Region* r = cb.find_region(id);
    return r ? r->name : std::string();
}

// The last call attempt to the station (smsgw call), or null.
json::value last_call_json(const review::Decisions& d, const std::string& station) {
    const store::StoredAudit* a = d.call_to(station);
    if (!a) return nullptr;
    return json::object{{"at_utc", status_utc(a->at, true)}, {"outcome", a->entry.verb}, {"by", a->entry.operator_name},
                        {"note", a->entry.reason}};
}

json::object station_json(const Codebook& cb, const exports::CallbackStation& s, const review::Decisions& d) {
    json::array monitors;
    for (const auto& c : s.contacts)
        monitors.push_back(json::object{{"name", c.monitor->name},
                                        {"phone", c.monitor->phone},
                                        {"language", c.monitor->language},
                                        {"role", to_string(c.role)}});
    return {{"station", s.station->code},       {"station_name", s.station->name},
            {"region", s.station->region},      {"region_name", region_name(cb, s.station->region)},
            {"district", s.station->district},  {"reason", to_string(s.reason)},
            {"monitors", std::move(monitors)}, {"last_call", last_call_json(d, s.station->code)}};
}

struct ContestGroup {
    const ContestProgress* progress = nullptr;
    std::vector<const exports::CallbackRegion*> regions;
    std::vector<const exports::CallbackStation*> stations;
    std::string form;
};

std::vector<ContestGroup> by_contest(const Codebook& cb, const std::vector<ContestProgress>& progress,
                                     const exports::CallbackList& list) {
    std::vector<ContestGroup> groups;
    for (const auto& p : progress) {
        ContestGroup g{&p, {}, {}, exports::results_form_of(cb, p.contest)};
        for (const auto& r : list.regions)
            if (r.contest == p.contest && r.district == p.district) g.regions.push_back(&r);
        for (const auto& s : list.stations)
            if (s.contest == p.contest && s.district == p.district) g.stations.push_back(&s);
        groups.push_back(std::move(g));
    }
    return groups;
}

std::string text(const Codebook& cb, const std::vector<ContestGroup>& groups, const review::Decisions& d) {
    std::string out;
    for (const auto& g : groups) {
        const ContestProgress& p = *g.progress;
        const std::string title = p.district ? fmt::format("{} district {}", p.contest, p.district) : p.contest;
        out += fmt::format("{}: {} of {} sampled stations silent\n", title, p.total.missing(), p.total.sampled);
        if (g.stations.empty()) continue;
        // Several regions to a line, none past console_width.
        std::string line = "  least reported:";
        for (std::size_t i = 0; i < g.regions.size(); ++i) {
            const auto& p = g.regions[i]->progress;
            std::string item = fmt::format(" {} {} {}/{}{}", p.id, region_name(cb, p.id), p.reported, p.sampled,
                                           i + 1 < g.regions.size() ? "," : "");
            if (console_length(line) + console_length(item) > console_width) {
                out += line + "\n";
                line = "   ";
            }
            line += item;
        }
        if (!g.regions.empty()) out += line + "\n";
        for (const auto* s : g.stations) {
            out += fmt::format("  {} {} ({} {})  {}\n", s->station->code, s->station->name, s->station->region,
                               region_name(cb, s->station->region), to_string(s->reason));
            if (const store::StoredAudit* a = d.call_to(s->station->code))
                out += fmt::format("      last call {}: {} by {}{}\n", status_utc(a->at, false), a->entry.verb,
                                   a->entry.operator_name, a->entry.reason.empty() ? "" : " (" + a->entry.reason + ")");
            if (s->contacts.empty()) out += "      no monitor for this station\n";
            for (const auto& c : s->contacts)
                out += fmt::format("      {} {} ({}){}\n", c.monitor->phone, c.monitor->name, c.monitor->language,
                                   c.role == exports::MonitorRole::district_team ? ", mobile team" : "");
        }
    }
    return out;
}

json::value to_json(const Codebook& cb, const std::vector<ContestGroup>& groups, const review::Decisions& d) {
    json::array contests;
    for (const auto& g : groups) {
        const ContestProgress& p = *g.progress;
        json::array regions, stations;
        for (const auto* r : g.regions)
            regions.push_back(json::object{{"region", r->progress.id},
                                           {"region_name", region_name(cb, r->progress.id)},
                                           {"sampled", r->progress.sampled},
                                           {"reported", r->progress.reported},
                                           {"missing", r->progress.missing()}});
        for (const auto* s : g.stations) stations.push_back(station_json(cb, *s, d));
        contests.push_back(json::object{{"contest", p.contest},       {"district", p.district},
                                        {"form", g.form},            {"sampled", p.total.sampled},
                                        {"reported", p.total.reported}, {"silent", p.total.missing()},
                                        {"regions", std::move(regions)}, {"stations", std::move(stations)}});
    }
    return json::object{{"contests", std::move(contests)}};
}

}  // namespace

int cmd_callback(const Args& args) {
    std::string db;
    bool as_json = false;
    cli::Options opts("callback", usage);
    opts.text("db", db, "FILE", "the smsgw database (SQLite file)").required();
    opts.flag("json", as_json, "one line of JSON instead of text");
    if (auto exit = opts.parse(args)) return *exit;
    auto reader = open_store_reader(db);  // main() reports what it throws, exit 1
    std::optional<StoreCount> count;
    std::optional<CallbackRead> read;
    review::Decisions decisions;
    auto r = reader->snapshot([&](store::StoreReader& rd) -> store::Result<bool> {
        count.emplace(count_in_snapshot(rd));
        read.emplace(read_callback_list(rd, *count));
        auto audit = rd.audit_since(0);
        if (!audit) return audit.error();
        decisions = review::replay(*audit);
        return true;
    });
    if (!r) throw std::runtime_error("cannot read the database: " + r.error().message);
    const Codebook& cb = count->quick_count.codebook();
    const auto progress = count->quick_count.progress();
    const auto groups = by_contest(cb, progress, read->list);
    std::cout << (as_json ? json_text(to_json(cb, groups, decisions)) + "\n" : text(cb, groups, decisions));
    return std::cout.flush() ? 0 : 1;
}

}  // namespace smsgw
