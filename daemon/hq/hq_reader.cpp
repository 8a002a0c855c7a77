// The SELECTs of HQ's reads: codebooks, report versions, per-gateway progress.
#include "daemon/hq/hq_reader.hpp"

#include "codebooks/codebook_loader.hpp"
#include "daemon/hq/hq_schema.hpp"
#include "daemon/hq/pg_connection.hpp"

#include <fmt/format.h>

#include <stdexcept>

namespace smsgw::hq {

namespace {

PgResult must(PgResult r, const char* what) {
    if (!r.ok()) throw std::runtime_error(std::string("HQ's database: ") + what + ": " + r.error());
    return r;
}

std::string str(const PgResult& r, int row, int col) { return std::string(r.text(row, col)); }

// "2024-09-20T06:00:07+03:00" (daemon/modem's format) -> Unix ms; nullopt when it is not that.
std::optional<std::int64_t> smsc_millis(std::string_view t) {
    auto num = [&](std::size_t pos, std::size_t len) -> int {
        int v = 0;
        for (std::size_t i = pos; i < pos + len; ++i) {
            if (t[i] < '0' || t[i] > '9') return -1;
            v = v * 10 + (t[i] - '0');
        }
        return v;
    };
    if (t.size() != 25 || t[4] != '-' || t[7] != '-' || t[10] != 'T' || t[13] != ':' || t[16] != ':' ||
        (t[19] != '+' && t[19] != '-') || t[22] != ':')
        return std::nullopt;
    const int y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2), s = num(17, 2),
              oh = num(20, 2), om = num(23, 2);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || mi < 0 || s < 0 || oh < 0 || om < 0) return std::nullopt;
    // Days from the civil date (Howard Hinnant's algorithm).
    const int yy = mo <= 2 ? y - 1 : y;
    const int era = yy / 400;
    const int yoe = yy - era * 400;
    const int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    const std::int64_t days = std::int64_t(era) * 146097 + doe - 719468;
    const std::int64_t offset = (oh * 3600 + om * 60) * (t[19] == '-' ? -1 : 1);
    return ((days * 86400 + h * 3600 + mi * 60 + s) - offset) * 1000;
}

Status status_of(std::string_view s) {
    if (s == "accepted") return Status::accepted;
    if (s == "warning") return Status::warning;
    return Status::rejected;
}

}  // namespace

HqSnapshot read_hq(const std::string& conninfo) {
    if (auto p = PgConnection::conninfo_problem(conninfo); !p.empty()) throw std::runtime_error("--pg: " + p);
    PgConnection pg(conninfo);
    if (!pg.connect()) throw std::runtime_error("cannot connect to HQ's database: " + pg.error());
    if (auto p = check_hq_schema(pg); !p.empty()) throw std::runtime_error("HQ's database: " + p);
    must(pg.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"), "begin");

    HqSnapshot out;
    auto cb = must(pg.exec("SELECT version, election_toml, stations_csv, monitors_csv, candidates_csv, has_candidates "
                           "FROM smsgw.codebook ORDER BY saved_at DESC, gateway_id, local_id"),
                   "reading the codebooks");
    if (cb.rows() == 0) throw std::runtime_error("HQ's database has no codebook yet: no gateway has pushed one");
    for (int i = 0; i < cb.rows(); ++i)
        if (std::find(out.codebook_versions.begin(), out.codebook_versions.end(), str(cb, i, 0)) == out.codebook_versions.end())
            out.codebook_versions.push_back(str(cb, i, 0));
    CodebookSources sources;
    sources.election_toml = str(cb, 0, 1);
    sources.stations_csv = str(cb, 0, 2);
    sources.monitors_csv = str(cb, 0, 3);
    sources.candidates_csv = str(cb, 0, 4);
    sources.has_candidates = cb.int64(0, 5) != 0;
    LoadResult loaded = load_codebook(sources);
    if (!loaded.ok()) {
        std::string msg = fmt::format("the codebook at HQ ({}) has errors:", out.codebook_versions.front());
        for (const Diagnostic& d : loaded.diagnostics)
            if (d.severity == Severity::error) msg += fmt::format("\n{}:{}: {}", d.file, d.line, d.message);
        throw std::runtime_error(msg);
    }
    out.codebook = CodebookInUse{loaded.codebook, out.codebook_versions.front()};

    // A report's message may come in a later batch than the report only if the gateway wrote them
    // in different transactions, which it does not; LEFT JOIN all the same.
    auto rep = must(pg.exec("SELECT r.gateway_id, r.local_id, form, station, r.sender, status, values_json, normalized, comment, "
                            "r.created_at, codebook_version, disposition, m.smsc_time, m.received_at FROM smsgw.report r "
                            "LEFT JOIN smsgw.message m ON m.gateway_id = r.gateway_id AND m.local_id = r.message_id"),
                    "reading the reports");
    out.reports.reserve(static_cast<std::size_t>(rep.rows()));
    for (int i = 0; i < rep.rows(); ++i) {
        HqReport r;
        r.gateway_id = str(rep, i, 0);
        r.local_id = rep.int64(i, 1);
        r.record.form = str(rep, i, 2);
        r.record.station = str(rep, i, 3);
        r.record.sender = str(rep, i, 4);
        r.record.status = status_of(rep.text(i, 5));
        r.record.values_json = str(rep, i, 6);
        r.record.normalized = str(rep, i, 7);
        r.record.comment = str(rep, i, 8);
        r.record.created_at = store::from_millis(rep.int64(i, 9));
        r.record.codebook_version = str(rep, i, 10);
        r.record.disposition = str(rep, i, 11);
        const auto smsc = smsc_millis(rep.text(i, 12));
        r.sent_at = smsc ? *smsc : rep.is_null(i, 13) ? store::to_millis(r.record.created_at) : rep.int64(i, 13);
        out.reports.push_back(std::move(r));
    }

    auto gw = must(pg.exec("SELECT g.gateway_id, g.cursor, (extract(epoch FROM g.last_push) * 1000)::bigint, "
                           "(SELECT count(*) FROM smsgw.message m WHERE m.gateway_id = g.gateway_id), "
                           "(SELECT count(*) FROM smsgw.report r WHERE r.gateway_id = g.gateway_id), "
                           "(SELECT count(*) FROM smsgw.official o WHERE o.gateway_id = g.gateway_id), "
                           "(SELECT count(*) FROM smsgw.quarantine q WHERE q.gateway_id = g.gateway_id) "
                           "FROM smsgw.gateway g ORDER BY g.gateway_id"),
                   "reading the gateways");
    for (int i = 0; i < gw.rows(); ++i) {
        HqGateway g;
        g.gateway_id = str(gw, i, 0);
        g.cursor = gw.int64(i, 1);
        if (!gw.is_null(i, 2)) g.last_push_ms = gw.int64(i, 2);
        g.messages = gw.int64(i, 3);
        g.reports = gw.int64(i, 4);
        g.official = gw.int64(i, 5);
        g.quarantined = gw.int64(i, 6);
        out.gateways.push_back(std::move(g));
    }
    (void)pg.exec("COMMIT");
    return out;
}

}  // namespace smsgw::hq
