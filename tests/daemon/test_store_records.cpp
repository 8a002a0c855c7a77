// Report versions and flags, the reply outbox with backoff, modem health, exports and the event log.
#include "daemon/store/store.hpp"
#include "daemon/store/store_reader.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>

using namespace smsgw;
using namespace smsgw::store;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

using smsgw::test::TempDir;

const SystemTime t0 = SystemTime(std::chrono::seconds(1709280000));

// A store whose clock the test moves.
struct Fixture {
    TempDir dir;
    SystemTime now = t0;
    Store store{dir.file("r.db"), StoreOptions{.clock = [this] { return now; }}};

    std::int64_t message(const std::string& sender, const std::string& text) {
        ingest::Part p;
        p.modem = "m1";
        p.sender = sender;
        p.smsc_time = "2024-03-01T08:00:00";
        p.text = text;
        p.received_at = now;
        p.location = static_cast<int>(++parts);
        p.smsc_time += std::to_string(parts);
        auto r = store.write([&](Transaction& tx) -> Result<std::int64_t> {
            auto b = tx.store_parts(std::span(&p, 1));
            if (!b) return b.error();
            ingest::AssembledMessage m;
            m.modem = p.modem;
            m.sender = sender;
            m.text = text;
            m.received_at = now;
            m.part_ids = {b->stored.at(0).id};
            return tx.record_message(m);
        });
        REQUIRE(r.ok());
        return *r;
    }
    std::int64_t parts = 0;
};

ReportRecord report(std::int64_t message_id, const std::string& sender, const std::string& values) {
    ReportRecord r;
    r.message_id = message_id;
    r.form = "R";
    r.station = "01234";
    r.sender = sender;
    r.status = Status::accepted;
    r.disposition = "new";
    r.values_json = values;
    r.normalized = "R 01234 " + values;
    r.codebook_version = "tiny-1";
    r.reference = "AB" + std::to_string(message_id);
    r.current = true;
    return r;
}

}  // namespace

TEST_CASE("report versions: numbered per form and station, corrections supersede, history kept") {
    Fixture f;
    auto m1 = f.message("+77010000001", "R 01234 A312");
    auto m2 = f.message("+77010000001", "R 01234 A313");
    auto r = f.store.write([&](Transaction& tx) -> Result<std::int64_t> {
        auto v1 = tx.record_report(report(m1, "+77010000001", R"({"A":312})"));
        if (!v1) return v1.error();
        CHECK(v1->version == 1);
        CHECK(v1->record.created_at == t0);
        auto v2 = tx.record_report(report(m2, "+77010000001", R"({"A":313})"));
        if (!v2) return v2.error();
        CHECK(v2->version == 2);
        if (auto s = tx.supersede_report(v1->id, v2->id); !s) return s.error();
        auto current = tx.current_reports("R", "01234");
        if (!current) return current.error();
        REQUIRE(current->size() == 1);
        CHECK(current->front().id == v2->id);
        CHECK(current->front().record.values_json == R"({"A":313})");
        // Another station's numbering is its own.
        ReportRecord other = report(m2, "+77010000001", "{}");
        other.station = "09999";
        auto o = tx.record_report(other);
        if (!o) return o.error();
        CHECK(o->version == 1);
        return v1->id;
    });
    REQUIRE(r.ok());
    StoreReader reader(f.store.path());
    auto history = reader.report_history("R", "01234");
    REQUIRE(history.ok());
    REQUIRE(history->size() == 2);
    CHECK(history->at(0).superseded_by == history->at(1).id);
    CHECK_FALSE(history->at(0).record.current);
    CHECK(history->at(1).record.current);
    CHECK(history->at(1).record.codebook_version == "tiny-1");
    CHECK(reader.current_reports()->size() == 2);
    auto by_ref = reader.reports_by_reference("AB" + std::to_string(m2));
    REQUIRE(by_ref.ok());
    CHECK(by_ref->size() == 2);
    auto all = reader.reports(history->at(0).id, 0);
    REQUIRE(all.ok());
    CHECK(all->size() == 2);  // ids after the first
}

