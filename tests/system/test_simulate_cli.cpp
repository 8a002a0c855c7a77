// smsgw simulate end to end: files in the dummy device, plan and truth files, and the plan replayed through the
// pipeline's report policy and the quick count, which must land exactly on the truth's sample estimate.
#include "codebooks/phone.hpp"
#include "codebooks/validator.hpp"
#include "daemon/codebook_io/codebook_dir.hpp"
#include "daemon/pipeline/report_policy.hpp"
#include "daemon/quickcount/quick_count.hpp"
#include "daemon/simulate/scenario_generator.hpp"
#include "daemon/simulate/truth_summary.hpp"
#include "parsers/parser.hpp"

#include "tests/support/files.hpp"
#include "tests/support/run_smsgw.hpp"
#include "tests/support/temp_dir.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace smsgw;
using namespace smsgw::test;

namespace {

const std::string kExample = std::string(SMSGW_SOURCE_DIR) + "/codebooks/example";

// `smsgw simulate ARGS...`: `common` then `more`.
Run simulate(std::vector<std::string> common, const std::vector<std::string>& more = {}) {
    common.insert(common.begin(), "simulate");
    common.insert(common.end(), more.begin(), more.end());
    return run_smsgw(common);
}

std::vector<json::object> read_plan(const fs::path& p) {
    std::vector<json::object> lines;
    std::ifstream in(p);
    for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line).as_object());
    return lines;
}

std::size_t files_in(const fs::path& dir) {
    std::size_t n = 0;
    if (fs::exists(dir))
        for (const auto& e : fs::directory_iterator(dir)) n += e.is_regular_file() && e.path().filename().string()[0] != '.';
    return n;
}

}  // namespace

TEST_CASE("--help describes the command and exits 0; a bad phase is a usage error") {
    TempDir tmp;
    const Run help = simulate({"--help"});
    CHECK(help.status == 0);
    CHECK(help.out.find("--device") != std::string::npos);
    CHECK(help.out.find("--report-fraction") != std::string::npos);
    const Run bad = simulate({"--codebook", kExample, "--phase", "lunch"});
    CHECK(bad.status == 2);
    CHECK(bad.err.find("--phase") != std::string::npos);
}

TEST_CASE("N messages become their SMS parts as files in the dummy devices, as the plan says") {
    TempDir tmp;
    const fs::path one = tmp.path / "modem1", two = tmp.path / "modem2";
    const std::vector<std::string> common{"--codebook", kExample, "--seed", "3", "--date", "20261129", "--count", "60", "--phase", "results"};
    const Run r = simulate(common, {"--device", one.string(), "--device", two.string(), "--plan", (tmp.path / "plan.jsonl").string(),
                                     "--truth", (tmp.path / "truth.json").string()});
    REQUIRE(r.status == 0);
    CHECK(r.out.find("60 messages") != std::string::npos);
    const auto plan = read_plan(tmp.path / "plan.jsonl");
    REQUIRE(plan.size() == 60);
    std::map<std::string, std::size_t> parts_by_device;
    std::set<int> offsets;  // local election-day time minus SMSC (UTC) time, in minutes
    for (const auto& m : plan) {
        CHECK(m.at("phase").as_string() == "results");
        parts_by_device[std::string(m.at("device").as_string())] += static_cast<std::size_t>(m.at("parts").as_int64());
        const std::string local(m.at("time").as_string()), smsc(m.at("smsc_time").as_string());
        REQUIRE(smsc.size() == 15);
        CHECK(smsc.substr(0, 9) == "20261129T");  // results come in the evening: still the same day in UTC
        offsets.insert(std::stoi(local.substr(0, 2)) * 60 + std::stoi(local.substr(3, 2)) -
                       (std::stoi(smsc.substr(9, 2)) * 60 + std::stoi(smsc.substr(11, 2))));
        CHECK(local.substr(6, 2) == smsc.substr(13, 2));
    }
    REQUIRE(offsets.size() == 1);  // one time zone offset, Asia/Almaty's
    CHECK(*offsets.begin() >= 4 * 60);
    CHECK(*offsets.begin() <= 6 * 60);
    CHECK(files_in(one / "sms" / "1") == parts_by_device[one.string()]);
    CHECK(files_in(two / "sms" / "1") == parts_by_device[two.string()]);
    CHECK(files_in(one / "sms" / "1") > 0);
    CHECK(files_in(two / "sms" / "1") > 0);

    const auto truth = json::parse(slurp(tmp.path / "truth.json")).as_object();
    const auto& pl = truth.at("contests").as_array().at(0).as_object();
    CHECK(pl.at("contest").as_string() == "PL");
    double sum = 0;
    for (const auto& o : pl.at("options").as_array()) sum += o.as_object().at("share").as_double();
    CHECK(sum == doctest::Approx(1.0));
}

