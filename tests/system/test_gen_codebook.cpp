// smsgw gen-codebook and codebooks/example: deterministic bytes, a clean load, the shape of SPEC.md 1.
#include "codebooks/codebook_loader.hpp"
#include "daemon/simulate/example_generator.hpp"
#include "codebooks/gsm7.hpp"

#include "tests/support/run_smsgw.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace smsgw;
using namespace smsgw::test;

namespace {

const fs::path example_dir = fs::path(SMSGW_SOURCE_DIR) / "codebooks" / "example";
constexpr std::array<const char*, 4> file_names = {"election.toml", "stations.csv", "monitors.csv", "candidates.csv"};

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot read " << path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

const std::string& file_of(const CodebookSources& s, std::string_view name) {
    if (name == "election.toml") return s.election_toml;
    if (name == "stations.csv") return s.stations_csv;
    if (name == "monitors.csv") return s.monitors_csv;
    return s.candidates_csv;
}

const CodebookSources& example() {
    static const CodebookSources sources = generate_example_codebook(example_codebook_seed);
    return sources;
}

bool contains(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string_view::npos; }

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
    return s;
}

// A template with realistic values: a full 8-party echo, a 24-character detail, a 6-character ref.
std::string render_template(std::string text, std::string_view problem, std::string_view more) {
    text = replace_all(text, "{problem}", problem);
    text = replace_all(text, "{more}", more);
    text = replace_all(text, "{echo}", "R 01234 A312 B148 C57 D60 E12 F9 G31 H40 X9 T526");
    text = replace_all(text, "{detail}", "sum_cast: A+..+X=524 T=5");
    text = replace_all(text, "{station}", "01234");
    text = replace_all(text, "{tag}", "A");
    text = replace_all(text, "{value}", "99999");
    text = replace_all(text, "{form}", "R");
    text = replace_all(text, "{n}", "3");
    return replace_all(text, "{ref}", "#4F2A1");
}

// Well-formed UTF-8: lead byte, the right number of continuation bytes, no overlong 2-byte forms.
bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        const std::size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 && b >= 0xC2 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
        if (len == 0 || i + len > s.size()) return false;
        for (std::size_t k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += len;
    }
    return true;
}

bool fits_one_sms(std::string_view text) {
    if (auto septets = gsm7_length(text)) return *septets <= gsm7_single_limit;
    return ucs2_length(text) <= ucs2_single_limit;
}

}  // namespace

TEST_CASE("codebooks/example is exactly what the generator makes from the committed seed") {
    for (const char* name : file_names) {
        CAPTURE(name);
        const std::string committed = read_file(example_dir / name);
        CHECK(committed.size() == file_of(example(), name).size());
        CHECK(committed == file_of(example(), name));
    }
    CHECK(contains(read_file(example_dir / "README.md"), "--seed " + std::to_string(example_codebook_seed)));
}

TEST_CASE("smsgw gen-codebook creates the directory and writes the same bytes") {
    TempDir tmp("gen-codebook");
    const fs::path out = tmp.path / "nested" / "example";
    REQUIRE(run_smsgw({"gen-codebook", "--seed", std::to_string(example_codebook_seed), "--out", out.string()}).status == 0);
    for (const char* name : file_names) {
        CAPTURE(name);
        CHECK(read_file(out / name) == read_file(example_dir / name));
    }
    // Regenerating over an existing directory overwrites, and another seed changes the frame.
    REQUIRE(run_smsgw({"gen-codebook", "--seed", "7", "--out", out.string()}).status == 0);
    CHECK(read_file(out / "stations.csv") != read_file(example_dir / "stations.csv"));
    CHECK(read_file(out / "stations.csv") == generate_example_codebook(7).stations_csv);
}

TEST_CASE("smsgw gen-codebook --help and bad arguments") {
    const Run help = run_smsgw({"gen-codebook", "--help"});
    const int status = help.status;
    const std::string& text = help.out;
    CHECK(status == 0);
    CHECK(contains(text, "--seed"));
    CHECK(contains(text, "--out"));
    CHECK(run_smsgw({"gen-codebook", "--seed", "1"}).status != 0);  // --out is required
    CHECK(run_smsgw({"gen-codebook", "--out", "/tmp/x", "--seed", "abc"}).status != 0);
}

