// Replies from issue facts: per-reason texts, {message} per language, the example's ru/kk texts, the fallback.
#include "codebooks/codebook_loader.hpp"
#include "codebooks/gsm7.hpp"
#include "codebooks/reply_builder.hpp"
#include "codebooks/validator.hpp"
#include "parsers/parser.hpp"
#include "example_traffic.hpp"
#include "validator_test_codebook.hpp"
#include "tests/support/files.hpp"
#include "tests/support/codebook_files.hpp"

#include <doctest/doctest.h>

#include <cctype>
#include <fstream>
#include <iterator>
#include <map>

using namespace smsgw;
using namespace smsgw::test;

namespace {

using smsgw::test::read_file;

const Codebook& example() {
    static const CodebookPtr cb = [] {
        const std::string dir = std::string(SMSGW_SOURCE_DIR) + "/codebooks/example/";
        CodebookSources s = smsgw::test::codebook_sources(dir);
        LoadResult r = load_codebook(s);
        REQUIRE(r.ok());
        return r.codebook;
    }();
    return *cb;
}

// The reply `language` gets for `text`, authorized for any station.
std::string reply(const Codebook& cb, std::string_view text, std::string_view language) {
    const Report r = parse_message(text, cb);
    const Verdict v = validate(r, cb, anyone());
    return build_reply(v, r, cb, language, "#REF");
}

// Latin words of 3+ letters other than OK and the reference.
std::vector<std::string> english_words(std::string_view text) {
    std::vector<std::string> words;
    for (std::size_t i = 0; i < text.size();) {
        if (!std::isalpha(static_cast<unsigned char>(text[i]))) {
            ++i;
            continue;
        }
        std::size_t e = i;
        while (e < text.size() && std::isalpha(static_cast<unsigned char>(text[e]))) ++e;
        const std::string w(text.substr(i, e - i));
        if (w.size() >= 3 && w != "REF") words.push_back(w);
        i = e;
    }
    return words;
}

}  // namespace

