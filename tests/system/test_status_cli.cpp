// smsgw status as an operator runs it: modems, message outcomes, replies, progress, estimates, last export.
#include "store_cli_fixture.hpp"

#include "daemon/store/schema.hpp"

#include <boost/json.hpp>

#include <regex>

using namespace store_cli;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

std::string r_values(int a, int b, int c, int x) {
    return "{\"A\":" + std::to_string(a) + ",\"B\":" + std::to_string(b) + ",\"C\":" + std::to_string(c) +
           ",\"X\":" + std::to_string(x) + ",\"T\":" + std::to_string(a + b + c + x) + "}";
}

Run status(const std::string& db, const char* extra = "") {
    std::vector<std::string> args{"status", "--db", db};
    if (*extra) args.push_back(extra);
    return run_smsgw(args);
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A gateway some way into election night: two modems, reports of every kind, replies sent and
// failed, an export.
void fill(Db& db) {
    const auto now = std::chrono::system_clock::now();
    store::ModemHealthRecord m1;
    m1.name = "modem-a";
    m1.imei = "356938035643809";
    m1.operator_name = "Beeline KZ";
    m1.network_state = "home";
    m1.state = "running";
    m1.signal_percent = 78;
    m1.battery_percent = 100;
    m1.last_seen = now - 5s;
    m1.sim_used = 12;
    m1.sim_size = 30;
    m1.phone_used = 0;
    m1.phone_size = 0;  // no phone memory: not shown
    m1.device = "/dev/ttyUSB0";
    REQUIRE(db.store.upsert_modem(m1).ok());
    store::ModemHealthRecord m2;
    m2.name = "modem-b";
    m2.state = "backing_off";
    m2.network_state = "unknown";
    m2.last_error = "ERR_TIMEOUT: no response from the phone";
    m2.last_seen = now - 10min;
    m2.sim_used = 25;
    m2.sim_size = 30;
    m2.phone_used = 91;
    m2.phone_size = 100;
    m2.device = "/dev/ttyUSB1";
    REQUIRE(db.store.upsert_modem(m2).ok());
    // Two records modem-b could not read, one of them seen twice: stored once.
    store::QuarantineRecord q;
    q.modem = "modem-b";
    q.imei = "356938035643810";
    q.location = 4;
    q.error = "ERR_CORRUPTED";
    q.reason = "libgammu cannot decode the record";
    q.pdu_hex = "0791";
    for (int i = 0; i < 2; ++i) REQUIRE(db.store.quarantine(q).ok());
    q.location = 5;
    q.error = "SIGSEGV";
    q.pdu_hex = "";
    REQUIRE(db.store.quarantine(q).ok());

    db.report("R", "01001", r_values(400, 300, 200, 10));
    db.report("R", "01002", r_values(350, 330, 250, 12), Status::warning);
    db.report("R", "02001", r_values(500, 300, 100, 20));
    db.report("R", "02006", r_values(300, 400, 50, 15), Status::accepted, "new", true, true);
    db.report("R", "02006", r_values(10, 700, 40, 15), Status::accepted, "conflict", true, true, "+77010000004");
    db.report("R", "01004", "{\"A\":1}", Status::rejected, "rejected", false);
    db.report("N", "02001", "{}", Status::accepted, "incident");

    auto replies = db.store.write([&](store::Transaction& tx) -> store::Result<int> {
        for (int i = 1; i <= 3; ++i)
            if (auto q = tx.enqueue_reply({std::nullopt, std::nullopt, "+7701000000" + std::to_string(i), "OK"}); !q)
                return q.error();
        auto claimed = tx.claim_replies(2);
        if (!claimed) return claimed.error();
        if (auto s = tx.mark_reply_sent(claimed->at(0).id, "modem-a", 12); !s) return s.error();
        if (auto f = tx.mark_reply_failed(claimed->at(1).id, "modem-b", "CMS ERROR 38: network out of order",
                                          store::RetryPolicy{.max_attempts = 1});
            !f)
            return f.error();
        auto e = tx.begin_export("/var/lib/smsgw/exports/smsgw-export-20260301T200000Z");
        if (!e) return e.error();
        if (auto f = tx.finish_export(*e, store::ExportStatus::ok, {"reports.csv", "estimates.csv"}, ""); !f)
            return f.error();
        return 0;
    });
    REQUIRE_MESSAGE(replies.ok(), (replies.ok() ? "" : replies.error().message));
}

}  // namespace