TEST_CASE("same seed, same bytes; different seeds, different codebooks") {
    const CodebookSources again = generate_example_codebook(example_codebook_seed);
    const CodebookSources other = generate_example_codebook(example_codebook_seed + 1);
    for (const char* name : file_names) {
        CAPTURE(name);
        CHECK(file_of(again, name) == file_of(example(), name));
    }
    CHECK(other.stations_csv != example().stations_csv);
    CHECK(other.monitors_csv != example().monitors_csv);
    CHECK(other.candidates_csv != example().candidates_csv);
}

TEST_CASE("files are UTF-8 without BOM, LF line ends, CSV quoting and phone forms exercised") {
    for (const char* name : file_names) {
        CAPTURE(name);
        const std::string& text = file_of(example(), name);
        REQUIRE(!text.empty());
        CHECK(text.rfind("\xEF\xBB\xBF", 0) == std::string::npos);
        CHECK(text.find('\r') == std::string::npos);
        CHECK(text.back() == '\n');
        CHECK(valid_utf8(text));
    }
    const std::string& stations = example().stations_csv;
    CHECK(contains(stations, "\"\""));  // an escaped quote inside a quoted field
    CHECK(contains(stations, ", с. "));  // a quoted field with a comma
    CHECK(contains(stations, "№"));
    const std::string& monitors = example().monitors_csv;
    CHECK(contains(monitors, "\n+7 70"));  // "+7 7xx xxx xx xx"
    CHECK(contains(monitors, "\n8 70"));   // "8 7xx xxx xx xx"
    CHECK(contains(monitors, "\n870"));    // "87xxxxxxxxx"
}