TEST_CASE("conflict flags and rejected versions are kept with their verdicts") {
    Fixture f;
    auto m1 = f.message("+77010000001", "R 01234 A312");
    auto m2 = f.message("+77010000002", "R 01234 A999");
    auto m3 = f.message("+77010000002", "R 01234 Q");
    auto r = f.store.write([&](Transaction& tx) -> Result<void> {
        auto a = tx.record_report(report(m1, "+77010000001", R"({"A":312})"));
        auto b = tx.record_report(report(m2, "+77010000002", R"({"A":999})"));
        if (!a || !b) return StoreError{0, "insert"};
        if (auto s = tx.set_report_conflict(a->id, true); !s) return s;
        if (auto s = tx.set_report_conflict(b->id, true); !s) return s;
        ReportRecord bad = report(m3, "+77010000002", "{}");
        bad.status = Status::rejected;
        bad.disposition = "rejected";
        bad.current = false;
        bad.errors_json = R"([{"code":"UNKNOWN_TAG","detail":"Q"}])";
        auto c = tx.record_report(bad);
        if (!c) return c.error();
        CHECK(c->version == 3);
        return {};
    });
    REQUIRE(r.ok());
    StoreReader reader(f.store.path());
    auto c = reader.counts();
    REQUIRE(c.ok());
    CHECK(c->reports_accepted == 2);
    CHECK(c->reports_rejected == 1);
    CHECK(c->reports_current == 2);
    CHECK(c->reports_conflict == 2);
    auto h = reader.report_history("R", "01234");
    REQUIRE(h.ok());
    CHECK(h->at(2).record.status == Status::rejected);
    CHECK(h->at(2).record.errors_json == R"([{"code":"UNKNOWN_TAG","detail":"Q"}])");
    CHECK(h->at(0).record.conflict);
}

TEST_CASE("foreign keys hold: a report needs its message") {
    Fixture f;
    auto r = f.store.write([&](Transaction& tx) { return tx.record_report(report(999, "+77010000001", "{}")); });
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == SQLITE_CONSTRAINT_FOREIGNKEY);
    CHECK(r.error().message.find("SQLITE_CONSTRAINT_FOREIGNKEY") != std::string::npos);
}

TEST_CASE("processing marks a message once, and the pending ones survive a reopen") {
    Fixture f;
    auto a = f.message("+77010000001", "one");
    auto b = f.message("+77010000002", "two");
    REQUIRE(f.store.write([&](Transaction& tx) { return tx.mark_processed(a); }).ok());
    CHECK_FALSE(f.store.write([&](Transaction& tx) { return tx.mark_processed(a); }).ok());
    Store reopened(f.store.path());
    auto pending = reopened.pending_messages();
    REQUIRE(pending.ok());
    REQUIRE(pending->size() == 1);
    CHECK(pending->front().id == b);
    CHECK(pending->front().message.text == "two");
    CHECK(pending->front().state == MessageState::pending);
}

