// Replies at their worst: every error and warning code (and every reason) x en/ru/kk x typical and worst-case lengths.
// Each reply must fit one SMS, stay in its language (ru/kk: no English word that is not the
// monitor's own text) and never fall back to the bare code; the texts are kept in
// reply_worst.expected.txt for review (SMSGW_REGENERATE=1 rewrites it, like the corpora).
#include "codebooks/gsm7.hpp"
#include "codebooks/reply_builder.hpp"
#include "daemon/codebook_io/codebook_dir.hpp"
#include "codebooks/codes.hpp"

#include <doctest/doctest.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace smsgw;

namespace {

constexpr std::string_view ref = "#4F2A";

const Codebook& example() {
    static const LoadResult loaded = load_codebook_dir(fs::path(SMSGW_SOURCE_DIR) / "codebooks/example");
    REQUIRE(loaded.ok());
    return *loaded.codebook;
}

// The code each reason belongs to (FORMAT.md, [replies.LANG.reasons]).
struct ReasonCode {
    std::string_view reason;
    Code code;
};
constexpr ReasonCode reasons[] = {
    {"too_long", Code::BAD_VALUE},          {"comment_only", Code::EMPTY},
    {"form_missing", Code::UNKNOWN_FORM},   {"form_digit", Code::UNKNOWN_FORM},
    {"station_missing", Code::BAD_STATION}, {"station_width", Code::BAD_STATION},
    {"station_split", Code::BAD_STATION},   {"no_tag", Code::BAD_VALUE},
    {"split", Code::BAD_VALUE},             {"letters", Code::BAD_VALUE},
    {"time", Code::BAD_VALUE},              {"yesno", Code::BAD_VALUE},
    {"one_digit", Code::BAD_VALUE},         {"multi_zero", Code::BAD_VALUE},
    {"too_many_digits", Code::BAD_VALUE},   {"incident_letters", Code::BAD_VALUE},
    {"incident_unknown", Code::UNKNOWN_TAG}, {"incident_missing", Code::MISSING_TAGS},
    {"not_candidate", Code::UNKNOWN_TAG},   {"max", Code::OUT_OF_RANGE},
    {"min", Code::OUT_OF_RANGE},            {"choices", Code::OUT_OF_RANGE},
    {"in_value", Code::UNKNOWN_CHAR},       {"bytes", Code::UNKNOWN_CHAR},
};

// The longest a parser or validator makes each fact: shown() keeps 20 characters and "...",
// groups of digits are joined, numbers reach 19 digits.
IssueFacts facts(bool worst, std::string_view reason) {
    IssueFacts f;
    f.reason = reason;
    f.tag = worst ? "ABCDEFGHJKMNPQRSTUVW..." : "A";
    f.value = worst ? "12345678901234567890... 12345678901234567890... 12345678901234567890..." : "312";
    f.set(Fact::station, worst ? "24132" : "24132");
    f.set(Fact::width, "5");
    f.set(Fact::min, worst ? "1000000000000000000" : "0");
    f.set(Fact::max, worst ? "9999999999999999999" : "5000");
    f.set(Fact::choices, worst ? "1,2,3,4,5,6,7,8,9" : "1,2,3");
    f.set(Fact::tags, worst ? "A, B, C, D, E, F, G, H, X, T" : "X, T");
    f.set(Fact::district, worst ? "67" : "24");
    return f;
}

// The issue for one code (and reason); a check issue names the R form's checks.
Issue issue(Code code, std::string_view reason, bool worst) {
    Issue i;
    i.code = code;
    i.token = -1;
    i.text = worst ? "ЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖЖ..." : "Ж";
    i.detail = worst ? std::string(170, 'x') : "detail";
    i.facts = facts(worst, reason);
    if (code == Code::CHECK_FAILED || code == Code::CHECK_WARNING) {
        IssueFacts f;
        const bool turnout = code == Code::CHECK_WARNING;
        i.text = turnout ? "high_turnout" : "sum_cast";
        f.set(Fact::check, i.text);
        f.set(Fact::lhs, worst ? "9999999999999999999" : "336");
        f.set(Fact::rhs, worst ? "9999999999999999998" : "346");
        f.set(Fact::values, worst ? "T=9999999999999999999" : "T=450");
        f.set(Fact::registered, worst ? "9999999999999999999" : "479");
        i.facts = std::move(f);
    }
    return i;
}

// The longest echo a monitor's report makes: a full R report with 4-digit values and a comment.
Report report(bool worst) {
    Report r;
    r.form = "R";
    r.station = "24132";
    int token = 2;
    for (const char* tag : {"A", "B", "C", "D", "E", "F", "G", "H", "X", "T"})
        r.values.push_back({tag, worst ? 4999 : 50, token++});
    r.has_comment = worst;
    return r;
}

// Latin words of 3+ letters that are not OK, the reference or the monitor's own text.
std::vector<std::string> foreign_words(std::string_view reply, const Issue& i) {
    std::vector<std::string> out;
    for (std::size_t k = 0; k < reply.size();) {
        if (!std::isalpha(static_cast<unsigned char>(reply[k]))) {
            ++k;
            continue;
        }
        std::size_t e = k;
        while (e < reply.size() && std::isalpha(static_cast<unsigned char>(reply[e]))) ++e;
        const std::string w(reply.substr(k, e - k));
        const bool typed = i.facts.tag.find(w) != std::string::npos;
        if (w.size() >= 3 && !typed && ref.find(w) == std::string_view::npos) out.push_back(w);
        k = e;
    }
    return out;
}

bool has_cyrillic(std::string_view s) {
    for (std::size_t k = 0; k + 1 < s.size(); ++k)
        if (static_cast<unsigned char>(s[k]) == 0xD0 || static_cast<unsigned char>(s[k]) == 0xD1 ||
            static_cast<unsigned char>(s[k]) == 0xD2 || static_cast<unsigned char>(s[k]) == 0xD3)
            return true;
    return false;
}

struct Case {
    Code code;
    std::string_view reason;  // empty: the code's own text
};

std::vector<Case> all_cases() {
    std::vector<Case> out;
    for (std::size_t c = 0; c < std::size(code_names); ++c) out.push_back({static_cast<Code>(c), {}});
    for (const ReasonCode& rc : reasons) out.push_back({rc.code, rc.reason});
    return out;
}

}  // namespace