TEST_CASE("the plan and truth files are deterministic for a seed; resends carry a later SMSC time") {
    TempDir tmp;
    const std::vector<std::string> common{"--codebook", kExample, "--seed", "9", "--date", "20261129"};
    const fs::path p1 = tmp.path / "p1", p2 = tmp.path / "p2", t1 = tmp.path / "t1", t2 = tmp.path / "t2";
    REQUIRE(simulate(common, {"--plan", p1.string(), "--truth", t1.string()}).status == 0);
    REQUIRE(simulate(common, {"--plan", p2.string(), "--truth", t2.string()}).status == 0);
    CHECK(slurp(p1) == slurp(p2));
    CHECK(slurp(t1) == slurp(t2));
    const auto plan = read_plan(p1);
    CHECK(plan.size() > 3000);
    std::map<std::pair<std::string, std::string>, std::string> last_time;  // (sender, text) -> SMSC time
    std::size_t resends = 0;
    for (const auto& m : plan) {
        const auto key = std::make_pair(std::string(m.at("sender").as_string()), std::string(m.at("text").as_string()));
        const std::string t(m.at("smsc_time").as_string());
        if (m.at("class").as_string() == "duplicate") {
            ++resends;
            REQUIRE(last_time.count(key) == 1);
            CHECK(t > last_time[key]);
        }
        last_time[key] = t;
    }
    CHECK(resends > 50);
}

// The pipeline's decisions (parse, validate, report policy, quick count) without the store.
TEST_CASE("replayed through the report policy and the quick count, the plan lands on the truth's sample estimate") {
    const LoadResult loaded = load_codebook_dir(kExample);
    REQUIRE(loaded.ok());
    const Codebook& cb = *loaded.codebook;
    const sim::Scenario sc = sim::generate_scenario(cb, 1);
    QuickCount qc(loaded.codebook);

    struct Version {
        std::int64_t id;
        std::string normalized, comment, sender;
        Status status;
        bool conflict;
    };
    std::map<std::pair<std::string, std::string>, std::vector<Version>> current;
    const std::map<sim::Outcome, Disposition> expected{
        {sim::Outcome::invalid, Disposition::rejected},        {sim::Outcome::duplicate, Disposition::duplicate},
        {sim::Outcome::superseded, Disposition::new_report},   {sim::Outcome::correction, Disposition::correction},
        {sim::Outcome::conflict, Disposition::conflict},       {sim::Outcome::resolution, Disposition::resolution},
        {sim::Outcome::unregistered, Disposition::unregistered}, {sim::Outcome::info, Disposition::unregistered}};
    std::int64_t next_id = 1;
    for (const auto& m : sc.messages) {
        CAPTURE(m.text);
        CAPTURE(sim::to_string(m.outcome));
        const Report report = parse_message(m.text, cb);
        const auto e164 = normalize_phone(m.sender, cb.election.phones);
        const Verdict v = validate(report, cb, Sender{m.sender, e164, false});
        const bool incident = v.form && v.form->kind == FormKind::incident;
        auto& versions = current[{report.form, report.station}];
        std::vector<EarlierReport> earlier;
        if (v.status != Status::rejected)
            for (const auto& ver : versions)
                earlier.push_back({ver.id, ver.normalized, ver.comment, ver.status, ver.conflict, ver.sender == m.sender});
        PolicyInput in;
        in.status = v.status;
        in.unregistered = std::any_of(v.errors.begin(), v.errors.end(),
                                      [](const Issue& i) { return i.code == Code::UNREGISTERED_SENDER; });
        in.kind = v.form ? v.form->kind : FormKind::results;
        in.assigned = v.monitor && v.station &&
                      std::find(v.monitor->stations.begin(), v.monitor->stations.end(), v.station->index) != v.monitor->stations.end();
        in.normalized = report.normalized;
        in.comment = report.comment;
        in.earlier = earlier;
        const PolicyDecision d = decide(in);

        if (auto it = expected.find(m.outcome); it != expected.end())
            CHECK(to_string(d.disposition) == to_string(it->second));
        else
            CHECK(to_string(d.disposition) == (incident ? "incident" : "new"));

        const std::int64_t id = next_id++;
        if (!incident)
            std::erase_if(versions, [&](const Version& ver) {
                return std::find(d.supersede.begin(), d.supersede.end(), ver.id) != d.supersede.end();
            });
        for (auto& ver : versions) {
            if (std::find(d.flag_conflict.begin(), d.flag_conflict.end(), ver.id) != d.flag_conflict.end()) ver.conflict = true;
            if (std::find(d.clear_conflict.begin(), d.clear_conflict.end(), ver.id) != d.clear_conflict.end()) ver.conflict = false;
        }
        if (d.current)
            versions.push_back({id, report.normalized, report.comment, m.sender, v.status, d.conflict});
        if (v.form && v.form->kind == FormKind::results && v.station) {
            if (d.count == PolicyDecision::Count::set) qc.set_result(v.station->index, report.form, report.values);
            if (d.count == PolicyDecision::Count::withdraw) qc.withdraw(v.station->index, report.form);
        }
    }

    const auto targets = sim::summarize_truth(cb, sc);
    const Estimates est = qc.estimate();
    REQUIRE(est.contests.size() == targets.size());
    for (std::size_t i = 0; i < targets.size(); ++i) {
        const auto& t = targets[i];
        const auto& e = est.contests[i];
        CAPTURE(t.contest);
        CAPTURE(t.district);
        REQUIRE(e.contest == t.contest);
        REQUIRE(e.district == t.district);
        CHECK(e.reported == t.reported);
        CHECK(e.sampled == t.sampled);
        REQUIRE(e.options.size() == t.sample.options.size());
        for (std::size_t k = 0; k < e.options.size(); ++k) {
            CHECK(e.options[k].tag == t.sample.options[k].tag);
            CHECK(e.options[k].estimate.share == doctest::Approx(t.sample.options[k].share).epsilon(1e-9));
        }
        CHECK(e.turnout.share == doctest::Approx(t.sample.turnout).epsilon(1e-9));
        CHECK(e.invalid.share == doctest::Approx(t.sample.invalid).epsilon(1e-9));
    }
}