TEST_CASE("the example loads with no error and no warning, in the shape of the reference election") {
    const LoadResult result = load_codebook(example());
    for (const auto& d : result.diagnostics) MESSAGE(d.file << ":" << d.line << ": " << d.message);
    REQUIRE(result.ok());
    CHECK(result.diagnostics.empty());
    const Codebook& cb = *result.codebook;

    CHECK(cb.election.default_language == "ru");
    CHECK(cb.regions.size() == 16);
    std::size_t cities = 0;
    for (const auto& r : cb.regions) cities += r.city;
    CHECK(cities == 2);
    REQUIRE(cb.districts.size() == 67);
    std::map<std::string, int> districts_per_region;
    for (const auto& d : cb.districts) ++districts_per_region[d.region];
    for (const auto& r : cb.regions)
        if (r.city) CHECK(districts_per_region[r.id] >= 3);

    CHECK(cb.stations.size() >= 9000);
    CHECK(cb.stations.size() <= 10200);
    std::size_t sampled = 0;
    for (const auto& s : cb.stations) {
        const Stratum* h = cb.find_stratum(s.stratum);
        REQUIRE(h != nullptr);
        CHECK(h->region == s.region);
        if (h->urban) CHECK((s.registered >= 1500 && s.registered <= 3000));
        else CHECK((s.registered >= 100 && s.registered <= 1200));
        if (cb.find_region(s.region)->city) CHECK(h->urban);
        sampled += s.sampled;
    }
    CHECK(sampled >= 950);
    CHECK(sampled <= 1050);
    CHECK(cb.strata.size() == 30);  // 14 regions x urban/rural + 2 cities, urban only
    for (const auto& h : cb.strata) {
        CAPTURE(h.id);
        CHECK(h.sampled >= 2);
        // Proportional allocation: within one station of n * N_h / N.
        const double share = static_cast<double>(sampled) * h.frame_size / static_cast<double>(cb.stations.size());
        CHECK(static_cast<double>(h.sampled) >= share - 1.0);
        CHECK(static_cast<double>(h.sampled) <= share + 1.0);
    }

    CHECK(cb.monitors.size() >= 1700);
    CHECK(cb.monitors.size() <= 1900);
    std::size_t mobile = 0, multi = 0, anywhere = 0;
    std::map<std::string, std::size_t> languages;
    std::vector<bool> covered(cb.stations.size(), false);
    for (const auto& m : cb.monitors) {
        CHECK(m.phone.rfind("+770", 0) == 0);
        mobile += !m.districts.empty();
        multi += m.stations.size() > 1;
        anywhere += m.any_station;
        ++languages[m.language];
        for (auto i : m.stations) covered[i] = true;
    }
    CHECK(mobile >= 90);
    CHECK(mobile <= 110);
    CHECK(multi >= 3);
    CHECK(anywhere >= 1);
    CHECK(anywhere <= 2);
    for (const auto& s : cb.stations)
        if (s.sampled) CHECK_MESSAGE(covered[s.index], "sampled station " << s.code << " has no monitor of its own");
    const double total = static_cast<double>(cb.monitors.size());
    CHECK(languages["ru"] / total >= 0.45);
    CHECK(languages["kk"] / total >= 0.30);
    CHECK(languages["en"] / total >= 0.02);
    CHECK(languages["en"] / total <= 0.10);

    REQUIRE(cb.contests.size() == 2);
    const Contest* pl = cb.find_contest("PL");
    const Contest* dm = cb.find_contest("DM");
    REQUIRE(pl != nullptr);
    REQUIRE(dm != nullptr);
    CHECK(pl->scope == ContestScope::national);
    CHECK(dm->scope == ContestScope::district);
    CHECK(dm->districts.size() == 11);

    for (const auto& d : cb.districts) {
        CAPTURE(d.number);
        const auto candidates = cb.candidates_in(d.number);
        CHECK(candidates.size() >= 3);
        CHECK(candidates.size() <= 7);
    }

    const Form* s = cb.find_form("S");
    const Form* r = cb.find_form("R");
    const Form* dist = cb.find_form("D");
    const Form* n = cb.find_form("N");
    REQUIRE((s && r && dist && n));
    CHECK(s->kind == FormKind::checklist);
    CHECK(s->fields.size() >= 6);
    CHECK(r->kind == FormKind::results);
    CHECK(r->contest == "PL");
    CHECK(r->option_tags.size() == 8);
    CHECK(dist->options_from_candidates);
    CHECK(dist->contest == "DM");
    CHECK(n->kind == FormKind::incident);
    CHECK(n->incidents.size() >= 12);
    CHECK(n->incidents.size() <= 18);
    for (const Form* f : {r, dist}) {
        CAPTURE(f->code);
        REQUIRE(f->checks.size() == 3);
        CHECK(f->checks[0].severity == Severity::error);
        CHECK(f->checks[1].severity == Severity::error);
        CHECK(f->checks[2].severity == Severity::warning);
    }

    // Every reply template, with every error text, fits one SMS with room for a 24-character detail.
    const std::set<std::string> codes = {"EMPTY", "UNKNOWN_FORM", "BAD_STATION", "UNKNOWN_STATION", "UNKNOWN_TAG",
                                         "DUPLICATE_TAG", "MISSING_VALUE", "BAD_VALUE", "OUT_OF_RANGE", "MISSING_TAGS",
                                         "CHECK_FAILED", "UNKNOWN_CHAR", "UNREGISTERED_SENDER", "NOT_ASSIGNED",
                                         "DUPLICATE", "CONFLICT", "CHECK_WARNING", "PARTIAL"};
    for (const char* lang : {"en", "ru", "kk"}) {
        CAPTURE(lang);
        REQUIRE(cb.replies.contains(lang));
        const ReplyTemplates& t = cb.replies.at(lang);
        CHECK(fits_one_sms(render_template(t.accepted, "", "")));
        for (const auto& code : codes) {
            CAPTURE(code);
            REQUIRE(t.errors.contains(code));
            const std::string problem = render_template(t.errors.at(code), "", "");
            const std::string& frame = code == "CHECK_WARNING" || code == "PARTIAL" ? t.warning : t.rejected;
            const std::string reply = render_template(frame, problem, render_template(t.more, "", ""));
            CAPTURE(reply);
            CHECK(fits_one_sms(reply));
        }
    }
}

TEST_CASE("other seeds load cleanly too") {
    for (std::uint64_t seed : {1ULL, 42ULL, 0xFFFFFFFFFFFFFFFFULL}) {
        CAPTURE(seed);
        const LoadResult result = load_codebook(generate_example_codebook(seed));
        for (const auto& d : result.diagnostics) MESSAGE(d.file << ":" << d.line << ": " << d.message);
        CHECK(result.ok());
        CHECK(result.diagnostics.empty());
    }
}