TEST_CASE("example codebook: ru and kk rejections say what to fix without English") {
    const Codebook& cb = example();
    const struct {
        const char* text;
        const char* ru;
        const char* kk;
    } cases[] = {
        {"R 2413 A120 B80 C45 D30 E25 F10 G8 H12 X6 T336", "Ошибка: код участка 2413: нужно 5 цифр. Исправьте #REF",
         "Қате: учаске коды 2413: 5 цифр керек. Түзетіңіз #REF"},
        {"S 24132 A2515 B1 C1 D1 E1 F2 H1", "Ошибка: A 2515: неверное время (ЧЧММ). Исправьте #REF",
         "Қате: A 2515: уақыт қате (ССММ). Түзетіңіз #REF"},
        {"R 24132 A120 B80 C45 D30 E25 F10 G8 H12 X6 T346", "Ошибка: сумма партий+X=336, а T=346. Исправьте #REF",
         "Қате: партиялар+X=336, ал T=346. Түзетіңіз #REF"},
        {"S 24132 A0700 B1 C1 D1 E1 F60 H1", "Ошибка: F=60: не больше 50. Исправьте #REF",
         "Қате: F=60: ең көбі 50. Түзетіңіз #REF"},
        {"5 24132 A0700 B1 C1 D1 E1 F2 H1", "Ошибка: 5 вместо буквы формы (S, R, D, N). Исправьте #REF",
         "Қате: форма әрпінің (S, R, D, N) орнына 5 цифры. Түзетіңіз #REF"},
        // a Cyrillic С is the Latin C by shape, no form: the reply lists the forms that exist
        {"С 24132 A0700 B1 C1 D1 E1 F2 H1", "Ошибка: неизвестная форма C; формы: S, R, D, N. Исправьте #REF",
         "Қате: C деген форма жоқ; бар: S, R, D, N. Түзетіңіз #REF"},
        // letters for a yes/no answer are told the answers it takes, glued or not
        {"S 24132 A0700 BQ C1 D1 E1 F2 H1", "Ошибка: B Q: ответ 1 (да) или 2 (нет). Исправьте #REF",
         "Қате: B Q: жауап 1 (иә) не 2 (жоқ). Түзетіңіз #REF"},
        // results typed without item letters: the digits are cut, the reply stays in the language
        {"R 24132 120 80 45 30 25 10 8 12 6 336",
         "Ошибка: число 120 80 45 30 25… без буквы пункта (+1). Исправьте #REF",
         "Қате: 120 80 45 30 25… санының алдында әріп жоқ (+1). Түзетіңіз #REF"},
        // a stuck key in the station code
        {"R 2413222222222222222222222 A120 B80 C45 D30 E25 F10 G8 H12 X6 T336",
         "Ошибка: код участка 2413222222222222222…: нужно 5 цифр. Исправьте #REF",
         "Қате: учаске коды 24132222222222222222…: 5 цифр керек. Түзетіңіз #REF"},
        {"R 24132 A3ж2 B80 C45 D30 E25 F10 G8 H12 X6 T336", "Ошибка: непонятный символ ж в пункте A. Исправьте #REF",
         "Қате: A тармағында түсініксіз таңба ж. Түзетіңіз #REF"},
        {"D 24132 A200 B100 C80 D50 E40 F5 X7 T482",
         "Ошибка: F: нет такого кандидата в округе 24. Исправьте #REF",
         "Қате: F: 24 округте мұндай кандидат жоқ. Түзетіңіз #REF"},
        {"N 24132 16", "Ошибка: нет инцидента с кодом 16. Исправьте #REF", "Қате: 16 кодты оқиға жоқ. Түзетіңіз #REF"},
        {"R 24132 A120 B80 C45 D30 E25 F10 G8 H12 X6", "Ошибка: не хватает T. Исправьте #REF",
         "Қате: жетіспейді: T. Түзетіңіз #REF"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        const std::string ru = reply(cb, c.text, "ru");
        const std::string kk = reply(cb, c.text, "kk");
        CHECK(ru == c.ru);
        CHECK(kk == c.kk);
        CHECK(english_words(ru).empty());
        CHECK(english_words(kk).empty());
        CHECK(sms_size(ru).fits_one());
        CHECK(sms_size(kk).fits_one());
    }
    // letters typed for a number are quoted back as the parser read them (Latin by shape: нет is HET)
    CHECK(reply(cb, "S 24132 A0700 B нет C1 D1 E1 F2 H1", "ru") == "Ошибка: B HET: ответ 1 (да) или 2 (нет). Исправьте #REF");
    CHECK(reply(cb, "S 24132 A0700 B1 C1 D1 E1 F null H1", "kk") ==
          "Қате: F мәні сан болуы керек, NULL емес. Түзетіңіз #REF");
    CHECK(reply(cb, "S 24132 A0700 B1 C1 D1 E1 Fnull H1", "ru") == "Ошибка: после F нужно число, а не NULL. Исправьте #REF");
    // the English reply is built from the facts too, never from the operators' detail
    CHECK(reply(cb, "S 24132 A2515 B1 C1 D1 E1 F2 H1", "en") == "ERROR: A 2515: not a time (HHMM). Fix and resend. #REF");
    CHECK(reply(cb, "R 24132 A120 B80 C45 D30 E25 F10 G8 H12 X6 T346", "en") ==
          "ERROR: parties+X=336 but T=346. Fix and resend. #REF");
}

TEST_CASE("example codebook: a warning check speaks the monitor's language, with the figures it used") {
    const Codebook& cb = example();
    // 24149: 415 registered, 380 cast is 91.6%
    const std::string text = "D 24149 A194 B90 C40 D30 E16 X10 T380";
    CHECK(reply(cb, text, "kk") == "Қабылданды. Тексеріңіз: T=380, сайлаушы 415: 90%-дан көп #REF");
    CHECK(reply(cb, text, "ru") == "Принято. Проверьте: явка выше 90%: T=380 при 415 избирателях #REF");
    CHECK(reply(cb, text, "en") ==
          "OK D 24149 A194 B90 C40 D30 E16 X10 T380. Check: turnout over 90%: T=380 of 415 registered #REF");
}

TEST_CASE("reasons win over the code's text; {message} falls back to message, then to the detail") {
    Codebook cb = make_tiny();
    ReplyTemplates t;
    t.accepted = "OK {echo} {ref}";
    t.warning = "W {problem} {ref}";
    t.rejected = "E {problem}{more} {ref}";
    t.errors["BAD_STATION"] = "station {value} bad";
    t.errors["CHECK_FAILED"] = "{message}";
    t.errors["OUT_OF_RANGE"] = "{tag}={value}?";
    t.reasons["station_width"] = "station {value}: {width} digits";
    t.reasons["max"] = "{tag}={value} > {max}";
    cb.replies["ru"] = t;
    cb.election.languages = {"en", "ru"};
    Form& r = cb.forms[1];
    REQUIRE(r.code == "R");

    CHECK(reply(cb, "R 0100 A1 B1 C1 X0 T3", "ru") == "E station 0100: 5 digits #REF");
    CHECK(reply(cb, "R 01001 A99999 B1 C1 X0 T100001", "ru").rfind("E A=99999 > ", 0) == 0);

    // sum_cast has no message: the detail
    const std::string bad_sum = "R 01001 A1 B1 C1 X0 T4";
    CHECK(reply(cb, bad_sum, "ru") == "E sum_cast: A+B+C+X=3 but T=4 #REF");
    for (Check& c : r.checks)
        if (c.id == "sum_cast") c.message = "sum {lhs} != {rhs}";
    CHECK(reply(cb, bad_sum, "ru") == "E sum 3 != 4 #REF");
    for (Check& c : r.checks)
        if (c.id == "sum_cast") c.messages["ru"] = "{check}: {lhs}, а T={rhs}";
    CHECK(reply(cb, bad_sum, "ru") == "E sum_cast: 3, а T=4 #REF");
    // the JSON detail keeps the formula, with the (default) message filled in
    const Report rep = parse_message(bad_sum, cb);
    const Verdict v = validate(rep, cb, anyone());
    REQUIRE(v.errors.size() == 1);
    CHECK(v.errors[0].detail == "sum_cast: A+B+C+X=3 but T=4 (sum 3 != 4)");
    CHECK(v.errors[0].facts.get(Fact::check) == "sum_cast");
    CHECK(v.errors[0].facts.get(Fact::lhs) == "3");
    CHECK(v.errors[0].facts.get(Fact::rhs) == "4");
}

TEST_CASE("{detail} of a check whose message has placeholders shows the message filled in, never the template") {
    Codebook cb = make_tiny();
    ReplyTemplates t;
    t.accepted = "OK {echo} {ref}";
    t.warning = "W {problem} {ref}";
    t.rejected = "E {problem} {ref}";
    t.errors["CHECK_FAILED"] = "{detail}";
    cb.replies["ru"] = t;
    cb.election.languages = {"en", "ru"};
    for (Check& c : cb.forms[1].checks)
        if (c.id == "sum_cast") c.message = "sum {lhs} != {rhs}";
    const std::string out = reply(cb, "R 01001 A1 B1 C1 X0 T4", "ru");
    CHECK(out == "E sum 3 != 4: A+B+C+X=3 but T=4 #REF");
    CHECK(out.find('{') == std::string::npos);
}

TEST_CASE("a long {tags} list is shortened like the detail, never the reference") {
    Codebook cb = make_tiny();
    ReplyTemplates t;
    t.accepted = "OK {echo} {ref}";
    t.warning = "W {problem} {ref}";
    t.rejected = "Ошибка: не хватает {tags}{more}. Исправьте {ref}";
    cb.replies["ru"] = t;
    Form& r = cb.forms[1];
    for (char a = 'D'; a <= 'W'; ++a)
        if (a != 'I' && a != 'L' && a != 'O' && a != 'T' && a != 'X') r.fields.push_back(field(std::string(1, a), FieldKind::count));
    const std::string out = reply(cb, "R 01001 A1", "ru");
    CAPTURE(out);
    CHECK(sms_size(out).fits_one());
    CHECK(out.rfind("Ошибка: не хватает B, C", 0) == 0);
    CHECK(out.ends_with(" #REF"));
}

TEST_CASE("rewording every detail changes no reply: replies are built from facts, details are output only") {
    const Codebook& cb = example();
    // Item problems whose tag the parser once named only in its detail, failed checks, and traffic.
    std::vector<std::string> texts = {
        "R 24132 A120 B80 C45 D30 E25 F10 G8 H12 X6 T346",      // CHECK_FAILED with {lhs} {rhs}
        "D 24149 A194 B90 C40 D30 E16 X10 T380",                // CHECK_WARNING with {values}
        "R 24132 A120 A1 20 B80 C45 D30 E25 F10 G8 H12 X6 T336", // a duplicate whose digits are split
        "R 24132 A120 A121 B80 C45 D30 E25 F10 G8 H12 X6 T336",  // DUPLICATE_TAG
        "R 24132 A B80 C45 D30 E25 F10 G8 H12 X6 T336",          // MISSING_VALUE
        "S 24132 A2515 B1 C1 D1 E1 F2 H1",                       // BAD_VALUE time
        "N 24132 XY",                                            // incident codes in letters
    };
    ExampleTraffic traffic(cb, 16);
    for (int i = 0; i < 3000; ++i) texts.push_back(traffic.next().text);

    std::map<Code, int> seen;
    for (const std::string& text : texts) {
        CAPTURE(text);
        const Report r = parse_message(text, cb);
        const Verdict v = validate(r, cb, anyone());
        Verdict reworded = v;
        for (auto* issues : {&reworded.errors, &reworded.warnings})
            for (Issue& i : *issues) {
                ++seen[i.code];
                i.detail = "reworded: " + std::string(i.detail.rbegin(), i.detail.rend());
            }
        for (const char* language : {"en", "ru", "kk"}) {
            CAPTURE(language);
            CHECK(build_reply(reworded, r, cb, language, "#REF") == build_reply(v, r, cb, language, "#REF"));
        }
    }
    // The corpus reaches the problems whose facts were once read back from details.
    for (const Code c : {Code::CHECK_FAILED, Code::CHECK_WARNING, Code::DUPLICATE_TAG, Code::MISSING_VALUE,
                         Code::BAD_VALUE}) {
        CAPTURE(to_string(c));
        CHECK(seen[c] > 0);
    }
}
