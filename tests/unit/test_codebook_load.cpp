// Codebook loading: the tiny codebook loads; each kind of mistake, made once, is reported at its file and line.
#include "codebooks/codebook_loader.hpp"
#include "tests/support/codebook_files.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>

using namespace smsgw;

namespace {

// The tiny codebook in memory, to be broken one thing at a time.
class Book {
public:
    Book() : s(smsgw::test::codebook_sources(smsgw::test::tiny_codebook_dir())) {}

    std::string& text(std::string_view file) {
        if (file == "election.toml") return s.election_toml;
        if (file == "stations.csv") return s.stations_csv;
        if (file == "monitors.csv") return s.monitors_csv;
        REQUIRE(file == "candidates.csv");
        return s.candidates_csv;
    }

    // Replaces the one occurrence of `from`.
    Book& edit(std::string_view file, std::string_view from, std::string_view to) {
        std::string& t = text(file);
        auto pos = t.find(from);
        REQUIRE_MESSAGE(pos != std::string::npos, "not found: " << from);
        REQUIRE_MESSAGE(t.find(from, pos + 1) == std::string::npos, "not unique: " << from);
        t.replace(pos, from.size(), to);
        return *this;
    }

    // The line on which the one occurrence of `needle` starts.
    int line(std::string_view file, std::string_view needle) {
        const std::string& t = text(file);
        auto pos = t.find(needle);
        REQUIRE_MESSAGE(pos != std::string::npos, "not found: " << needle);
        REQUIRE_MESSAGE(t.find(needle, pos + 1) == std::string::npos, "not unique: " << needle);
        return 1 + static_cast<int>(std::count(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
    }

    LoadResult load() const { return load_codebook(s); }

    CodebookSources s;
};

std::string dump(const LoadResult& r) {
    std::ostringstream out;
    for (const auto& d : r.diagnostics)
        out << d.file << ":" << d.line << ": " << (d.severity == Severity::warning ? "warning: " : "") << d.message << "\n";
    return out.str();
}

// tiny keeps its old {detail} reply texts on purpose (codebooks from before the facts still load),
// so it always has one {detail} warning per language; the counts below are of everything else.
bool about_detail(const Diagnostic& d) {
    return d.severity == Severity::warning && d.message.find("uses {detail}") != std::string::npos;
}
std::size_t others(const LoadResult& r) {
    return static_cast<std::size_t>(std::count_if(r.diagnostics.begin(), r.diagnostics.end(),
                                                  [](const Diagnostic& d) { return !about_detail(d); }));
}
std::size_t other_warnings(const LoadResult& r) {
    return r.warning_count() - (r.diagnostics.size() - others(r));
}

bool has(const LoadResult& r, std::string_view file, int line, std::string_view text, Severity sev) {
    return std::any_of(r.diagnostics.begin(), r.diagnostics.end(), [&](const Diagnostic& d) {
        return d.file == file && d.line == line && d.severity == sev && d.message.find(text) != std::string::npos;
    });
}

}  // namespace

// An error at FILE:LINE whose message contains TEXT; the codebook is refused.
#define CHECK_ERROR(r, file, line, text)                                        \
    do {                                                                        \
        CHECK_MESSAGE(has(r, file, line, text, Severity::error), dump(r));      \
        CHECK_FALSE((r).ok());                                                  \
    } while (0)

// A warning at FILE:LINE; warnings alone do not refuse the codebook.
#define CHECK_WARNING_AT(r, file, line, text) CHECK_MESSAGE(has(r, file, line, text, Severity::warning), dump(r))

TEST_CASE("the tiny codebook loads cleanly") {
    auto r = Book().load();
    REQUIRE_MESSAGE(r.ok(), dump(r));
    CHECK_MESSAGE(others(r) == 0, dump(r));
    // the {detail} warning: one per language, naming the texts
    CHECK_MESSAGE(r.diagnostics.size() == 3, dump(r));
    CHECK_WARNING_AT(r, "election.toml", Book().line("election.toml", "UNKNOWN_FORM = \"unknown form {detail}\""),
                     "[replies.en] uses {detail}, the operators' English detail, in UNKNOWN_FORM, BAD_STATION");
    const Codebook& cb = *r.codebook;
    CHECK(cb.election.id == "tiny-2026");
    CHECK(cb.election.station_code_width == 5);
    CHECK(cb.election.languages == std::vector<std::string>{"en", "ru", "kk"});
    CHECK(cb.election.phones.trunk_prefix == "8");
    CHECK(cb.regions.size() == 2);
    CHECK(cb.districts.size() == 3);
    CHECK(cb.strata.size() == 3);
    CHECK(cb.stations.size() == 12);
    CHECK(cb.monitors.size() == 7);
    CHECK(cb.forms.size() == 4);
    CHECK(cb.contests.size() == 2);
    CHECK(cb.candidates.size() == 7);

    const Station* s = cb.find_station("01001");
    REQUIRE(s);
    CHECK(s->name == "School No. 1, North");
    CHECK(s->district == 1);
    CHECK(s->registered == 1200);
    CHECK(s->sampled);
    CHECK(s->line == 2);
    CHECK(cb.find_station("02005")->name == "Школа №14");
    CHECK(cb.find_stratum("01R")->frame_size == 3);
    CHECK(cb.find_stratum("01R")->sampled == 2);

    const Monitor* m = cb.find_monitor("+77010000003");  // written "+7 701 000 00 03"
    REQUIRE(m);
    CHECK(m->language == "kk");
    CHECK(m->stations == std::vector<std::uint32_t>{cb.find_station("01004")->index});
    CHECK(cb.find_monitor("+77010000002"));  // written 87010000002
    CHECK(cb.find_monitor("+77010000006"));  // written 77010000006
    CHECK(cb.find_monitor("+77010000004")->districts == std::vector<int>{2});
    CHECK(cb.find_monitor("+77010000005")->any_station);

    const Form* f = cb.find_form("R");
    REQUIRE(f);
    CHECK(f->kind == FormKind::results);
    CHECK(f->contest == "PL");
    CHECK(f->option_tags == std::vector<std::string>{"A", "B", "C"});
    CHECK(f->invalid_tag == "X");
    CHECK(f->cast_tag == "T");
    REQUIRE(f->checks.size() == 3);
    CHECK(f->checks[2].severity == Severity::warning);
    CHECK(f->checks[0].expr.uses_options());
    CHECK(cb.find_form("D")->options_from_candidates);
    const Form* setup = cb.find_form("S");
    CHECK(setup->fields[2].choices == std::vector<int>{1, 2, 3});
    CHECK_FALSE(setup->fields[3].required);
    CHECK(setup->fields[4].max == 20);
    CHECK(cb.find_form("N")->find_incident(12)->label == "Pressure on voters");
    CHECK(cb.find_contest("PL")->form == "R");
    CHECK(cb.find_contest("DM")->form == "D");
    CHECK(cb.find_contest("DM")->districts == std::vector<int>{1, 3});
    CHECK(cb.candidates_in(3).size() == 3);
    CHECK(cb.replies.size() == 3);
    CHECK(cb.replies_for("ru").errors.at("UNKNOWN_STATION") == "нет участка {station}");
}

TEST_CASE("CRLF line ends and byte-order marks in every file") {
    Book b;
    for (auto file : {"election.toml", "stations.csv", "monitors.csv", "candidates.csv"}) {
        std::string& t = b.text(file);
        std::string crlf = "\xEF\xBB\xBF";
        for (char c : t) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
        t = crlf;
    }
    auto r = b.load();
    REQUIRE_MESSAGE(r.ok(), dump(r));
    CHECK(r.codebook->stations.size() == 12);
    CHECK(r.codebook->stations[0].code == "01001");
    CHECK(r.codebook->monitors.size() == 7);
}

TEST_CASE("a quoted name spanning lines keeps the following lines' numbers right") {
    Book b;
    b.edit("stations.csv", "01002,School No. 2,", "01002,\"School\nNo. 2\",");
    b.edit("stations.csv", "01003,Library", "01001,Library");
    auto r = b.load();
    CHECK_ERROR(r, "stations.csv", 5, "duplicate station code 01001 (first on line 2)");
}

TEST_CASE("missing files") {
    SUBCASE("election.toml, without a cascade of reference errors") {
        Book b;
        b.s.has_election = false;
        auto r = b.load();
        CHECK_ERROR(r, "election.toml", 0, "missing file");
        CHECK_MESSAGE(others(r) == 1, dump(r));
    }
    SUBCASE("stations.csv") {
        Book b;
        b.s.has_stations = false;
        auto r = b.load();
        CHECK_ERROR(r, "stations.csv", 0, "missing file");
        CHECK_MESSAGE(others(r) == 1, dump(r));
    }
    SUBCASE("monitors.csv") {
        Book b;
        b.s.has_monitors = false;
        CHECK_ERROR(b.load(), "monitors.csv", 0, "missing file");
    }
    SUBCASE("candidates.csv when a form takes candidates") {
        Book b;
        b.s.has_candidates = false;
        CHECK_ERROR(b.load(), "candidates.csv", 0, "missing file");
    }
}

TEST_CASE("stations.csv errors") {
    Book b;
    SUBCASE("duplicate code names the first line") {
        b.edit("stations.csv", "01003,Library", "01002,Library");
        CHECK_ERROR(b.load(), "stations.csv", 4, "duplicate station code 01002 (first on line 3)");
    }
    SUBCASE("wrong code width") {
        b.edit("stations.csv", "01003,Library", "1003,Library");
        auto r = b.load();
        CHECK_ERROR(r, "stations.csv", 4, "station code '1003' has 4 digits, expected 5");
        // The monitor of 01003 now points at a station that does not exist.
        CHECK_ERROR(r, "monitors.csv", 3, "unknown station '01003'");
    }
    SUBCASE("non-digit code") {
        b.edit("stations.csv", "01003,Library", "01A03,Library");
        CHECK_ERROR(b.load(), "stations.csv", 4, "station code '01A03' must be digits only");
    }
    SUBCASE("unknown region") {
        b.edit("stations.csv", "01003,Library,01,", "01003,Library,03,");
        CHECK_ERROR(b.load(), "stations.csv", 4, "unknown region '03'");
    }
    SUBCASE("region with its leading zero lost") {
        b.edit("stations.csv", "01003,Library,01,", "01003,Library,1,");
        CHECK_ERROR(b.load(), "stations.csv", 4, "unknown region '1' (did you mean '01'?");
    }
    SUBCASE("unknown district") {
        b.edit("stations.csv", "01003,Library,01,1,", "01003,Library,01,9,");
        CHECK_ERROR(b.load(), "stations.csv", 4, "unknown district 9");
    }
    SUBCASE("district not a number") {
        b.edit("stations.csv", "01003,Library,01,1,", "01003,Library,01,one,");
        CHECK_ERROR(b.load(), "stations.csv", 4, "district 'one' is not a district number");
    }
    SUBCASE("district in another region") {
        b.edit("stations.csv", "01003,Library,01,1,", "01003,Library,01,3,");
        CHECK_ERROR(b.load(), "stations.csv", 4, "district 3 is in region '02', not in the station's region '01'");
    }
    SUBCASE("unknown stratum") {
        b.edit("stations.csv", "900,01U,0", "900,09U,0");
        CHECK_ERROR(b.load(), "stations.csv", 4, "unknown stratum '09U'");
    }
    SUBCASE("stratum in another region") {
        b.edit("stations.csv", "900,01U,0", "900,02U,0");
        CHECK_ERROR(b.load(), "stations.csv", 4, "stratum '02U' is in region '02', not in the station's region '01'");
    }
    SUBCASE("registered zero, negative, not a number") {
        b.edit("stations.csv", "900,01U,0", "0,01U,0");
        b.edit("stations.csv", "1600,02U", "-5,02U");
        b.edit("stations.csv", "1500,02U", "1 500,02U");
        auto r = b.load();
        CHECK_ERROR(r, "stations.csv", 4, "registered must be a whole number above 0, not '0'");
        CHECK_ERROR(r, "stations.csv", 12, "registered must be a whole number above 0, not '-5'");
        CHECK_ERROR(r, "stations.csv", 13, "not '1 500'");
    }
    SUBCASE("sampled other than 0 or 1") {
        b.edit("stations.csv", "900,01U,0", "900,01U,yes");
        CHECK_ERROR(b.load(), "stations.csv", 4, "sampled must be 0 or 1, not 'yes'");
    }
    SUBCASE("empty name") {
        b.edit("stations.csv", "01003,Library,", "01003,,");
        CHECK_ERROR(b.load(), "stations.csv", 4, "empty station name");
    }
    SUBCASE("wrong field count") {
        b.edit("stations.csv", "900,01U,0", "900,01U,0,extra");
        CHECK_ERROR(b.load(), "stations.csv", 4, "8 fields, expected 7");
    }
    SUBCASE("stray quote") {
        b.edit("stations.csv", "01003,Library", "01003,Lib\"rary");
        CHECK_ERROR(b.load(), "stations.csv", 4, "stray quote in column 2");
    }
    SUBCASE("header with a misspelt column") {
        b.edit("stations.csv", "registered,stratum", "registered,strata");
        auto r = b.load();
        CHECK_ERROR(r, "stations.csv", 1, "missing column 'stratum'");
        CHECK_ERROR(r, "stations.csv", 1, "unexpected column 'strata'");
    }
    SUBCASE("saved with ';' separators") {
        std::string& t = b.text("stations.csv");
        std::replace(t.begin(), t.end(), ',', ';');
        CHECK_ERROR(b.load(), "stations.csv", 1, "separated by ';'");
    }
    SUBCASE("legacy code page") {
        b.edit("stations.csv", "01003,Library", "01003,Libr\xE0ry");
        CHECK_ERROR(b.load(), "stations.csv", 4, "not valid UTF-8");
    }
    SUBCASE("header only") {
        b.text("stations.csv") = "code,name,region,district,registered,stratum,sampled\n";
        CHECK_ERROR(b.load(), "stations.csv", 1, "no stations");
    }
}

TEST_CASE("monitors.csv errors") {
    Book b;
    SUBCASE("unknown station") {
        b.edit("monitors.csv", "01001,en", "01009,en");
        CHECK_ERROR(b.load(), "monitors.csv", 2, "unknown station '01009'");
    }
    SUBCASE("stations separated by commas or spaces") {
        b.edit("monitors.csv", "01002;01003", "\"01002,01003\"");
        b.edit("monitors.csv", "Monitor Seven,02002,", "Monitor Seven,02002 02001,");
        auto r = b.load();
        CHECK_ERROR(r, "monitors.csv", 3, "unknown station '01002,01003' (separate stations with ';')");
        CHECK_ERROR(r, "monitors.csv", 8, "unknown station '02002 02001' (separate stations with ';')");
    }
    SUBCASE("station code with its leading zero lost") {
        b.edit("monitors.csv", "01001,en", "1001,en");
        CHECK_ERROR(b.load(), "monitors.csv", 2, "unknown station '1001' (station codes have 5 digits)");
    }
    SUBCASE("unknown district") {
        b.edit("monitors.csv", "district:2", "district:7");
        CHECK_ERROR(b.load(), "monitors.csv", 5, "unknown district 7");
    }
    SUBCASE("district:NN without a number") {
        b.edit("monitors.csv", "district:2", "district:two");
        CHECK_ERROR(b.load(), "monitors.csv", 5, "'district:two' is not district:NN");
    }
    SUBCASE("invalid phone") {
        b.edit("monitors.csv", "77010000006", "770100006");
        CHECK_ERROR(b.load(), "monitors.csv", 7, "invalid phone '770100006'");
    }
    SUBCASE("phone mangled by a spreadsheet") {
        b.edit("monitors.csv", "77010000006", "7.70100E+10");
        CHECK_ERROR(b.load(), "monitors.csv", 7, "keep the column as text");
    }
    SUBCASE("duplicate phone after normalization") {
        b.edit("monitors.csv", "+77010000007", "8 701 000 00 01");
        CHECK_ERROR(b.load(), "monitors.csv", 8, "duplicate phone +77010000001 (first on line 2)");
    }
    SUBCASE("unknown language") {
        b.edit("monitors.csv", "Monitor Seven,02002,ru", "Monitor Seven,02002,de");
        CHECK_ERROR(b.load(), "monitors.csv", 8, "unknown language 'de'");
    }
    SUBCASE("no stations") {
        b.edit("monitors.csv", "Monitor Seven,02002,ru", "Monitor Seven,,ru");
        CHECK_ERROR(b.load(), "monitors.csv", 8, "no stations assigned");
    }
    SUBCASE("* with other stations") {
        b.edit("monitors.csv", "Coordinator,*,", "Coordinator,*;01001,");
        CHECK_ERROR(b.load(), "monitors.csv", 6, "'*' already means every station");
    }
    SUBCASE("empty name") {
        b.edit("monitors.csv", "Monitor Seven", "");
        CHECK_ERROR(b.load(), "monitors.csv", 8, "empty monitor name");
    }
}

TEST_CASE("candidates.csv errors") {
    Book b;
    SUBCASE("unknown district") {
        b.edit("candidates.csv", "2,B,Candidate Delta", "5,B,Candidate Delta");
        CHECK_ERROR(b.load(), "candidates.csv", 5, "candidate for unknown district 5");
    }
    SUBCASE("tag that is not a field of the candidates form") {
        b.edit("candidates.csv", "3,C,", "3,Q,");
        CHECK_ERROR(b.load(), "candidates.csv", 8, "candidate tag 'Q' is not a field of form 'D'");
    }
    SUBCASE("tag that is the cast tag") {
        b.edit("candidates.csv", "3,C,", "3,T,");
        CHECK_ERROR(b.load(), "candidates.csv", 8, "candidate tag 'T' is the cast tag of form 'D'");
    }
    SUBCASE("duplicate tag in a district") {
        b.edit("candidates.csv", "2,B,Candidate Delta", "2,A,Candidate Delta");
        CHECK_ERROR(b.load(), "candidates.csv", 5, "duplicate candidate tag 'A' in district 2 (first on line 4)");
    }
    SUBCASE("a quick-count district without candidates") {
        b.edit("candidates.csv", "1,A,Candidate Alpha,Party A\n1,B,Candidate Beta,Party B\n", "");
        int contest = b.line("election.toml", "id = \"DM\"") - 1;
        CHECK_ERROR(b.load(), "election.toml", contest, "district 1 of contest 'DM' has no candidates");
    }
}

TEST_CASE("election.toml errors") {
    Book b;
    const std::string toml = "election.toml";
    SUBCASE("TOML syntax error with its line") {
        b.edit(toml, "name = \"Tiny test election\"", "name = \"Tiny test election");
        auto r = b.load();
        CHECK_ERROR(r, toml, 4, "TOML syntax error");
    }
    SUBCASE("missing required key") {
        b.edit(toml, "timezone = \"Asia/Almaty\"\n", "");
        CHECK_ERROR(b.load(), toml, b.line(toml, "[election]"), "missing required key 'timezone' in [election]");
    }
    SUBCASE("misspelt key") {
        b.edit(toml, "  required = false", "  requried = false");
        CHECK_ERROR(b.load(), toml, b.line(toml, "requried"), "unknown key 'requried' in field 'D' of form 'S'");
    }
    SUBCASE("wrong type") {
        b.edit(toml, "station_code_width = 5", "station_code_width = \"5\"");
        CHECK_ERROR(b.load(), toml, b.line(toml, "station_code_width"), "must be a whole number (without quotes)");
    }
    SUBCASE("bad timezone") {
        b.edit(toml, "timezone = \"Asia/Almaty\"", "timezone = \"UTC+6\"");
        CHECK_ERROR(b.load(), toml, b.line(toml, "timezone"), "not an IANA time zone");
    }
    SUBCASE("unknown language in languages") {
        b.edit(toml, "languages = [\"en\", \"ru\", \"kk\"]", "languages = [\"en\", \"ru\", \"kk\", \"de\"]");
        CHECK_ERROR(b.load(), toml, b.line(toml, "languages ="), "unknown language 'de'");
    }
    SUBCASE("default_language not in languages") {
        b.edit(toml, "default_language = \"en\"", "default_language = \"de\"");
        CHECK_ERROR(b.load(), toml, b.line(toml, "default_language"), "default_language 'de' is not in languages");
    }
    SUBCASE("a language without replies") {
        std::string& t = b.text(toml);
        t.erase(t.find("[replies.kk]"));
        CHECK_ERROR(b.load(), toml, b.line(toml, "languages ="), "language 'kk' has no [replies.kk] table");
    }
    SUBCASE("duplicate tag in a form") {
        b.edit(toml, "tag = \"B\"\n  label = \"Opened on time\"", "tag = \"A\"\n  label = \"Opened on time\"");
        int first = b.line(toml, "tag = \"A\"\n  label = \"Arrival time\"") - 1;
        CHECK_ERROR(b.load(), toml, b.line(toml, "tag = \"A\"\n  label = \"Opened on time\""),
                    "duplicate tag 'A' in form 'S' (first on line " + std::to_string(first) + ")");
    }
    SUBCASE("check referring to an unknown tag") {
        b.edit(toml, "expr = \"T <= station.registered\"", "expr = \"T <= Q + station.registered\"");
        CHECK_ERROR(b.load(), toml, b.line(toml, "T <= Q"), "check 'cast_registered' column 6: unknown tag 'Q'");
    }
    SUBCASE("check that is not a condition") {
        b.edit(toml, "expr = \"T <= station.registered\"", "expr = \"T - station.registered\"");
        CHECK_ERROR(b.load(), toml, b.line(toml, "T - station"), "is not a condition");
    }
    SUBCASE("sum(options) on a form that is not a results form") {
        b.edit(toml, "  min = 0\n  max = 20\n",
               "  min = 0\n  max = 20\n\n  [[forms.checks]]\n  id = \"opts\"\n  expr = \"sum(options) > 0\"\n");
        CHECK_ERROR(b.load(), toml, b.line(toml, "sum(options) > 0"), "check 'opts' column 1: sum(options)");
    }
    SUBCASE("results form without contest") {
        b.edit(toml, "contest = \"PL\"\n", "");
        auto r = b.load();
        CHECK_ERROR(r, toml, b.line(toml, "code = \"R\"") - 1, "missing required key 'contest' in form 'R'");
        CHECK_ERROR(r, toml, b.line(toml, "id = \"PL\"") - 1, "contest 'PL' has no results form");
    }
    SUBCASE("results form with an unknown contest") {
        b.edit(toml, "contest = \"PL\"", "contest = \"XX\"");
        CHECK_ERROR(b.load(), toml, b.line(toml, "contest = \"XX\""), "unknown contest 'XX'");
    }
    SUBCASE("results form without invalid or cast") {
        b.edit(toml, "options = [\"A\", \"B\", \"C\"]\ninvalid = \"X\"\ncast = \"T\"\n", "options = [\"A\", \"B\", \"C\"]\n");
        auto r = b.load();
        int form = b.line(toml, "code = \"R\"") - 1;
        CHECK_ERROR(r, toml, form, "missing required key 'invalid' in form 'R'");
        CHECK_ERROR(r, toml, form, "missing required key 'cast' in form 'R'");
    }
    SUBCASE("option that is not a field") {
        b.edit(toml, "options = [\"A\", \"B\", \"C\"]", "options = [\"A\", \"B\", \"Z\"]");
        CHECK_ERROR(b.load(), toml, b.line(toml, "options = [\"A\""), "option 'Z' of form 'R' is not a field of the form");
    }
    SUBCASE("two forms feeding one contest") {
        b.edit(toml, "contest = \"DM\"", "contest = \"PL\"");
        auto r = b.load();
        CHECK_ERROR(r, toml, b.line(toml, "options = \"candidates\"") - 1, "contest 'PL' is already fed by form 'R'");
        CHECK_ERROR(r, toml, b.line(toml, "id = \"DM\"") - 1, "contest 'DM' has no results form");
    }
    SUBCASE("contest without forms") {
        b.edit(toml, "[[contests]]\nid = \"PL\"",
               "[[contests]]\nid = \"REF\"\nname = \"Referendum\"\nscope = \"national\"\n\n[[contests]]\nid = \"PL\"");
        CHECK_ERROR(b.load(), toml, b.line(toml, "id = \"REF\"") - 1, "contest 'REF' has no results form");
    }
    SUBCASE("bad field kind and bad form kind") {
        b.edit(toml, "kind = \"yesno\"", "kind = \"boolean\"");
        b.edit(toml, "kind = \"checklist\"", "kind = \"survey\"");
        auto r = b.load();
        CHECK_ERROR(r, toml, b.line(toml, "\"boolean\""), "field kind 'boolean' is not one of");
        CHECK_ERROR(r, toml, b.line(toml, "\"survey\""), "form kind 'survey' is not one of");
    }
    SUBCASE("choices outside 0-9") {
        b.edit(toml, "choices = [1, 2, 3]\n", "choices = [1, 2, 13]\n");
        CHECK_ERROR(b.load(), toml, b.line(toml, "choices = [1, 2, 13]"), "must be single digits 0-9");
    }
    SUBCASE("0 is not a multi choice: D105 would lose it") {
        b.edit(toml, "choices = [1, 2, 3, 4, 5]\n", "choices = [0, 2, 3, 4, 5]\n");
        CHECK_ERROR(b.load(), toml, b.line(toml, "choices = [0, 2, 3, 4, 5]"), "must be digits 1-9");
    }
    SUBCASE("choice field without choices") {
        b.edit(toml, "  choices = [1, 2, 3]\n", "");
        CHECK_ERROR(b.load(), toml, b.line(toml, "label = \"Ballot box condition\"") - 2, "missing required key 'choices'");
    }
    SUBCASE("min greater than max") {
        b.edit(toml, "  min = 0\n  max = 20", "  min = 30\n  max = 20");
        CHECK_ERROR(b.load(), toml, b.line(toml, "min = 30"), "min 30 is greater than max 20");
    }
    SUBCASE("duplicate form code") {
        int first = b.line(toml, "code = \"S\"") - 1;
        b.edit(toml, "code = \"N\"", "code = \"S\"");
        CHECK_ERROR(b.load(), toml, b.line(toml, "name = \"Incident\"") - 1,
                    "duplicate form code 'S' (first on line " + std::to_string(first) + ")");
    }
    SUBCASE("district in an unknown region; duplicate district number") {
        int first = b.line(toml, "number = 1") - 1;
        b.edit(toml, "number = 2\nname = \"North-2\"\nregion = \"01\"", "number = 1\nname = \"North-2\"\nregion = \"07\"");
        auto r = b.load();
        CHECK_ERROR(r, toml, b.line(toml, "region = \"07\""), "unknown region '07'");
        CHECK_ERROR(r, toml, b.line(toml, "name = \"North-2\"") - 1,
                    "duplicate district number 1 (first on line " + std::to_string(first) + ")");
    }
    SUBCASE("candidates options on a national contest") {
        b.edit(toml, "id = \"DM\"\nname = \"District mandate\"\nscope = \"district\"\ndistricts = [1, 3]",
               "id = \"DM\"\nname = \"District mandate\"\nscope = \"national\"");
        CHECK_ERROR(b.load(), toml, b.line(toml, "options = \"candidates\""), "needs a district contest");
    }
    SUBCASE("unknown district in a contest") {
        b.edit(toml, "districts = [1, 3]", "districts = [1, 4]");
        CHECK_ERROR(b.load(), toml, b.line(toml, "districts = [1, 4]"), "unknown district 4 in contest 'DM'");
    }
    SUBCASE("reply template with an unknown placeholder or without {ref}") {
        b.edit(toml, "accepted = \"OK {echo} {ref}\"", "accepted = \"OK {echoo} {ref}\"");
        b.edit(toml, "rejected = \"ОШИБКА: {problem}{more}. Исправьте. {ref}\"", "rejected = \"ОШИБКА: {problem}\"");
        auto r = b.load();
        CHECK_ERROR(r, toml, b.line(toml, "{echoo}"), "unknown placeholder {echoo}");
        CHECK_ERROR(r, toml, b.line(toml, "rejected = \"ОШИБКА"), "has no {ref}");
    }
    SUBCASE("misspelt error code in replies") {
        b.edit(toml, "  PARTIAL = \"message incomplete\"", "  PARTAIL = \"message incomplete\"");
        auto r = b.load();
        CHECK_ERROR(r, toml, b.line(toml, "PARTAIL"), "unknown key 'PARTAIL' in [replies.en.errors]");
        CHECK_WARNING_AT(r, toml, b.line(toml, "[replies.en.errors]"), "no text for PARTIAL");
    }
    SUBCASE("check messages per language: loaded, placeholders checked at their line") {
        b.edit(toml, "expr = \"T <= station.registered\"\n",
               "expr = \"T <= station.registered\"\n  message = \"T above registered\"\n"
               "  message_ru = \"T={lhs}, а избирателей {rhs}\"\n  message_kk = \"T={lsh}\"\n");
        auto r = b.load();
        CHECK_ERROR(r, toml, b.line(toml, "message_kk"), "unknown placeholder {lsh} in 'message_kk'");
        b.edit(toml, "T={lsh}", "T={lhs}, ал сайлаушылар {rhs}");
        r = b.load();
        REQUIRE_MESSAGE(r.ok(), dump(r));
        const Form* form = r.codebook->find_form("R");
        REQUIRE(form != nullptr);
        const auto check = std::find_if(form->checks.begin(), form->checks.end(),
                                        [](const Check& c) { return c.id == "cast_registered"; });
        REQUIRE(check != form->checks.end());
        CHECK(check->message_for("ru") == "T={lhs}, а избирателей {rhs}");
        CHECK(check->message_for("kk") == "T={lhs}, ал сайлаушылар {rhs}");
        CHECK(check->message_for("en") == "T above registered");  // no message_en: the message
    }
    SUBCASE("reply texts per reason: loaded; a misspelt reason or placeholder is an error at its line") {
        b.edit(toml, "  [replies.ru.errors]\n",
               "  [replies.ru.reasons]\n  station_width = \"код {value}: нужно {width} цифр\"\n"
               "  timee = \"время\"\n  split = \"{tag} {valeu}\"\n\n  [replies.ru.errors]\n");
        auto r = b.load();
        CHECK_ERROR(r, toml, b.line(toml, "timee"), "unknown key 'timee' in [replies.ru.reasons]");
        CHECK_ERROR(r, toml, b.line(toml, "{valeu}"), "unknown placeholder {valeu}");
        b.edit(toml, "  timee = \"время\"\n  split = \"{tag} {valeu}\"\n", "");
        r = b.load();
        REQUIRE_MESSAGE(r.ok(), dump(r));
        CHECK(r.codebook->replies_for("ru").reasons.at("station_width") == "код {value}: нужно {width} цифр");
        CHECK(r.codebook->replies_for("kk").reasons.empty());
    }
    SUBCASE("phones without a country code") {
        b.edit(toml, "country_code = \"7\"\n", "");
        auto r = b.load();
        CHECK_ERROR(r, toml, b.line(toml, "[phones]"), "missing required key 'country_code' in [phones]");
        CHECK_MESSAGE(std::none_of(r.diagnostics.begin(), r.diagnostics.end(),
                                   [](const Diagnostic& d) { return d.file == "monitors.csv"; }),
                      dump(r));
    }
    SUBCASE("fields on an incident form") {
        b.edit(toml, "  [[forms.incidents]]\n  code = 1\n",
               "  [[forms.fields]]\n  tag = \"Z\"\n  label = \"z\"\n  kind = \"count\"\n\n  [[forms.incidents]]\n  code = 1\n");
        CHECK_ERROR(b.load(), toml, b.line(toml, "[[forms.fields]]\n  tag = \"Z\""), "incident forms list [[forms.incidents]]");
    }
    SUBCASE("duplicate incident code") {
        b.edit(toml, "code = 12", "code = 3");
        CHECK_ERROR(b.load(), toml, b.line(toml, "label = \"Pressure on voters\"") - 1, "duplicate incident code 3");
    }
}

TEST_CASE("warnings do not refuse the codebook") {
    Book b;
    const std::string toml = "election.toml";
    SUBCASE("tag using O") {
        b.edit(toml, "tag = \"E\"", "tag = \"O\"");
        auto r = b.load();
        CHECK(r.ok());
        CHECK_WARNING_AT(r, toml, b.line(toml, "tag = \"O\""), "tag 'O' uses I, L or O");
    }
    SUBCASE("form code using I") {
        b.edit(toml, "code = \"N\"", "code = \"I\"");
        auto r = b.load();
        CHECK(r.ok());
        CHECK_WARNING_AT(r, toml, b.line(toml, "code = \"I\""), "form code 'I' uses I, L or O");
    }
    SUBCASE("stratum with fewer than 2 sampled stations") {
        b.edit("stations.csv", "250,01R,1", "250,01R,0");
        auto r = b.load();
        CHECK(r.ok());
        CHECK_WARNING_AT(r, toml, b.line(toml, "id = \"01R\"") - 1, "stratum '01R' has 1 sampled station;");
        CHECK(other_warnings(r) == 1);
    }
    SUBCASE("stratum without stations") {
        b.edit(toml, "[[contests]]\nid = \"PL\"", "[[strata]]\nid = \"02R\"\nregion = \"02\"\n\n[[contests]]\nid = \"PL\"");
        auto r = b.load();
        CHECK(r.ok());
        CHECK_WARNING_AT(r, toml, b.line(toml, "id = \"02R\"") - 1, "stratum '02R' has no stations");
    }
    SUBCASE("sampled stations nobody may report for") {
        b.edit("monitors.csv", "Coordinator,*,", "Coordinator,02001,");
        auto r = b.load();
        CHECK(r.ok());
        CHECK_WARNING_AT(r, "stations.csv", 10, "sampled station 02003 has no monitor");
        CHECK_WARNING_AT(r, "stations.csv", 13, "sampled station 02006 has no monitor");
        CHECK(other_warnings(r) == 2);
    }
}

TEST_CASE("every problem in one run, sorted by file and line") {
    Book b;
    b.edit("election.toml", "choices = [1, 2, 3]\n", "choices = [1, 2, 10]\n");
    b.edit("election.toml", "tag = \"E\"", "tag = \"L\"");
    b.edit("stations.csv", "01003,Library", "01002,Library");
    b.edit("stations.csv", "1600,02U", "0,02U");
    b.edit("monitors.csv", "01001,en", "01009,en");
    b.edit("monitors.csv", "+77010000007", "+77010000001");
    b.edit("candidates.csv", "3,C,", "3,Q,");
    auto r = b.load();
    CHECK_ERROR(r, "election.toml", b.line("election.toml", "choices = [1, 2, 10]"), "0-9");
    CHECK_WARNING_AT(r, "election.toml", b.line("election.toml", "tag = \"L\""), "uses I, L or O");
    CHECK_ERROR(r, "stations.csv", 4, "duplicate station code 01002");
    CHECK_ERROR(r, "stations.csv", 12, "registered");
    CHECK_ERROR(r, "monitors.csv", 2, "unknown station '01009'");
    CHECK_ERROR(r, "monitors.csv", 3, "unknown station '01003'");  // 01003 became the duplicate
    CHECK_ERROR(r, "monitors.csv", 8, "duplicate phone +77010000001");
    CHECK_ERROR(r, "candidates.csv", 8, "'Q'");
    CHECK_MESSAGE(r.error_count() == 7, dump(r));
    CHECK(std::is_sorted(r.diagnostics.begin(), r.diagnostics.end(), [](const Diagnostic& a, const Diagnostic& c) {
        return a.file != c.file ? a.file < c.file : a.line < c.line;
    }));
}
