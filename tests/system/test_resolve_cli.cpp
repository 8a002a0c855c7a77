// smsgw resolve settles a conflict in the database; the daemon's count follows after a rebuild.
#include "../daemon/pipeline_rig.hpp"
#include "tests/support/run_smsgw.hpp"

using namespace smsgw;
using namespace smsgw::test;

namespace {

// `smsgw ARGS`, stdout and stderr together.
std::pair<int, std::string> run(const std::vector<std::string>& args) {
    const Run r = run_smsgw_merged(args);
    return {r.status, r.out};
}

// The database carries the tiny codebook, as the daemon leaves it.
void save_tiny_codebook(Rig& rig) {
    const CodebookSources s = codebook_sources(tiny_codebook_dir());
    REQUIRE(rig.store->save_codebook("tiny@test", s).ok());
}

}  // namespace

TEST_CASE("smsgw resolve makes the chosen conflicting report count") {
    Rig rig;
    rig.open();
    save_tiny_codebook(rig);
    rig.one("+77010000004", "R 01004 A100 B100 C50 X5 T255");
    auto second = rig.one("+77010000005", "R 01004 A100 B100 C49 X5 T254");
    REQUIRE(second.disposition == Disposition::conflict);
    CHECK(rig.pl().reported == 0);
    auto cur = rig.store->write([](store::Transaction& tx) { return tx.current_reports("R", "01004"); });
    REQUIRE(cur->size() == 2);
    const auto keep = (*cur)[1].id;
    rig.close();

    const std::string db = (rig.dir / "smsgw.db").string();
    auto [rc, out] = run({"resolve", "--db", db, "--report", std::to_string(keep)});
    CHECK_MESSAGE(rc == 0, out);
    auto [bad_rc, bad_out] = run({"resolve", "--db", db, "--report", "999999"});
    CHECK(bad_rc == 1);
    CHECK(bad_out.find("999999") != std::string::npos);

    rig.open();
    CHECK(rig.pl().reported == 1);
    auto after = rig.store->write([](store::Transaction& tx) { return tx.current_reports("R", "01004"); });
    REQUIRE(after->size() == 1);
    CHECK((*after)[0].id == keep);
    CHECK_FALSE((*after)[0].record.conflict);
}

TEST_CASE("smsgw resolve takes the #REF a monitor quotes from their reply, as well as the id") {
    Rig rig;
    rig.open();
    save_tiny_codebook(rig);
    rig.one("+77010000004", "R 01004 A100 B100 C50 X5 T255");
    auto second = rig.one("+77010000005", "R 01004 A100 B100 C49 X5 T254");
    REQUIRE(second.disposition == Disposition::conflict);
    REQUIRE(second.reference.size() > 1);
    REQUIRE(second.reference[0] == '#');
    rig.close();

    const std::string db = (rig.dir / "smsgw.db").string();
    auto [bad_rc, bad_out] = run({"resolve", "--db", db, "--report", "#FFFFFF"});
    CHECK(bad_rc == 1);
    CHECK_MESSAGE(bad_out.find("no report has the reference #FFFFFF") != std::string::npos, bad_out);
    auto [junk_rc, junk_out] = run({"resolve", "--db", db, "--report", "R-12"});
    CHECK(junk_rc == 2);  // not an id or a reference at all: a usage error, said before the database is opened
    CHECK_MESSAGE(junk_out.find("--report must be a report id (digits) or a reference (#1A02), not 'R-12'") !=
                      std::string::npos,
                  junk_out);

    // As the monitor reads it out on the phone: lower case is fine too.
    std::string quoted = second.reference;
    for (char& c : quoted) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto [rc, out] = run({"resolve", "--db", db, "--report", quoted});
    CHECK_MESSAGE(rc == 0, out);

    rig.open();
    CHECK(rig.pl().reported == 1);
    auto after = rig.store->write([](store::Transaction& tx) { return tx.current_reports("R", "01004"); });
    REQUIRE(after->size() == 1);
    CHECK((*after)[0].record.reference == second.reference.substr(1));
    CHECK_FALSE((*after)[0].record.conflict);
}
