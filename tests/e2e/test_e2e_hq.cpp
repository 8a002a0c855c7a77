// Several gateways, one HQ: real daemons on dummy-driver modems pushing to a real PostgreSQL, links and processes broken.
#include "pg_server.hpp"
#include "rig.hpp"

#ifdef SMSGW_HAVE_PG
#include "daemon/hq/pg_connection.hpp"
#endif

#include <doctest/doctest.h>
#include <fmt/format.h>

using namespace smsgw::e2e;
using namespace std::chrono_literals;

#ifdef SMSGW_HAVE_PG
namespace {

struct Gateway {
    std::string id;
    std::filesystem::path dir, device;
    std::unique_ptr<DaemonProcess> daemon;
    std::unique_ptr<StoreProbe> store;
};

// A gateway in its own directory with one dummy modem, pushing to `conninfo` as `id` ("" : no [hq]).
Gateway gateway(const TempDir& work, const std::string& id, const std::string& conninfo) {
    Gateway g;
    g.id = id;
    g.dir = work.subdir(id);
    g.device = work.subdir(id + "-device");
    GatewayConfig cfg = basic_config(g.dir);
    cfg.modems.push_back(ModemSection::dummy("sim-" + id, g.device));
    std::string toml = cfg.render();
    if (!conninfo.empty()) toml += "\n[hq]\npostgres = " + toml_string(conninfo) + "\ngateway_id = " + toml_string(id) + "\n";
    write_file(g.dir / "smsgw.toml", toml);
    g.daemon = std::make_unique<DaemonProcess>(g.dir / "smsgw.toml", g.dir / "console.log");
    g.store = std::make_unique<StoreProbe>(g.dir / "smsgw.db");
    return g;
}

std::int64_t hq_count(PgServer& pg, const std::string& sql) {
    try {
        return std::stoll(pg.query(sql, "hq"));
    } catch (const std::exception&) {
        return -1;  // the schema is not there yet, or the server is down
    }
}

// HQ's cursor for the gateway equals its newest outbox entry: everything written has arrived.
bool caught_up(PgServer& pg, Gateway& g) {
    const auto last = g.store->scalar("SELECT coalesce(max(id), 0) FROM hq_outbox");
    return last > 0 && hq_count(pg, "SELECT cursor FROM smsgw.gateway WHERE gateway_id = '" + g.id + "'") == last;
}

std::string estimate(const std::vector<std::string>& source) {
    std::vector<std::string> argv = {SMSGW_BINARY, "estimate"};
    argv.insert(argv.end(), source.begin(), source.end());
    argv.push_back("--json");
    const auto r = run_command(argv, {}, 60s, true);
    REQUIRE_MESSAGE(r.exited_ok(), r.out);
    return r.out;
}

}  // namespace
#endif

