// The reader's queries for exports and watch: every outgoing SMS with its reminder, counts by kind, recent arrivals.
#include "daemon/store/store.hpp"
#include "daemon/store/store_reader.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <filesystem>

using namespace smsgw;
using namespace smsgw::store;
namespace fs = std::filesystem;

namespace {

using smsgw::test::TempDir;

SystemTime at(int minute) { return SystemTime(std::chrono::seconds(1795791600 + 60 * minute)); }

template <class T>
T ok(Result<T> r) {
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    return std::move(*r);
}

}  // namespace

TEST_CASE("outgoing SMS: replies, a reminder covering two stations, an HQ summary; counts; arrivals") {
    TempDir dir;
    const std::string path = (dir.path / "o.db").string();
    int minute = 0;
    Store st(path, {.clock = [&minute] { return at(minute); }});

    // Messages assembled at minutes 0, 10, 12, 14.
    std::vector<std::int64_t> ids;
    for (int m : {0, 10, 12, 14}) {
        minute = m;
        ids.push_back(ok(st.write([&](Transaction& tx) {
            ingest::AssembledMessage msg;
            msg.modem = "m1";
            msg.imei = "356938035643809";
            msg.sender = "+77010000001";
            msg.smsc_time = "2026-11-27T15:00:00";
            msg.received_at = at(m);
            msg.text = "R 01001 A1";
            msg.coding = "gsm7";
            return tx.record_message(msg);
        })));
    }

    minute = 20;
    ok(st.write([&](Transaction& tx) -> Result<int> {
        auto reply = tx.enqueue_reply({ids[0], std::nullopt, "+77010000001", "OK #1A01", "reply"});
        if (!reply) return reply.error();
        auto claimed = tx.claim_replies(1);
        if (!claimed) return claimed.error();
        if (auto s = tx.mark_reply_sent(*reply, "m1", 42); !s) return s.error();
        auto reminder = tx.enqueue_reply({std::nullopt, std::nullopt, "87010000002", "Send R 01002, R 01003", "reminder"});
        if (!reminder) return reminder.error();
        for (const char* station : {"01002", "01003"}) {
            ReminderRecord r;
            r.window = "R@22:30";
            r.form = "R";
            r.station = station;
            r.phone = "87010000002";
            r.reply_id = *reminder;
            if (auto x = tx.record_reminder(r); !x) return x.error();
        }
        auto hq = tx.enqueue_reply({std::nullopt, std::nullopt, "+77019990000", "PL 3/8 ...", "hq_summary"});
        if (!hq) return hq.error();
        return 0;
    }));

    StoreReader reader(path);
    const auto out = ok(reader.outgoing_sms());
    REQUIRE(out.size() == 3);
    CHECK(out[0].reply.record.kind == "reply");
    CHECK(out[0].reply.record.message_id == ids[0]);
    CHECK(out[0].reply.status == ReplyStatus::sent);
    CHECK(out[0].reply.modem == "m1");
    CHECK(out[0].reply.message_reference == 42);
    CHECK(out[0].reply.sent_at == at(20));
    CHECK(out[0].window.empty());
    CHECK(out[0].stations.empty());
    CHECK(out[1].reply.record.kind == "reminder");
    CHECK_FALSE(out[1].reply.record.message_id.has_value());
    CHECK(out[1].reply.status == ReplyStatus::queued);
    CHECK(out[1].reply.record.destination == "87010000002");
    CHECK(out[1].window == "R@22:30");
    CHECK(out[1].forms == "R");
    CHECK((out[1].stations == "01002;01003" || out[1].stations == "01003;01002"));
    CHECK(out[2].reply.record.kind == "hq_summary");
    CHECK(out[2].reply.created_at == at(20));

    const auto counts = ok(reader.outgoing_counts());
    REQUIRE(counts.size() == 3);
    CHECK((counts[0].kind == "reply" && counts[0].status == ReplyStatus::sent && counts[0].count == 1));
    CHECK((counts[1].kind == "reminder" && counts[1].status == ReplyStatus::queued && counts[1].count == 1));
    CHECK((counts[2].kind == "hq_summary" && counts[2].status == ReplyStatus::queued && counts[2].count == 1));

    CHECK(ok(reader.messages_since(at(10))) == 3);
    CHECK(ok(reader.messages_since(at(13))) == 1);
    CHECK(ok(reader.messages_since(at(15))) == 0);
    CHECK(ok(reader.messages_since(at(0))) == 4);

    // Inside a snapshot, as the exports and watch read them.
    auto both = reader.snapshot([](StoreReader& r) -> Result<std::size_t> {
        auto o = r.outgoing_sms();
        if (!o) return o.error();
        auto c = r.outgoing_counts();
        if (!c) return c.error();
        return o->size() + c->size();
    });
    CHECK(ok(std::move(both)) == 6);
}