TEST_CASE("--help explains the command and documents the JSON shape") {
    TempDir tmp;
    Run r = run_smsgw({"status", "--help"});
    CHECK(r.status == 0);
    for (const char* word : {"smsgw status", "--db", "--json", "\"modems\"", "\"outcomes\"", "\"progress\"",
                             "\"estimates\"", "\"last_export\"", "\"recent_errors\"", "\"sms_storage\"",
                             "\"quarantined\"", "quarantined.csv"})
        CHECK_MESSAGE(has(r.out, word), word);
    Run none = run_smsgw({"status"});
    CHECK(none.status == 2);
    CHECK(has(none.err, "--db FILE is required"));
}

TEST_CASE("a missing database: exit 1 and a message") {
    TempDir tmp;
    Run r = status(tmp.file("nope.db"));
    CHECK(r.status == 1);
    CHECK(r.out.empty());
    CHECK(has(r.err, "smsgw status: "));
    CHECK(has(r.err, "nope.db: no such database"));
}

TEST_CASE("the text snapshot: modems, outcomes, replies, progress, national estimates, last export") {
    TempDir tmp;
    const std::string path = tmp.file("s.db");
    std::string version;
    {
        Db db(path);
        version = db.version;
        fill(db);
    }
    Run r = status(path);
    REQUIRE_MESSAGE(r.status == 0, r.err);
    CHECK(r.err.empty());
    const std::string& out = r.out;
    INFO(out);
    CHECK(has(out, "codebook  " + version + ", in use since "));
    CHECK(has(out, "modems (2)"));
    CHECK(has(out, "  modem-a      running      signal 78%   battery 100%  Beeline KZ     home       last seen "));
    CHECK(std::regex_search(out, std::regex("Beeline KZ +home +last seen [0-9]+s ago\n")));
    CHECK(has(out, " ago\n               SIM 12/30 40%   device /dev/ttyUSB0\n  modem-b "));
    CHECK(has(out, "  modem-b      backing_off  signal -     battery -     -              unknown    last seen 10m ago "
                   "(stale: no heartbeat)\n               SIM 25/30 83% FULL SOON   phone 91/100 91% FULL SOON   "
                   "device /dev/ttyUSB1\n               last error: ERR_TIMEOUT: no response from the phone\n"));
    CHECK(has(out, "from the phone\n  quarantined SIM records: 2 (see quarantined.csv in the export)\n\nmessages\n"));
    CHECK_FALSE(has(out, "\033["));  // no colours in a snapshot
    CHECK(has(out, "7 processed, 0 pending, 0 incomplete; 7 SMS parts (0 waiting for the rest)"));
    // All 7 were stored moments ago.
    CHECK(has(out, "arriving: 1.4/min over the last 5 min, 0.5/min over the last 15 min\n"));
    CHECK(has(out, "outcomes: new 4, conflict 1, incident 1, rejected 1"));
    CHECK(has(out, "reports: 5 accepted, 1 warning, 1 rejected; 6 current, 2 withheld in conflict"));
    CHECK(has(out, "counted: 3 results in the estimates"));
    CHECK(has(out, "1 sent, 1 queued (oldest queued "));
    CHECK(has(out, "0 sending, 1 failed"));
    CHECK(has(out, "to +77010000002: given up after 1 attempt via modem-b: CMS ERROR 38: network out of order"));
    // Sampled: 01001 01002 01004 01005 (North), 02001 02002 02003 02006 (Capital).
    CHECK(has(out, "  PL                           3/8      37.5%   5 missing\n"));
    CHECK(has(out, "    01 North                     2/4      50.0%   2 missing\n"));
    CHECK(has(out, "    02 Capital                   1/4      25.0%   3 missing\n"));
    CHECK(has(out, "  DM district 1                0/2       0.0%   2 missing\n"));
    CHECK(has(out, "estimates (national, 95% margins)\n  PL Party list: A "));
    CHECK(has(out, "; turnout "));
    CHECK(has(out, "(3/8 reported)"));
    CHECK(has(out, "last export\n  ok "));
    CHECK(has(out, "2 files, /var/lib/smsgw/exports/smsgw-export-20260301T200000Z"));
}

