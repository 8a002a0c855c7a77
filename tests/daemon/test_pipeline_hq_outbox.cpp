// The HQ outbox on a real pipeline: entries in the same transaction as their rows, only once [hq] is on, the past queued when it is.
#include "pipeline_rig.hpp"

#include "daemon/store/store_reader.hpp"

#include <boost/json.hpp>

using namespace smsgw;
using namespace smsgw::test;

namespace {

std::vector<store::HqOutboxEntry> outbox(Rig& rig, std::int64_t after = 0) {
    store::StoreReader reader((rig.dir / "smsgw.db").string());
    auto b = reader.hq_outbox_batch(after, 1000);
    REQUIRE(b.ok());
    return *b;
}

std::string kinds(const std::vector<store::HqOutboxEntry>& entries) {
    std::string out;
    for (const auto& e : entries) out += (out.empty() ? "" : " ") + e.kind;
    return out;
}

}  // namespace

TEST_CASE("without [hq] nothing is queued; enabling queues the past, then every new row with its message") {
    Rig rig;
    rig.open();
    rig.one("+77010000001", "R 01001 A100 B200 C300 X5 T605");
    CHECK(outbox(rig).empty());
    auto none = rig.store->write([](store::Transaction& tx) { return tx.hq_push_state(); });
    REQUIRE(none.ok());
    CHECK_FALSE(none->has_value());

    auto on = rig.store->write([](store::Transaction& tx) { return tx.enable_hq_push("north"); });
    REQUIRE(on.ok());
    CHECK(on->first_time);
    CHECK(on->backfilled == 2);  // the message and its report (no codebook saved by the rig)
    CHECK(kinds(outbox(rig)) == "message report");

    rig.one("87010000002", "R 01002 A10 B20 C30 X1 T61");
    const auto all = outbox(rig);
    CHECK(kinds(all) == "message report message report");
    // Each entry carries its row as HQ stores it.
    const auto row = boost::json::parse(all[3].row).as_object();
    CHECK(row.at("station").as_string() == "01002");
    CHECK(row.at("status").as_string() == "accepted");
    CHECK(row.at("local_id").as_int64() == 2);
    CHECK(boost::json::parse(all[2].row).as_object().at("sender").as_string() == "87010000002");
    CHECK(kinds(outbox(rig, all[1].id)) == "message report");

    auto state = rig.store->write([](store::Transaction& tx) { return tx.hq_push_state(); });
    REQUIRE(state->has_value());
    CHECK((*state)->pending == 4);
    CHECK((*state)->last_id == all.back().id);

    // The state HQ's answers leave: caught up, then failing, then caught up again.
    REQUIRE(rig.store->write([&](store::Transaction& tx) { return tx.record_hq_push(all.back().id, ""); }).ok());
    state = rig.store->write([](store::Transaction& tx) { return tx.hq_push_state(); });
    CHECK((*state)->pending == 0);
    CHECK_FALSE((*state)->oldest_pending);
    REQUIRE(rig.store->write([&](store::Transaction& tx) { return tx.record_hq_push(0, "connection refused"); }).ok());
    state = rig.store->write([](store::Transaction& tx) { return tx.hq_push_state(); });
    CHECK((*state)->last_error == "connection refused");
    CHECK((*state)->failing_since);
    CHECK((*state)->pushed_through == all.back().id);  // a failure never moves the cursor back

    // The same id again is fine; another id for this database is refused, and nothing changes.
    auto again = rig.store->write([](store::Transaction& tx) { return tx.enable_hq_push("north"); });
    CHECK_FALSE(again->first_time);
    CHECK(again->other_gateway_id.empty());
    auto other = rig.store->write([](store::Transaction& tx) { return tx.enable_hq_push("south"); });
    CHECK(other->other_gateway_id == "north");
}

TEST_CASE("a transaction that rolls back leaves no outbox entry") {
    Rig rig;
    rig.open();
    REQUIRE(rig.store->write([](store::Transaction& tx) { return tx.enable_hq_push("north"); }).ok());
    auto r = rig.store->write([&](store::Transaction& tx) -> store::Result<bool> {
        ingest::AssembledMessage m;
        m.modem = "sim1";
        m.sender = "+77010000001";
        m.text = "R 01001";
        auto id = tx.record_message(m);
        if (!id) return id.error();
        return store::StoreError{1, "the caller gives up"};
    });
    CHECK_FALSE(r.ok());
    CHECK(outbox(rig).empty());
}
