// A batch to HQ: per kind one INSERT ... SELECT FROM json_to_recordset(...) ON CONFLICT DO NOTHING.
#include "daemon/hq/hq_push_batch.hpp"

#include "daemon/store/hq_rows.hpp"

#include <map>

namespace smsgw::hq {

namespace {

// INSERT INTO smsgw.report (gateway_id, local_id, form, ...) SELECT $1, x.local_id, x.form, ...
// FROM json_to_recordset($2::json) AS x(local_id bigint, form text, ...) ON CONFLICT DO NOTHING
std::string insert_sql(const store::HqKind& k) {
    std::string cols = "local_id", picks = "x.local_id", types = "local_id bigint";
    for (const auto& c : k.columns) {
        cols += ", " + std::string(c.name);
        picks += ", x." + std::string(c.name);
        types += ", " + std::string(c.name) + " " + std::string(c.pg_type);
    }
    return "INSERT INTO smsgw." + std::string(k.kind) + " (gateway_id, " + cols + ") SELECT $1, " + picks +
           " FROM json_to_recordset($2::json) AS x(" + types + ") ON CONFLICT (gateway_id, local_id) DO NOTHING";
}

}  // namespace

std::string database_key(const store::HqPushState& state) {
    return state.gateway_id + "@" + std::to_string(store::to_millis(state.enabled_at));
}

PushOutcome push_batch(PgConnection& pg, store::StoreReader& local, const std::string& gateway_id,
                       const std::string& key, int limit) {
    PushOutcome out;
    auto fail = [&](std::string error) {
        (void)pg.exec("ROLLBACK");
        out.error = std::move(error);
        out.entries = 0;
        return out;
    };
    if (auto r = pg.exec("BEGIN"); !r.ok()) return fail(r.error());
    if (auto r = pg.exec("INSERT INTO smsgw.gateway (gateway_id, database_key) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                         {gateway_id, key});
        !r.ok())
        return fail(r.error());
    auto cur = pg.exec("SELECT cursor, database_key FROM smsgw.gateway WHERE gateway_id = $1 FOR UPDATE", {gateway_id});
    if (!cur.ok()) return fail(cur.error());
    if (cur.text(0, 1) != key)
        return fail("HQ already has gateway_id " + gateway_id + " from another database (" + std::string(cur.text(0, 1)) +
                    ", this one is " + key + "): give this gateway an id of its own");
    out.cursor = cur.int64(0, 0);

    auto entries = local.hq_outbox_batch(out.cursor, limit);
    if (!entries) return fail("reading the local outbox: " + entries.error().message);
    if (entries->empty()) {
        if (auto r = pg.exec("COMMIT"); !r.ok()) return fail(r.error());
        return out;
    }
    // Rows grouped by kind into one JSON array each (the rows are JSON objects already).
    std::map<std::string, std::string> arrays;
    for (const auto& e : *entries) {
        if (e.row.empty()) continue;  // the row is gone locally: nothing to send, the cursor passes it
        std::string& a = arrays[e.kind];
        a += a.empty() ? "[" : ",";
        a += e.row;
    }
    for (const auto& k : store::hq_kinds()) {
        auto it = arrays.find(std::string(k.kind));
        if (it == arrays.end()) continue;
        it->second += "]";
        if (auto r = pg.exec(insert_sql(k), {gateway_id, it->second}); !r.ok())
            return fail("inserting " + std::string(k.kind) + " rows: " + r.error());
    }
    const std::int64_t last = entries->back().id;
    if (auto r = pg.exec("UPDATE smsgw.gateway SET cursor = $2, last_push = clock_timestamp() WHERE gateway_id = $1",
                         {gateway_id, std::to_string(last)});
        !r.ok())
        return fail(r.error());
    if (auto r = pg.exec("COMMIT"); !r.ok()) return fail(r.error());
    out.cursor = last;
    out.entries = static_cast<std::int64_t>(entries->size());
    out.more = static_cast<int>(entries->size()) == limit;
    return out;
}

}  // namespace smsgw::hq