TEST_CASE("every code and reason x en/ru/kk x typical and worst length: one SMS, in the language, never the bare code") {
    const Codebook& cb = example();
    const Form* r_form = cb.find_form("R");
    REQUIRE(r_form != nullptr);
    std::vector<std::string> lines;
    for (const std::string_view lang : {"ru", "kk", "en"}) {
        for (const Case& c : all_cases()) {
            for (const bool worst : {false, true}) {
                const Issue problem = issue(c.code, c.reason, worst);
                const Report r = report(worst);
                Verdict v;
                v.form = r_form;
                v.station = cb.find_station("24132");
                ReplyExtras extras;  // the worst case has 19 more problems to count: "(+19)"
                (is_warning(c.code) ? v.warnings : v.errors).push_back(problem);
                for (int k = 0; worst && k < 19; ++k)
                    (is_warning(c.code) ? extras.warnings : extras.errors).push_back(issue(c.code, c.reason, false));
                v.status = is_warning(c.code) ? Status::warning : Status::rejected;
                // extras come first in the reply: put the problem under test there too
                if (worst) {
                    auto& list = is_warning(c.code) ? extras.warnings : extras.errors;
                    list.insert(list.begin(), problem);
                }
                const std::string reply = build_reply(v, r, cb, lang, ref, extras);
                const std::string label = std::string(lang) + " " + std::string(to_string(c.code)) +
                                          (c.reason.empty() ? "" : "/" + std::string(c.reason)) +
                                          (worst ? " worst" : " typical");
                CAPTURE(label);
                CAPTURE(reply);
                const SmsSize size = sms_size(reply);
                CHECK(size.fits_one());
                CHECK(reply.ends_with(ref));
                // the built-in minimal form is the language switch this test forbids
                CHECK(reply.rfind("ERR ", 0) != 0);
                CHECK(reply != "OK " + std::string(to_string(c.code)) + " " + std::string(ref));
                if (lang != "en") {
                    CHECK(has_cyrillic(reply));
                    CHECK(foreign_words(reply, problem).empty());
                }
                lines.push_back(label + ": " + reply);
            }
        }
    }

    const fs::path expected = fs::path(SMSGW_SOURCE_DIR) / "tests/golden/reply_worst.expected.txt";
    if (std::getenv("SMSGW_REGENERATE")) {
        std::ofstream out(expected, std::ios::binary);
        for (const std::string& l : lines) out << l << '\n';
        MESSAGE("rewrote " << expected.string() << ": review git diff");
        return;
    }
    std::ifstream in(expected, std::ios::binary);
    REQUIRE_MESSAGE(in, expected.string() << " is missing: SMSGW_REGENERATE=1 ./test_reply_worst");
    std::vector<std::string> want;
    for (std::string l; std::getline(in, l);) want.push_back(l);
    CHECK(want.size() == lines.size());
    for (std::size_t k = 0; k < std::min(want.size(), lines.size()); ++k) {
        CAPTURE(k);
        CHECK(lines[k] == want[k]);
    }
}