TEST_CASE("--json: the same content, and the estimates agree with smsgw estimate --json") {
    TempDir tmp;
    const std::string path = tmp.file("s.db");
    std::string version;
    {
        Db db(path);
        version = db.version;
        fill(db);
    }
    Run r = status(path, "--json");
    REQUIRE_MESSAGE(r.status == 0, r.err);
    REQUIRE(std::count(r.out.begin(), r.out.end(), '\n') == 1);
    const json::value root = json::parse(r.out);
    CHECK(root.at("database").at("schema_version").as_int64() == store::Schema::latest_version());
    CHECK(root.at("codebook").at("version").as_string() == version);
    CHECK(root.at("problems").as_array().empty());

    const auto& modems = root.at("modems").as_array();
    REQUIRE(modems.size() == 2);
    CHECK(modems[0].at("name").as_string() == "modem-a");
    CHECK(modems[0].at("signal_percent").as_int64() == 78);
    CHECK(modems[0].at("operator").as_string() == "Beeline KZ");
    CHECK(modems[0].at("last_seen_age_s").as_int64() >= 5);
    CHECK(modems[0].at("last_seen_age_s").as_int64() < 60);
    CHECK(modems[1].at("signal_percent").is_null());
    CHECK(modems[0].at("stale").as_bool() == false);
    CHECK(modems[1].at("stale").as_bool() == true);
    CHECK(root.at("rates").at("messages_last_5min").as_int64() == 7);
    CHECK(root.at("rates").at("per_minute_5min").as_double() == doctest::Approx(1.4));
    CHECK(root.at("outgoing").at("reply").at("sent").as_int64() == 1);
    CHECK(root.at("outgoing").at("reply").at("failed").as_int64() == 1);
    // Shares and margins are plain fractions in the text (SPEC.md section 7), never 4.8E-1.
    CHECK(std::regex_search(r.out, std::regex("\"share\":0\\.[0-9]+,\"margin95\":0\\.[0-9]+")));
    CHECK_FALSE(std::regex_search(r.out, std::regex("[0-9]E-?[0-9]")));
    CHECK(modems[1].at("last_error").as_string() == "ERR_TIMEOUT: no response from the phone");
    CHECK(modems[0].at("device").as_string() == "/dev/ttyUSB0");
    const auto& storage = modems[0].at("sms_storage").as_object();
    CHECK(storage.at("sim_used").as_int64() == 12);
    CHECK(storage.at("sim_size").as_int64() == 30);
    CHECK(storage.at("phone_used").as_int64() == 0);
    CHECK(storage.at("phone_size").as_int64() == 0);
    CHECK(modems[1].at("sms_storage").at("phone_used").as_int64() == 91);
    CHECK(root.at("quarantined").as_int64() == 2);

    CHECK(root.at("messages").at("processed").as_int64() == 7);
    CHECK(root.at("outcomes").at("new").as_int64() == 4);
    CHECK(root.at("outcomes").at("conflict").as_int64() == 1);
    CHECK(root.at("reports").at("accepted").as_int64() == 5);
    CHECK(root.at("reports").at("conflict").as_int64() == 2);
    CHECK(root.at("count").at("counted").as_int64() == 3);
    CHECK(root.at("count").at("conflicts").as_int64() == 2);

    const auto& replies = root.at("replies").as_object();
    CHECK(replies.at("sent").as_int64() == 1);
    CHECK(replies.at("queued").as_int64() == 1);
    CHECK(replies.at("failed").as_int64() == 1);
    CHECK(replies.at("oldest_queued").is_string());
    REQUIRE(replies.at("recent_errors").as_array().size() == 1);
    CHECK(replies.at("recent_errors").at(0).at("error").as_string() == "CMS ERROR 38: network out of order");
    CHECK(replies.at("recent_errors").at(0).at("status").as_string() == "failed");

    const auto& progress = root.at("progress").as_array();
    REQUIRE(!progress.empty());
    CHECK(progress[0].at("contest").as_string() == "PL");
    CHECK(progress[0].at("reported").as_int64() == 3);
    CHECK(progress[0].at("missing").as_int64() == 5);

    // The national estimates are exactly those of smsgw estimate --json.
    Run est = run_smsgw({"estimate", "--json", "--db", path});
    REQUIRE(est.status == 0);
    const auto& national = root.at("estimates").as_array();
    REQUIRE(national.size() == 1);
    CHECK(json::serialize(national[0]) == json::serialize(json::parse(est.out).at("contests").at(0)));

    const auto& exp = root.at("last_export").as_object();
    CHECK(exp.at("status").as_string() == "ok");
    CHECK(exp.at("files").as_array().size() == 2);
    CHECK(exp.at("finished_at").is_string());
}