TEST_CASE("the outbox: claim what is due, back off on failure, give up after the last attempt") {
    Fixture f;
    RetryPolicy policy{.first = 30s, .max = 100s, .max_attempts = 3};
    std::int64_t id = 0;
    REQUIRE(f.store
                .write([&](Transaction& tx) -> Result<void> {
                    auto r = tx.enqueue_reply({.destination = "+77010000001", .text = "OK R 01234 #AB12"});
                    if (!r) return r.error();
                    id = *r;
                    return {};
                })
                .ok());

    auto claim = [&] {
        auto r = f.store.write([&](Transaction& tx) { return tx.claim_replies(10); });
        REQUIRE(r.ok());
        return *r;
    };
    auto fail = [&] {
        auto r = f.store.write([&](Transaction& tx) { return tx.mark_reply_failed(id, "m1", "ERR_TIMEOUT", policy); });
        REQUIRE(r.ok());
        return *r;
    };

    auto c1 = claim();
    REQUIRE(c1.size() == 1);
    CHECK(c1[0].status == ReplyStatus::sending);
    CHECK(c1[0].attempts == 1);
    CHECK(claim().empty());  // already being sent
    CHECK(fail() == ReplyStatus::queued);
    auto due = f.store.write([&](Transaction& tx) { return tx.next_reply_due(); });
    REQUIRE((due.ok() && *due));
    CHECK(**due == t0 + 30s);
    f.now = t0 + 29s;
    CHECK(claim().empty());
    f.now = t0 + 30s;
    REQUIRE(claim().size() == 1);
    CHECK(fail() == ReplyStatus::queued);  // second failure: 60 s
    f.now = t0 + 89s;
    CHECK(claim().empty());
    f.now = t0 + 90s;
    auto c3 = claim();
    REQUIRE(c3.size() == 1);
    CHECK(c3[0].attempts == 3);
    CHECK(fail() == ReplyStatus::failed);
    f.now = t0 + 1h;
    CHECK(claim().empty());
    auto row = f.store.write([&](Transaction& tx) { return tx.reply(id); });
    REQUIRE((row.ok() && *row));
    CHECK((*row)->status == ReplyStatus::failed);
    CHECK((*row)->error == "ERR_TIMEOUT");
    CHECK((*row)->modem == "m1");
}

TEST_CASE("the outbox: the delay is capped, sends are recorded, interrupted sends are queued again") {
    Fixture f;
    RetryPolicy policy{.first = 30s, .max = 45s, .max_attempts = 10};
    std::vector<std::int64_t> ids;
    REQUIRE(f.store
                .write([&](Transaction& tx) -> Result<void> {
                    for (int i = 0; i < 3; ++i) {
                        auto r = tx.enqueue_reply({.destination = "+7701000000" + std::to_string(i), .text = "x"});
                        if (!r) return r.error();
                        ids.push_back(*r);
                    }
                    return {};
                })
                .ok());
    auto claimed = f.store.write([&](Transaction& tx) { return tx.claim_replies(2); });
    REQUIRE(claimed.ok());
    REQUIRE(claimed->size() == 2);
    CHECK(claimed->at(0).id == ids[0]);
    CHECK(claimed->at(1).id == ids[1]);
    REQUIRE(f.store.write([&](Transaction& tx) { return tx.mark_reply_sent(ids[0], "m2", 17); }).ok());
    CHECK_FALSE(f.store.write([&](Transaction& tx) { return tx.mark_reply_sent(ids[2], "m2", 18); }).ok());
    // ids[1] was being sent when the daemon stopped.
    auto requeued = f.store.write([&](Transaction& tx) { return tx.requeue_interrupted_replies(); });
    REQUIRE(requeued.ok());
    CHECK(*requeued == 1);
    auto again = f.store.write([&](Transaction& tx) { return tx.claim_replies(10); });
    REQUIRE(again.ok());
    CHECK(again->size() == 2);  // ids[1] (second attempt) and ids[2]
    for (int i = 0; i < 3; ++i)
        REQUIRE(f.store.write([&](Transaction& tx) { return tx.mark_reply_failed(ids[1], "m1", "x", policy); }).ok() ==
                (i == 0));
    REQUIRE(f.store.write([&](Transaction& tx) { return tx.claim_replies(10); }).ok());  // nothing due yet
    f.now += 44s;
    CHECK(f.store.write([&](Transaction& tx) { return tx.claim_replies(10); })->empty());
    f.now += 1s;  // attempts == 2 would be 60 s, capped at 45
    CHECK(f.store.write([&](Transaction& tx) { return tx.claim_replies(10); })->size() == 1);

    auto sent = f.store.write([&](Transaction& tx) { return tx.reply(ids[0]); });
    REQUIRE((sent.ok() && *sent));
    CHECK((*sent)->status == ReplyStatus::sent);
    CHECK((*sent)->message_reference == 17);
    CHECK((*sent)->modem == "m2");
    CHECK((*sent)->sent_at == t0);
}

