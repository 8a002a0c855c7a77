// The tables at HQ: one per kind of row keyed by (gateway_id, local_id), and each gateway's cursor.
#include "daemon/hq/hq_schema.hpp"

#include "daemon/store/hq_rows.hpp"

namespace smsgw::hq {

namespace {

// Version 1. A later version adds its own step below; none is ever edited.
std::string version_1() {
    std::string sql = R"sql(
CREATE TABLE smsgw.gateway (
    gateway_id   text        PRIMARY KEY,
    database_key text        NOT NULL,
    cursor       bigint      NOT NULL DEFAULT 0,
    first_push   timestamptz NOT NULL DEFAULT clock_timestamp(),
    last_push    timestamptz
);
)sql";
    for (const auto& k : store::hq_kinds()) {
        const std::string table = "smsgw." + std::string(k.kind);
        sql += "CREATE TABLE " + table + " (\n    gateway_id text NOT NULL,\n    local_id bigint NOT NULL,\n";
        for (const auto& c : k.columns) sql += "    " + std::string(c.name) + " " + std::string(c.pg_type) + ",\n";
        // When HQ committed it: the push's lag is received_at_hq minus the row's own time.
        sql += "    received_at_hq timestamptz NOT NULL DEFAULT clock_timestamp(),\n"
               "    PRIMARY KEY (gateway_id, local_id)\n);\n";
    }
    sql += "CREATE INDEX report_station ON smsgw.report (form, station);\n";
    return sql;
}

}  // namespace

std::string ensure_hq_schema(PgConnection& pg) {
    auto fail = [&](const PgResult& r) {
        (void)pg.exec("ROLLBACK");
        return "creating HQ's schema: " + r.error();
    };
    if (auto r = pg.exec("BEGIN"); !r.ok()) return fail(r);
    if (auto r = pg.exec("SELECT pg_advisory_xact_lock(hashtext('smsgw schema'))"); !r.ok()) return fail(r);
    auto r = pg.exec_script("CREATE SCHEMA IF NOT EXISTS smsgw; "
                            "CREATE TABLE IF NOT EXISTS smsgw.schema_version (version integer NOT NULL)");
    if (!r.ok()) return fail(r);
    auto v = pg.exec("SELECT coalesce(max(version), 0) FROM smsgw.schema_version");
    if (!v.ok()) return fail(v);
    const long long version = v.int64(0, 0);
    if (version > hq_schema_version) {
        (void)pg.exec("ROLLBACK");
        return "HQ's schema is at version " + std::to_string(version) + ", newer than this smsgw's " +
               std::to_string(hq_schema_version) + ": upgrade this gateway's smsgw";
    }
    if (version < 1) {
        if (auto m = pg.exec_script(version_1()); !m.ok()) return fail(m);
    }
    if (version < hq_schema_version) {
        auto u = pg.exec_script("DELETE FROM smsgw.schema_version; INSERT INTO smsgw.schema_version VALUES (" +
                                std::to_string(hq_schema_version) + ")");
        if (!u.ok()) return fail(u);
    }
    if (auto c = pg.exec("COMMIT"); !c.ok()) return fail(c);
    return {};
}

std::string check_hq_schema(PgConnection& pg) {
    auto r = pg.exec("SELECT to_regclass('smsgw.schema_version') IS NOT NULL");
    if (!r.ok()) return r.error();
    if (r.text(0, 0) != "t") return "no smsgw schema in this database: no gateway has pushed to it yet";
    auto v = pg.exec("SELECT coalesce(max(version), 0) FROM smsgw.schema_version");
    if (!v.ok()) return v.error();
    if (v.int64(0, 0) != hq_schema_version)
        return "HQ's schema is at version " + std::string(v.text(0, 0)) + ", this smsgw reads version " +
               std::to_string(hq_schema_version);
    return {};
}

}  // namespace smsgw::hq