TEST_CASE("before the daemon saved a codebook, status still shows what it can and says what is missing") {
    TempDir tmp;
    const std::string path = tmp.file("bare.db");
    { Db db(path, false); }
    Run text = status(path);
    REQUIRE_MESSAGE(text.status == 0, text.err);
    CHECK(has(text.out, "problem   the database has no codebook yet: start smsgw run once"));
    CHECK(has(text.out, "modems (0)\n  none has reported yet"));
    CHECK(has(text.out, "last export\n  none yet"));
    CHECK_FALSE(has(text.out, "estimates (national)"));
    Run j = status(path, "--json");
    REQUIRE(j.status == 0);
    const json::value root = json::parse(j.out);
    CHECK(root.at("codebook").is_null());
    CHECK(root.at("count").is_null());
    CHECK(root.at("progress").is_null());
    CHECK(root.at("estimates").is_null());
    CHECK(root.at("last_export").is_null());
    CHECK(root.at("problems").at(0).as_string() == "the database has no codebook yet: start smsgw run once");
    CHECK(root.at("quarantined").as_int64() == 0);
    CHECK_FALSE(has(text.out, "quarantined"));
}

TEST_CASE("a modem whose SMS storage is not known yet: nulls in JSON, no storage line in text") {
    TempDir tmp;
    const std::string path = tmp.file("unknown.db");
    {
        Db db(path);
        store::ModemHealthRecord m;
        m.name = "modem-c";
        m.state = "connecting";
        m.last_seen = std::chrono::system_clock::now();
        REQUIRE(db.store.upsert_modem(m).ok());
        m.name = "modem-d";
        m.state = "running";
        m.sim_used = 30;
        m.sim_size = 30;
        REQUIRE(db.store.upsert_modem(m).ok());
    }
    Run text = status(path);
    REQUIRE_MESSAGE(text.status == 0, text.err);
    INFO(text.out);
    CHECK(std::regex_search(text.out, std::regex("  modem-c +connecting .*last seen [0-9]+s ago\n  modem-d ")));
    CHECK(has(text.out, "\n               SIM 30/30 100% FULL\n"));
    Run j = status(path, "--json");
    REQUIRE(j.status == 0);
    const json::value root = json::parse(j.out);
    const auto& c = root.at("modems").at(0);
    CHECK(c.at("name").as_string() == "modem-c");
    CHECK(c.at("device").as_string() == "");
    for (const char* k : {"sim_used", "sim_size", "phone_used", "phone_size"})
        CHECK_MESSAGE(c.at("sms_storage").at(k).is_null(), k);
    CHECK(root.at("modems").at(1).at("sms_storage").at("sim_used").as_int64() == 30);
}