TEST_CASE("two gateways and a standby push to one HQ through kill -9 and a PostgreSQL restart; HQ counts as one gateway") {
#ifndef SMSGW_HAVE_PG
    MESSAGE("SKIPPED: smsgw was built without libpq (no [hq])");
#else
    if (const auto why = PgServer::missing(); !why.empty()) {
        MESSAGE("SKIPPED: " << why);
        return;
    }
    TempDir work("hq");
    PgServer pg;
    pg.start();
    pg.create_database("hq");
    const std::string conninfo = pg.conninfo("hq");

    // No corrections in the corpus: the count cannot depend on the order the gateways took them in.
    const Corpus corpus = Corpus::generate(example_codebook, 400, 2026, true);
    Gateway north = gateway(work, "north", conninfo);
    Gateway south = gateway(work, "south", conninfo);
    Gateway single = gateway(work, "single", "");  // the reference: every message, one gateway, no HQ
    // Messages 160-259 reach both: the standby's backup number got the same reports. North gets its
    // first 100 now, the rest while its push is stuck.
    corpus.inject(north.device, 0, 100);
    corpus.inject(south.device, 160, 400);
    corpus.inject(single.device, 0, 400);
    const std::int64_t north_messages = 260, south_messages = 240;

    auto t0 = std::chrono::steady_clock::now();
    for (Gateway* g : {&north, &south, &single}) {
        g->daemon->start();
        REQUIRE_MESSAGE(g->daemon->wait_ready(60s), g->daemon->console());
    }

    // kill -9 of a gateway inside its push transaction: HQ's tables are locked by another session,
    // north ingests 160 more messages and its batch waits on the lock; it dies there, then comes back.
    REQUIRE(wait_processed(*north.store, 100, 120s));
    REQUIRE(wait_until(60s, [&] { return caught_up(pg, north); }));
    smsgw::hq::PgConnection blocker(conninfo);
    REQUIRE(blocker.connect());
    REQUIRE(blocker.exec("BEGIN").ok());
    REQUIRE(blocker.exec("LOCK TABLE smsgw.message IN ACCESS EXCLUSIVE MODE").ok());
    corpus.inject(north.device, 100, 260);
    REQUIRE(wait_processed(*north.store, north_messages, 120s));
    CHECK(wait_until(30s, [&] {
        return hq_count(pg, "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE "
                            "'INSERT INTO smsgw.message%'") >= 1;
    }));
    north.daemon->kill9();
    REQUIRE(blocker.exec("ROLLBACK").ok());
    const auto at_kill = hq_count(pg, "SELECT count(*) FROM smsgw.message WHERE gateway_id = 'north'");
    MESSAGE("north killed inside its push: " << at_kill << " messages at HQ, "
                                               << north.store->scalar("SELECT count(*) FROM message") << " in its database");
    CHECK(at_kill == 100);  // the batch it died in left nothing
    north.daemon->start();
    REQUIRE_MESSAGE(north.daemon->wait_ready(60s), north.daemon->console_this_run());

    // HQ's server stopped while the gateways go on ingesting, then started again.
    pg.stop();
    CHECK_MESSAGE(south.daemon->wait_console("HQ push fails", 30s), south.daemon->console_this_run());
    const auto during = south.store->scalar("SELECT count(*) FROM message");
    std::this_thread::sleep_for(2s);
    CHECK(south.store->scalar("SELECT count(*) FROM message") >= during);  // ingest did not wait for HQ
    pg.start();
    CHECK_MESSAGE(south.daemon->wait_console("HQ push works again", 60s), south.daemon->console_this_run());

    REQUIRE(wait_processed(*north.store, north_messages, 180s));
    REQUIRE(wait_processed(*south.store, south_messages, 180s));
    REQUIRE(wait_processed(*single.store, 400, 180s));
    REQUIRE_MESSAGE(wait_until(60s, [&] { return caught_up(pg, north) && caught_up(pg, south); }),
                    north.daemon->console_this_run() << south.daemon->console_this_run());
    MESSAGE(fmt::format("all ingested and pushed in {:.1f} s", seconds_since(t0)));

    // Nothing lost, nothing doubled: HQ has each gateway's rows exactly once.
    for (Gateway* g : {&north, &south}) {
        const std::string where = " WHERE gateway_id = '" + g->id + "'";
        CHECK(hq_count(pg, "SELECT count(*) FROM smsgw.message" + where) == g->store->scalar("SELECT count(*) FROM message"));
        CHECK(hq_count(pg, "SELECT count(*) FROM smsgw.report" + where) == g->store->scalar("SELECT count(*) FROM report"));
        CHECK(hq_count(pg, "SELECT count(*) FROM smsgw.codebook" + where) == 1);
    }
    CHECK(hq_count(pg, "SELECT count(*) FROM smsgw.message WHERE gateway_id = 'north'") == north_messages);

    // HQ's count over both gateways is the single gateway's, to the last digit; a gateway alone is not.
    const std::string hq = estimate({"--pg", conninfo});
    const std::string one = estimate({"--db", (single.dir / "smsgw.db").string()});
    CHECK(hq == one);
    CHECK(hq != estimate({"--db", (north.dir / "smsgw.db").string()}));

    // What status says of the push.
    const auto status = run_command({SMSGW_BINARY, "status", "--db", (south.dir / "smsgw.db").string()}, {}, 60s, true);
    CHECK_MESSAGE(status.out.find("HQ push") != std::string::npos, status.out);

    for (Gateway* g : {&north, &south, &single}) {
        const auto st = g->daemon->terminate(30s);
        CHECK_MESSAGE(describe_status(st) == "exit 0", g->daemon->console_this_run().substr(0, 4000));
    }
    // A replay after the end pushes nothing twice: the cursors did not move past the outbox.
    CHECK(caught_up(pg, north));
    CHECK(caught_up(pg, south));
#endif
}
