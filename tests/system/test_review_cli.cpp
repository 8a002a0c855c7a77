// The operators' loop on a real database with the real binary: each decision changes the count exactly, once.
#include "../daemon/pipeline_rig.hpp"
#include "daemon/store/store_reader.hpp"
#include "tests/support/codebook_files.hpp"

#include <boost/json.hpp>
#include <sqlite3.h>

#include <array>
#include <cstdio>

#include <sys/wait.h>

using namespace smsgw;
using namespace smsgw::test;

namespace {

std::pair<int, std::string> run(const std::string& args) {
    std::string cmd = std::string(SMSGW_BINARY) + " " + args + " 2>&1";
    FILE* p = ::popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    std::string out;
    std::array<char, 4096> buf{};
    while (std::size_t n = std::fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
    int status = ::pclose(p);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

void save_tiny_codebook(Rig& rig) {
    const CodebookSources s = smsgw::test::codebook_sources(smsgw::test::tiny_codebook_dir());
    REQUIRE(rig.store->save_codebook("tiny@test", s).ok());
}

// The night so far: four sampled stations report the party list (4 of 8 reported) (01004's turnout trips the
// high-turnout warning), one report comes from a phone not in monitors.csv, one incident.
struct Night {
    Rig rig;
    std::string db;
    std::int64_t warning_id = 0, unregistered_id = 0, incident_id = 0;
    std::string warning_ref;

    Night() {
        rig.open();
        save_tiny_codebook(rig);
        rig.one("+77010000001", "R 01001 A500 B300 C100 X20 T920");
        rig.one("+77010000002", "R 01002 A400 B400 C100 X20 T920");
        auto w = rig.one("+77010000003", "R 01004 A100 B100 C80 X10 T290");
        REQUIRE(w.status == Status::warning);
        rig.one("+77010000006", "R 02001 A900 B500 C300 X50 T1750");
        auto u = rig.one("+77019990000", "R 02002 A800 B600 C200 X40 T1640");
        REQUIRE(u.disposition == Disposition::unregistered);
        auto n = rig.one("+77010000001", "N 01001 1 @ballot box opened early");
        REQUIRE(n.disposition == Disposition::incident);
        auto ids = rig.store->write([](store::Transaction& tx) { return tx.all_current_reports(); });
        REQUIRE(ids.ok());
        for (const auto& r : *ids) {
            if (r.record.station == "01004" && r.record.form == "R") warning_id = r.id, warning_ref = r.record.reference;
            if (r.record.form == "N") incident_id = r.id;
        }
        auto u_rows = rig.store->write([](store::Transaction& tx) { return tx.report_history("R", "02002"); });
        REQUIRE(u_rows.ok());
        REQUIRE(u_rows->size() == 1);
        unregistered_id = u_rows->front().id;
        rig.close();
        db = (rig.dir / "smsgw.db").string();
    }

    // What smsgw estimate says about the party list: how many sampled stations count.
    std::int64_t reported() {
        auto [rc, out] = run("estimate --db " + db + " --json");
        REQUIRE_MESSAGE(rc == 0, out);
        auto v = boost::json::parse(out);
        return v.at("contests").at(0).at("reported").as_int64();
    }
    // ... and the daemon's own count, rebuilt as at a restart.
    std::uint32_t daemon_reported() {
        rig.open();
        auto r = rig.pl().reported;
        rig.close();
        return r;
    }
    boost::json::value queue(const std::string& extra = "") {
        auto [rc, out] = run("queue --db " + db + " --json " + extra);
        REQUIRE_MESSAGE(rc == 0, out);
        return boost::json::parse(out);
    }
    std::int64_t audit_rows() {
        auto [rc, out] = run("audit --db " + db + " verify --json");
        REQUIRE_MESSAGE(rc == 0, out);
        return boost::json::parse(out).at("rows").as_int64();
    }
    std::pair<int, std::string> review(const std::string& args) { return run("review --db " + db + " " + args); }
};

std::int64_t kind_count(const boost::json::value& q, const char* kind) { return q.at("counts").at(kind).as_int64(); }

}  // namespace

TEST_CASE("the queue lists what needs a human, with the facts and the monitor's phone") {
    Night n;
    auto q = n.queue();
    CHECK(kind_count(q, "warning") == 1);
    CHECK(kind_count(q, "unregistered") == 1);
    CHECK(kind_count(q, "incident") == 1);
    const auto& items = q.at("items").as_array();
    REQUIRE(items.size() >= 3);
    // Most important kind first: the warning before the incident and the unregistered phone.
    CHECK(items[0].at("kind").as_string() == "warning");
    CHECK(items[0].at("report_id").as_int64() == n.warning_id);
    CHECK(items[0].at("reference").as_string() == "#" + n.warning_ref);
    CHECK(items[0].at("station").as_string() == "01004");
    CHECK(items[0].at("monitor_phone").as_string() == "+77010000003");
    CHECK(std::string(items[0].at("facts").as_string()).find("CHECK_WARNING") != std::string::npos);
    CHECK(items[0].at("last_call").is_null());
    auto only = n.queue("--kind incident");
    CHECK(only.at("items").as_array().size() == 1);
    // Silent sampled stations are items once they are due.
    auto silent = n.queue("--silent-after 00:00");
    CHECK(kind_count(silent, "silent") == 4);  // 01005, 02002 (its report did not count), 02003, 02006
}

TEST_CASE("verify a warning report: it still counts, leaves the queue, and twice changes nothing") {
    Night n;
    CHECK(n.reported() == 4);
    auto [rc, out] = n.review(std::to_string(n.warning_id) + " verify --by alice --reason 'called, turnout is right'");
    CHECK_MESSAGE(rc == 0, out);
    CHECK(n.reported() == 4);
    CHECK(kind_count(n.queue(), "warning") == 0);
    const auto rows = n.audit_rows();
    auto [rc2, out2] = n.review("'#" + n.warning_ref + "' verify --by alice");
    CHECK(rc2 == 0);
    CHECK_MESSAGE(out2.find("nothing changed") != std::string::npos, out2);
    CHECK(n.audit_rows() == rows);
}

TEST_CASE("reject a report: it stops counting; verify brings it back") {
    Night n;
    auto [rc, out] = n.review(std::to_string(n.warning_id) + " reject --by bob --reason 'monitor read the wrong form'");
    CHECK_MESSAGE(rc == 0, out);
    CHECK(n.reported() == 3);
    CHECK(n.daemon_reported() == 3);
    auto [rc2, out2] = n.review(std::to_string(n.warning_id) + " verify --by bob");
    CHECK_MESSAGE(rc2 == 0, out2);
    CHECK(n.reported() == 4);
    CHECK(n.daemon_reported() == 4);
}

TEST_CASE("quarantine a sampled station: out of the count until released; each twice is a no-op") {
    Night n;
    auto [rc, out] = n.review("station:01001 quarantine --by carol --reason 'monitor under pressure'");
    CHECK_MESSAGE(rc == 0, out);
    CHECK(n.reported() == 3);
    CHECK(n.daemon_reported() == 3);
    auto [st_rc, st_out] = run("status --db " + n.db + " --json");
    REQUIRE(st_rc == 0);
    CHECK(boost::json::parse(st_out).at("count").at("withheld").as_int64() == 1);
    const auto rows = n.audit_rows();
    auto [rc2, out2] = n.review("station:01001 quarantine --by carol");
    CHECK(rc2 == 0);
    CHECK_MESSAGE(out2.find("already") != std::string::npos, out2);
    CHECK(n.audit_rows() == rows);
    CHECK(n.reported() == 3);

    // A report's id names its station too.
    auto r1 = run("review --db " + n.db + " " + std::to_string(n.warning_id) + " quarantine --by carol");
    CHECK(r1.first == 0);
    CHECK(n.reported() == 2);
    auto [rc3, out3] = n.review("station:01001 release --by carol");
    CHECK_MESSAGE(rc3 == 0, out3);
    CHECK(n.reported() == 3);
    auto [rc4, out4] = n.review("station:01001 release --by carol");
    CHECK_MESSAGE(out4.find("already") != std::string::npos, out4);
    CHECK(n.reported() == 3);
}

TEST_CASE("a correction by phone becomes a new version (channel phone, the operator named) and counts") {
    Night n;
    auto before = run("estimate --db " + n.db + " --json");
    auto [rc, out] = n.review(std::to_string(n.warning_id) + " verify --set C=70 --set T=280 --by dave");
    CHECK_MESSAGE(rc == 0, out);
    CHECK(n.reported() == 4);
    auto after = run("estimate --db " + n.db + " --json");
    CHECK(before.second != after.second);  // the new values count, not the old ones
    {
        store::StoreReader r(n.db);
        auto history = r.report_history("R", "01004");
        REQUIRE(history.ok());
        REQUIRE(history->size() == 2);
        const auto& phone = history->back();
        CHECK(phone.record.channel == store::Channel::phone);
        CHECK(phone.record.operator_name == "dave");
        CHECK(phone.record.current);
        CHECK(phone.record.values_json.find("\"C\":70") != std::string::npos);
        CHECK(phone.record.status == Status::accepted);  // 280 <= 95% of 300: no warning now
        CHECK_FALSE(history->front().record.current);
    }
    // The same correction again: nothing new.
    auto [rc2, out2] = n.review(std::to_string(n.warning_id) + " verify --set C=70 --set T=280 --by dave");
    CHECK(rc2 == 1);  // the old version is superseded now: review the current one
    auto q = n.queue();
    CHECK(kind_count(q, "warning") == 0);
    // Values the validator refuses are refused, and nothing is stored.
    auto [rc3, out3] = n.review("station:01002 verify --set A=9999");
    CHECK(rc3 == 1);
    auto [rc4, out4] = run("review --db " + n.db + " " + std::to_string(n.unregistered_id) + " verify --set A=9999 --by dave");
    CHECK(rc4 == 1);
    CHECK_MESSAGE(out4.find("refused") != std::string::npos, out4);
    CHECK(n.reported() == 4);
}

TEST_CASE("a report from an unregistered phone counts once verified, entered for the station's monitor") {
    Night n;
    CHECK(n.reported() == 4);
    auto [rc, out] = n.review(std::to_string(n.unregistered_id) + " verify --by erin --reason 'borrowed phone'");
    CHECK_MESSAGE(rc == 0, out);
    CHECK(n.reported() == 5);
    CHECK(n.daemon_reported() == 5);
    CHECK(kind_count(n.queue(), "unregistered") == 0);
    auto [rc2, out2] = n.review(std::to_string(n.unregistered_id) + " verify --by erin");
    CHECK(rc2 == 0);
    CHECK_MESSAGE(out2.find("nothing changed") != std::string::npos, out2);
    CHECK(n.reported() == 5);
}

TEST_CASE("incidents are confirmed or escalated; a call is logged and the queue shows it") {
    Night n;
    auto [rc, out] = n.review(std::to_string(n.incident_id) + " escalate --by frank --reason 'to the lawyers'");
    CHECK_MESSAGE(rc == 0, out);
    CHECK(kind_count(n.queue(), "incident") == 0);
    auto [bad, bad_out] = n.review(std::to_string(n.warning_id) + " escalate");
    CHECK(bad == 1);
    auto [crc, cout_] = run("call --db " + n.db + " --station 01004 --outcome no-answer --by gina");
    CHECK_MESSAGE(crc == 0, cout_);
    auto q = n.queue("--kind warning");
    const auto& call = q.at("items").at(0).at("last_call");
    REQUIRE(call.is_object());
    CHECK(call.at("outcome").as_string() == "no-answer");
    CHECK(call.at("by").as_string() == "gina");
    // The call-back list shows the last attempt per silent station too.
    auto [c5, c5_out] = run("call --db " + n.db + " --station 01005 --outcome switched-off --by gina --note 'try at 22:00'");
    CHECK_MESSAGE(c5 == 0, c5_out);
    auto [cb_rc, cb_out] = run("callback --db " + n.db);
    CHECK(cb_rc == 0);
    CHECK_MESSAGE(cb_out.find("last call") != std::string::npos, cb_out);
    CHECK_MESSAGE(cb_out.find("switched-off by gina (try at 22:00)") != std::string::npos, cb_out);
    auto [brc, bout] = run("call --db " + n.db + " --station 99999 --outcome reached");
    CHECK(brc == 1);
}

TEST_CASE("every human action is in the audit trail, which verify checks and which names a tampered row") {
    Night n;
    n.review(std::to_string(n.warning_id) + " verify --by alice");
    n.review("station:01001 quarantine --by bob");
    run("call --db " + n.db + " --station 01004 --outcome reached --by bob");
    auto [lrc, list] = run("audit --db " + n.db + " list --json");
    REQUIRE(lrc == 0);
    const auto rows = boost::json::parse(list).at("rows").as_array();
    REQUIRE(rows.size() == 3);
    CHECK(rows[1].at("by").as_string() == "bob");
    CHECK(rows[1].at("verb").as_string() == "quarantine");
    auto [ok, ok_out] = run("audit --db " + n.db + " verify");
    CHECK_MESSAGE(ok == 0, ok_out);
    CHECK(run(std::string("--help")).second.find("audit") != std::string::npos);
    // Someone with the file and the sqlite3 shell undoes the quarantine behind the operators' backs.
    CHECK(n.reported() == 3);
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open(n.db.c_str(), &h) == SQLITE_OK);
    REQUIRE(sqlite3_exec(h, "DROP TRIGGER audit_append_only_delete; DELETE FROM audit WHERE id = 2;", nullptr, nullptr,
                         nullptr) == SQLITE_OK);
    sqlite3_close(h);
    // The count follows what the trail now says, and verify says the trail was tampered with, where.
    CHECK(n.reported() == 4);
    auto [bad, bad_out] = run("audit --db " + n.db + " verify");
    CHECK(bad == 1);
    CHECK_MESSAGE(bad_out.find("row 3: row 2 before it was deleted") != std::string::npos, bad_out);
}
