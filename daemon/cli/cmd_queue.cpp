// smsgw queue: what needs a human now, most important and oldest first, with the facts and whom to call.
#include "daemon/codebook_io/codebook_store.hpp"
#include "daemon/cli/commands.hpp"
#include "daemon/cli/options.hpp"
#include "daemon/status/estimate_from_store.hpp"
#include "daemon/export/export_format.hpp"
#include "daemon/status/queue_read.hpp"
#include "daemon/status/status_view.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <chrono>
#include <iostream>

namespace smsgw {

namespace {

namespace json = boost::json;

// "21:30" in the election's time zone, today (there): when the sampled stations' results are due.
SystemTime due_time(const Codebook& cb, const std::string& text, SystemTime now) {
    int h = -1, m = -1;
    if (std::sscanf(text.c_str(), "%d:%d", &h, &m) != 2 || h < 0 || h > 23 || m < 0 || m > 59)
        throw std::runtime_error("--silent-after '" + text + "': give the election's local time as HH:MM, e.g. 21:30");
    const notify::TimeZone zone = exports::election_zone(cb);
    const auto local = zone.to_local(std::chrono::floor<std::chrono::seconds>(now));
    const auto day = std::chrono::floor<std::chrono::days>(local);
    return zone.to_utc(day + std::chrono::hours(h) + std::chrono::minutes(m));
}

json::value audit_json(const store::StoredAudit* a) {
    if (!a) return nullptr;
    return json::object{{"audit_id", a->id},
                        {"at_utc", status_utc(a->at, true)},
                        {"by", a->entry.operator_name},
                        {"outcome", a->entry.verb},
                        {"note", a->entry.reason}};
}

std::string item_id(const review::QueueItem& i) {
    return i.report_id ? std::to_string(*i.report_id) : "station:" + i.station;
}

}  // namespace

int cmd_queue(const Args& args) {
    std::string db, kind_text, silent_after;
    bool json = false;
    cli::Options opts("queue",
        "smsgw queue --db FILE [--json] [--kind K] [--silent-after HH:MM]\n\n"
        "What needs a human, most important kind first, oldest first within a kind:\n"
        "  conflict      a station's monitors disagree: withheld from the count until settled\n"
        "  warning       accepted with a check warning: counts, unverified\n"
        "  anomaly       counts, but an anomaly screen finds it odd (turnout, invalid rate, shares)\n"
        "  incident      an incident report to confirm, reject or escalate\n"
        "  unregistered  a report from a phone not in monitors.csv: does not count until verified\n"
        "  silent        a sampled station without results after its reminder (or --silent-after)\n"
        "Act on an item with smsgw review ITEM verify|reject|... and log calls with smsgw call.");
    opts.text("db", db, "FILE", "the smsgw database").required();
    opts.flag("json", json, "one JSON object (shape in README.md)");
    opts.text("kind", kind_text, "K", "only items of this kind");
    opts.text("silent-after", silent_after, "HH:MM", "sampled stations silent after this local time are items");
    if (auto exit = opts.parse(args)) return *exit;
    std::optional<review::QueueKind> only;
    if (!kind_text.empty() && !(only = review::queue_kind_from(kind_text)))
        return opts.usage_error("--kind must be one of conflict, warning, anomaly, incident, unregistered, silent, not '" +
                                kind_text + "'");
    const auto now = std::chrono::system_clock::now();
    auto reader = open_store_reader(db);
    CodebookInUse codebook;
    QueueRead q;
    auto r = reader->snapshot([&](store::StoreReader& rd) -> store::Result<bool> {
        codebook = codebook_from_reader(rd);
        std::optional<SystemTime> after;
        if (!silent_after.empty()) after = due_time(*codebook.codebook, silent_after, now);
        q = read_queue(rd, *codebook.codebook, after);
        return true;
    });
    if (!r) throw std::runtime_error("cannot read the database: " + r.error().message);
    std::vector<const review::QueueItem*> items;
    for (const auto& i : q.items)
        if (!only || i.kind == *only) items.push_back(&i);
    const Codebook& cb = *codebook.codebook;

    if (json) {
        json::object counts;
        for (review::QueueKind k : review::queue_kinds) counts[review::to_string(k)] = 0;
        for (const auto* i : items) counts[review::to_string(i->kind)] = counts[review::to_string(i->kind)].as_int64() + 1;
        json::array arr;
        for (const auto* i : items) {
            const Station* s = cb.find_station(i->station);
            json::object o{{"kind", review::to_string(i->kind)},
                           {"item", item_id(*i)},
                           {"report_id", i->report_id ? json::value(*i->report_id) : json::value(nullptr)},
                           {"reference", i->reference},
                           {"form", i->form},
                           {"station", i->station},
                           {"station_name", s ? s->name : ""},
                           {"region", s ? s->region : ""},
                           {"facts", i->facts},
                           {"sender", i->sender},
                           {"monitor_phone", i->monitor_phone},
                           {"monitor_name", i->monitor_name},
                           {"since_utc", status_utc(i->since, true)},
                           {"age_s", std::chrono::duration_cast<std::chrono::seconds>(now - i->since).count()},
                           {"last_call", audit_json(i->last_call)},
                           {"last_note", audit_json(i->last_note)}};
            arr.push_back(std::move(o));
        }
        json::object out{{"generated_utc", status_utc(now, true)},
                         {"total", static_cast<std::int64_t>(items.size())},
                         {"counts", std::move(counts)},
                         {"items", std::move(arr)}};
        std::cout << json::serialize(out) << "\n";
        return 0;
    }
    if (items.empty()) {
        std::cout << "queue empty: nothing needs a human now\n";
        return 0;
    }
    std::cout << queue_summary_line(summarize(q.items), now) << "\n";
    for (const auto* i : items) {
        std::cout << fmt::format("{:<12} {:<13} {:<6} {:<2} {:<8} {}\n", review::to_string(i->kind), item_id(*i),
                                 i->reference, i->form, i->station, status_age(now, i->since));
        std::cout << "    " << i->facts << "\n";
        std::cout << "    call " << (i->monitor_phone.empty() ? "(no monitor listed)" : i->monitor_phone + " " + i->monitor_name);
        if (!i->sender.empty() && i->sender != i->monitor_phone) std::cout << "; texted from " << i->sender;
        if (i->last_call)
            std::cout << fmt::format("; last call {} {} by {}", status_age(now, i->last_call->at),
                                     i->last_call->entry.verb, i->last_call->entry.operator_name);
        std::cout << "\n";
        if (i->last_note) std::cout << "    note (" << i->last_note->entry.operator_name << "): " << i->last_note->entry.reason << "\n";
    }
    return 0;
}

}  // namespace smsgw