TEST_CASE("the rate-limit count sees every reply to a destination within the window") {
    Fixture f;
    for (int i = 0; i < 4; ++i) {
        REQUIRE(
            f.store
                .write([&](Transaction& tx) { return tx.enqueue_reply({.destination = "+77010000001", .text = "r"}); })
                .ok());
        f.now += 20min;
    }
    REQUIRE(
        f.store.write([&](Transaction& tx) { return tx.enqueue_reply({.destination = "+77019999999", .text = "r"}); })
            .ok());
    auto n = f.store.write([&](Transaction& tx) { return tx.replies_since("+77010000001", f.now - 1h); });
    REQUIRE(n.ok());
    CHECK(*n == 3);  // created at +20, +40, +60 min; now is +80 min
}

TEST_CASE("modem health is upserted; exports and events are recorded for operators") {
    Fixture f;
    ModemHealthRecord m{.name = "kcell",
                        .imei = "1",
                        .imsi = "2",
                        .operator_name = "Kcell",
                        .network_state = "home",
                        .state = "running",
                        .signal_percent = 70,
                        .battery_percent = std::nullopt,
                        .last_error = "",
                        .last_seen = t0};
    REQUIRE(f.store.upsert_modem(m).ok());
    m.signal_percent = 40;
    m.state = "backing_off";
    m.last_error = "ERR_TIMEOUT";
    REQUIRE(f.store.upsert_modem(m).ok());
    REQUIRE(f.store.upsert_modem({.name = "beeline", .state = "connecting", .last_seen = t0}).ok());

    std::int64_t export_id = 0;
    REQUIRE(f.store
                .write([&](Transaction& tx) -> Result<void> {
                    auto e = tx.begin_export("/var/lib/smsgw/exports/20240301-0800");
                    if (!e) return e.error();
                    export_id = *e;
                    return tx.finish_export(export_id, ExportStatus::ok, {"reports.csv", "incidents.csv"}, "");
                })
                .ok());
    REQUIRE(f.store.append_event(EventLevel::warning, "modem", "kcell: signal 40%").ok());
    f.now += 1s;
    REQUIRE(f.store.append_event(EventLevel::info, "export", "export done").ok());

    StoreReader r(f.store.path());
    auto modems = r.modems();
    REQUIRE(modems.ok());
    REQUIRE(modems->size() == 2);
    CHECK(modems->at(0).name == "beeline");
    CHECK_FALSE(modems->at(0).signal_percent);
    CHECK(modems->at(1).signal_percent == 40);
    CHECK(modems->at(1).state == "backing_off");
    CHECK(modems->at(1).last_error == "ERR_TIMEOUT");
    CHECK_FALSE(modems->at(1).battery_percent);

    auto last = r.last_export();
    REQUIRE((last.ok() && *last));
    CHECK((*last)->id == export_id);
    CHECK((*last)->status == ExportStatus::ok);
    CHECK((*last)->files == std::vector<std::string>{"reports.csv", "incidents.csv"});
    CHECK((*last)->finished_at == t0);

    auto events = r.events_since(0, 0);
    REQUIRE(events.ok());
    REQUIRE(events->size() == 2);
    CHECK(events->at(0).level == EventLevel::warning);
    CHECK(events->at(0).text == "kcell: signal 40%");
    auto tail = r.events_since(events->at(0).id, 10);
    REQUIRE(tail.ok());
    REQUIRE(tail->size() == 1);
    CHECK(tail->at(0).at == t0 + 1s);
}
