// Replies: exact texts for typical reports in en/ru/kk, shortening to one SMS, and a random property run.
#include "codebooks/gsm7.hpp"
#include "codebooks/reference.hpp"
#include "codebooks/reply_builder.hpp"
#include "codebooks/validator.hpp"
#include "parsers/parser.hpp"

#include <doctest/doctest.h>
#include <toml++/toml.h>

#include <cstdint>
#include <random>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

using namespace smsgw;

namespace {

constexpr std::string_view ref = "#4F2A";

// The forms of tests/codebooks/tiny built in code; the reply templates are read from its
// election.toml so the tests check the texts monitors will really get.
Codebook tiny_codebook() {
    Codebook cb;
    cb.election.id = "tiny-2026";
    cb.election.languages = {"en", "ru", "kk"};
    cb.election.default_language = "en";

    Form s;
    s.code = "S";
    s.kind = FormKind::checklist;
    s.fields = {{"A", "Arrival time", FieldKind::time, 0, 99999, {}, true, 0},
                {"B", "Opened on time", FieldKind::yesno, 0, 99999, {}, true, 0},
                {"C", "Ballot box condition", FieldKind::choice, 0, 99999, {1, 2, 3}, true, 0},
                {"D", "Materials missing", FieldKind::multi, 0, 99999, {1, 2, 3, 4, 5}, false, 0},
                {"E", "Observers present", FieldKind::count, 0, 20, {}, true, 0}};
    Form r;
    r.code = "R";
    r.kind = FormKind::results;
    for (const char* tag : {"A", "B", "C", "X", "T"}) r.fields.push_back({tag, tag, FieldKind::count, 0, 5000, {}, true, 0});
    r.option_tags = {"A", "B", "C"};
    r.invalid_tag = "X";
    r.cast_tag = "T";
    const ExprNames names{[&r](std::string_view tag) { return r.field_index(tag); }, true};
    for (auto [id, text, severity] : std::vector<std::tuple<std::string, std::string, Severity>>{
             {"sum_cast", "sum(options) + X == T", Severity::error},
             {"cast_registered", "T <= station.registered", Severity::error},
             {"high_turnout", "T * 100 <= station.registered * 95", Severity::warning}}) {
        auto compiled = Expr::compile(text, names);
        REQUIRE(std::holds_alternative<Expr>(compiled));
        r.checks.push_back({id, severity, "", std::get<Expr>(std::move(compiled)), 0});
    }
    Form n;
    n.code = "N";
    n.kind = FormKind::incident;
    n.incidents = {{1, "Ballot stuffing"}, {2, "Observer expelled"}, {3, "Voters turned away"}, {12, "Pressure"}};
    cb.forms = {s, r, n};

    // 01234 for the hand-made reports; the others and the monitors as in the tiny CSV files.
    for (auto [code, registered, district] : std::vector<std::tuple<std::string, std::int64_t, int>>{
             {"01234", 540, 1}, {"01001", 1200, 1}, {"01002", 1100, 1}, {"01003", 900, 1}, {"01004", 300, 2}}) {
        Station st;
        st.code = code;
        st.registered = registered;
        st.district = district;
        st.index = static_cast<std::uint32_t>(cb.stations.size());
        cb.stations.push_back(st);
    }
    for (auto [phone, stations, language] : std::vector<std::tuple<std::string, std::vector<std::uint32_t>, std::string>>{
             {"+77010000001", {1}, "en"}, {"+77010000002", {2, 3}, "ru"}, {"+77010000003", {4}, "kk"}}) {
        Monitor m;
        m.phone = phone;
        m.stations = stations;
        m.language = language;
        cb.monitors.push_back(m);
    }

    const toml::table doc = toml::parse_file(SMSGW_TEST_DATA "/codebooks/tiny/election.toml");
    for (const auto& [lang, node] : *doc["replies"].as_table()) {
        const toml::table& t = *node.as_table();
        ReplyTemplates rt;
        rt.accepted = t["accepted"].value_or(std::string{});
        rt.warning = t["warning"].value_or(std::string{});
        rt.rejected = t["rejected"].value_or(std::string{});
        rt.more = t["more"].value_or(std::string{});
        for (const auto& [code, text] : *t["errors"].as_table()) rt.errors[std::string(code.str())] = text.value_or(std::string{});
        cb.replies[std::string(lang.str())] = rt;
    }
    cb.build_indexes();
    return cb;
}

const Codebook& tiny() {
    static const Codebook cb = tiny_codebook();
    return cb;
}

// R 01234 A312 B148 C57 X9 T526, tokens numbered as the parser does: form 0, station 1, items 2...
Report results_report() {
    Report r;
    r.form = "R";
    r.station = "01234";
    int token = 2;
    for (auto [tag, value] : std::vector<std::pair<std::string, std::int64_t>>{
             {"A", 312}, {"B", 148}, {"C", 57}, {"X", 9}, {"T", 526}})
        r.values.push_back({tag, value, token++});
    return r;
}

Verdict verdict_for(const Codebook& cb, const Report& r, Status status = Status::accepted) {
    Verdict v;
    v.status = status;
    v.form = cb.find_form(r.form);
    v.station = cb.find_station(r.station);
    return v;
}

Issue issue(Code code, std::string detail, int token = -1, std::string text = {}) {
    return Issue{code, std::move(detail), token, std::move(text)};
}

Verdict rejected(const Report& r, std::vector<Issue> errors) {
    Verdict v = verdict_for(tiny(), r, Status::rejected);
    v.errors = std::move(errors);
    return v;
}

bool fits_one(const std::string& s) { return sms_size(s).fits_one(); }

bool ends_with(std::string_view s, std::string_view tail) {
    return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

std::string repeat(std::string_view s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
}

}  // namespace

TEST_CASE("accepted replies echo what was understood") {
    const Report r = results_report();
    CHECK(build_reply(verdict_for(tiny(), r), r, tiny(), "en", ref) == "OK R 01234 A312 B148 C57 X9 T526 #4F2A");
    CHECK(build_reply(verdict_for(tiny(), r), r, tiny(), "ru", ref) == "ПРИНЯТО R 01234 A312 B148 C57 X9 T526 #4F2A");
    CHECK(build_reply(verdict_for(tiny(), r), r, tiny(), "kk", ref) ==
          "ҚАБЫЛДАНДЫ R 01234 A312 B148 C57 X9 T526 #4F2A");
    CHECK(build_reply(verdict_for(tiny(), r), r, tiny(), "de", ref) == "OK R 01234 A312 B148 C57 X9 T526 #4F2A");

    Report s;
    s.form = "S";
    s.station = "01234";
    s.values = {{"A", 730, 2}, {"B", 1, 3}, {"C", 2, 4}, {"D", 135, 5}, {"E", 3, 6}};
    CHECK(build_reply(verdict_for(tiny(), s), s, tiny(), "en", ref) == "OK S 01234 A0730 B1 C2 D135 E3 #4F2A");
    s.values = {{"A", 5, 2}};
    CHECK(compact_echo(s, tiny().find_form("S")) == "S 01234 A0005");
    CHECK(compact_echo(s, nullptr) == "S 01234 A5");

    Report n;
    n.form = "N";
    n.station = "01234";
    n.incidents = {1, 12};
    n.comment = "они выгнали наблюдателя в 10:40";
    n.has_comment = true;
    CHECK(build_reply(verdict_for(tiny(), n), n, tiny(), "en", ref) == "OK N 01234 1 12 @ #4F2A");
    CHECK(build_reply(verdict_for(tiny(), n), n, tiny(), "ru", ref) == "ПРИНЯТО N 01234 1 12 @ #4F2A");
}

TEST_CASE("rejected replies name the first problem through the language's error text") {
    Report r = results_report();
    r.station = "99999";
    CHECK(build_reply(rejected(r, {issue(Code::UNKNOWN_STATION, "99999", 1, "99999")}), r, tiny(), "en", ref) ==
          "ERROR: station 99999 unknown. Fix and resend. #4F2A");
    CHECK(build_reply(rejected(r, {issue(Code::UNKNOWN_STATION, "99999", 1, "99999")}), r, tiny(), "kk", ref) ==
          "ҚАТЕ: 99999 учаскесі жоқ. Түзетіңіз. #4F2A");

    r = results_report();
    const Verdict three = rejected(r, {issue(Code::CHECK_FAILED, "sum_cast: A+B+C+X=526 but T=527"),
                                       issue(Code::CHECK_FAILED, "cast_registered: T=527 > 540"),
                                       issue(Code::OUT_OF_RANGE, "A=9999 (max 5000)")});
    CHECK(build_reply(three, r, tiny(), "en", ref) ==
          "ERROR: sum_cast: A+B+C+X=526 but T=527 (+2 more). Fix and resend. #4F2A");
    CHECK(build_reply(three, r, tiny(), "ru", ref) == "ОШИБКА: sum_cast: A+B+C+X=526 but T=527 (+2). Исправьте. #4F2A");

    CHECK(build_reply(rejected(r, {issue(Code::MISSING_TAGS, "T")}), r, tiny(), "ru", ref) ==
          "ОШИБКА: нет T. Исправьте. #4F2A");
    CHECK(build_reply(rejected(r, {issue(Code::DUPLICATE_TAG, "a twice", 7, "a"), issue(Code::MISSING_TAGS, "X")}), r,
                      tiny(), "kk", ref) == "ҚАТЕ: A екі рет (+1). Түзетіңіз. #4F2A");
    CHECK(build_reply(rejected(r, {issue(Code::MISSING_VALUE, "no value after b", 3, "b")}), r, tiny(), "en", ref) ==
          "ERROR: no number after B. Fix and resend. #4F2A");
    CHECK(build_reply(rejected(r, {issue(Code::OUT_OF_RANGE, "A=9999 (max 5000)", 2, "A9999")}), r, tiny(), "en",
                      ref) == "ERROR: A=9999 (max 5000) out of range. Fix and resend. #4F2A");
    CHECK(build_reply(rejected(r, {issue(Code::UNREGISTERED_SENDER, "+77010000000")}), r, tiny(), "ru", ref) ==
          "ОШИБКА: номер не зарегистрирован. Исправьте. #4F2A");
    CHECK(build_reply(rejected(r, {issue(Code::NOT_ASSIGNED, "01234")}), r, tiny(), "en", ref) ==
          "ERROR: not your station 01234. Fix and resend. #4F2A");

    Report empty;
    CHECK(build_reply(rejected(empty, {issue(Code::EMPTY, "empty message")}), empty, tiny(), "kk", ref) ==
          "ҚАТЕ: бос хабар. Түзетіңіз. #4F2A");
    Report unknown;
    unknown.form = "Q";
    CHECK(build_reply(rejected(unknown, {issue(Code::UNKNOWN_FORM, "Q", 0, "q")}), unknown, tiny(), "ru", ref) ==
          "ОШИБКА: форма Q?. Исправьте. #4F2A");
}

TEST_CASE("a non-GSM character in the problem makes the reply UCS-2, still one SMS") {
    const Report r;
    const std::string reply =
        build_reply(rejected(r, {issue(Code::UNKNOWN_CHAR, "Ж", 1, "Ж")}), r, tiny(), "en", ref);
    CHECK(reply == "ERROR: unknown character Ж. Fix and resend. #4F2A");
    CHECK(sms_size(reply).coding == SmsCoding::ucs2);
    CHECK(fits_one(reply));
}

TEST_CASE("warnings and the pipeline's own outcomes") {
    const Report r = results_report();
    Verdict w = verdict_for(tiny(), r, Status::warning);
    w.warnings = {issue(Code::CHECK_WARNING, "high_turnout: T=526 > 95% of 540")};
    CHECK(build_reply(w, r, tiny(), "en", ref) ==
          "OK R 01234 A312 B148 C57 X9 T526. Check: high_turnout: T=526 > 95% of 540 #4F2A");

    const Verdict ok = verdict_for(tiny(), r);
    CHECK(build_reply(ok, r, tiny(), "en", ref, {{issue(Code::DUPLICATE, "same as #0001")}, {}}) ==
          "ERROR: already received. Fix and resend. #4F2A");
    CHECK(build_reply(ok, r, tiny(), "en", ref, {{issue(Code::CONFLICT, "A312 vs A313")}, {}}) ==
          "ERROR: other values received for 01234, HQ will call. Fix and resend. #4F2A");
    CHECK(build_reply(ok, r, tiny(), "ru", ref, {{}, {issue(Code::PARTIAL, "part 1 of 2")}}) ==
          "ПРИНЯТО R 01234 A312 B148 C57 X9… Проверьте: сообщение неполное #4F2A");
    // A pipeline error wins over the verdict's warning, and is named first.
    CHECK(build_reply(w, r, tiny(), "ru", ref, {{issue(Code::CONFLICT, "")}, {}}) ==
          "ОШИБКА: расхождение по 01234. Исправьте. #4F2A");
}

TEST_CASE("shortening: the echo loses items from the end first") {
    Report r;
    r.form = "R";
    r.station = "01234";
    for (int i = 0; i < 40; ++i) r.values.push_back({"A", 1234, i + 2});
    const std::string en = build_reply(verdict_for(tiny(), r), r, tiny(), "en", ref);
    CHECK(en == "OK R 01234" + repeat(" A1234", 23) + ".. #4F2A");  // 24 items would be 162 septets
    CHECK(sms_size(en).units == 156);

    // UCS-2 replies mark the cut with the one-unit "…": 70 - len("ПРИНЯТО R 01234 #4F2A") = 49.
    const std::string ru = build_reply(verdict_for(tiny(), r), r, tiny(), "ru", ref);
    CHECK(ru == "ПРИНЯТО R 01234" + repeat(" A1234", 8) + "… #4F2A");
    CHECK(sms_size(ru).units == 70);
}

TEST_CASE("shortening: then the detail, keeping the error text, status word and reference") {
    Report r = results_report();
    Verdict w = verdict_for(tiny(), r, Status::warning);
    w.warnings = {issue(Code::CHECK_WARNING, "high_turnout: T=526 > 95% of 540")};
    const std::string kk = build_reply(w, r, tiny(), "kk", ref);
    CHECK(kk == "ҚАБЫЛДАНДЫ R 01234… Тексеріңіз: high_turnout: T=526 > 95% of 540 #4F2A");
    CHECK(sms_size(kk).units == 70);
    w.warnings = {issue(Code::CHECK_WARNING, "high_turnout: T*100=52600 but station.registered*95=51300")};
    const std::string cut = build_reply(w, r, tiny(), "kk", ref);
    CHECK(cut == "ҚАБЫЛДАНДЫ R 01234… Тексеріңіз: high_turnout: T*100=52600 but… #4F2A");
    CHECK(sms_size(cut).units == 68);

    const Verdict huge = rejected(r, {issue(Code::BAD_VALUE, std::string(100000, 'x'))});
    const std::string en = build_reply(huge, r, tiny(), "en", ref);
    CHECK(en == "ERROR: bad value " + std::string(118, 'x') + "... Fix and resend. #4F2A");
    CHECK(sms_size(en).units == 160);
    const std::string ru = build_reply(huge, r, tiny(), "ru", ref);
    CHECK(ru == "ОШИБКА: неверно " + std::string(36, 'x') + "… Исправьте. #4F2A");
    CHECK(fits_one(ru));

    // Cut detail that switches to UCS-2 only after the cut point stays GSM-7.
    const Verdict mixed = rejected(r, {issue(Code::BAD_VALUE, std::string(150, 'y') + "Ж")});
    const std::string gsm = build_reply(mixed, r, tiny(), "en", ref);
    CHECK(sms_size(gsm).coding == SmsCoding::gsm7);
    CHECK(gsm == "ERROR: bad value " + std::string(118, 'y') + "... Fix and resend. #4F2A");
}

TEST_CASE("pathological templates: the problem text alone, then the built-in minimal form") {
    Codebook cb = tiny_codebook();
    ReplyTemplates& en = cb.replies["en"];
    en.rejected = std::string(200, 'E') + " {problem} {ref}";
    en.accepted = repeat("Ж", 80) + " {echo} {ref}";
    en.warning = "{problem} {ref}";
    en.errors["CHECK_WARNING"] = repeat("Ю", 90);
    const Report r = results_report();
    // a status template too long for any SMS gives way to the problem in the language, not to the code
    CHECK(build_reply(rejected(r, {issue(Code::BAD_STATION, "0123")}), r, cb, "en", ref) == "station code 0123 #4F2A");
    cb.replies["en"].errors["BAD_STATION"] = repeat("Ж", 90) + " {detail}";
    CHECK(build_reply(rejected(r, {issue(Code::BAD_STATION, "0123")}), r, cb, "en", ref) == "ERR BAD_STATION #4F2A");
    CHECK(build_reply(verdict_for(cb, r), r, cb, "en", ref) == "OK #4F2A");
    Verdict w = verdict_for(cb, r, Status::warning);
    w.warnings = {issue(Code::CHECK_WARNING, "x")};
    CHECK(build_reply(w, r, cb, "en", ref) == "OK CHECK_WARNING #4F2A");
    // A reference nobody should pass is clipped rather than allowed to overflow the SMS.
    const std::string emoji_ref = repeat("\U0001F600", 100);
    const std::string clipped = build_reply(rejected(r, {issue(Code::UNREGISTERED_SENDER, "")}), r, cb, "en", emoji_ref);
    CHECK(clipped == "ERR UNREGISTERED_SENDER " + repeat("\U0001F600", 16));
    CHECK(fits_one(clipped));
    // A rejection without any error to name.
    CHECK(build_reply(verdict_for(cb, r, Status::rejected), r, cb, "en", ref) == "ERR #4F2A");
}

TEST_CASE("templates: missing pieces, stray braces, the reference always last") {
    Codebook cb = tiny_codebook();
    ReplyTemplates& t = cb.replies["en"];
    t.accepted = "{ref} got {echo} {unknown} {";
    t.errors.erase("BAD_STATION");
    t.more.clear();
    const Report r = results_report();
    CHECK(build_reply(verdict_for(cb, r), r, cb, "en", ref) ==
          "#4F2A got R 01234 A312 B148 C57 X9 T526 {unknown} { #4F2A");
    CHECK(build_reply(rejected(r, {issue(Code::BAD_STATION, "0123"), issue(Code::EMPTY, "")}), r, cb, "en", ref) ==
          "ERROR: BAD_STATION 0123 (+1). Fix and resend. #4F2A");
    cb.replies.clear();  // a codebook without any reply texts still answers
    CHECK(build_reply(verdict_for(cb, r), r, cb, "en", ref) == "OK R 01234 A312 B148 C57 X9 T526 #4F2A");
}

TEST_CASE("inserted text is cleaned, never expanded again") {
    const Report r = results_report();
    const Verdict v = rejected(r, {issue(Code::BAD_VALUE, "a\nb{ref}\x01{echo}\xFF")});
    CHECK(build_reply(v, r, tiny(), "en", ref) == "ERROR: bad value a b{ref} {echo}?. Fix and resend. #4F2A");
}

TEST_CASE("property: random reports, issues, templates and references always give one SMS ending with the reference") {
    std::mt19937_64 rng(20260412);
    auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
    const std::vector<std::string> pieces = {"a", "Z", "0", "9", " ", "€", "[", "ç", "Ж", "Қ", "\U0001F600",
                                             "\xFF", "\n", "{ref}", "{detail}", "%", "@", "`", "{", "}", "…"};
    auto text = [&](std::size_t max_pieces) {
        std::string s;
        const std::size_t n = pick(5) == 0 ? pick(max_pieces + 1) : pick(6);
        for (std::size_t i = 0; i < n; ++i) s += pieces[pick(pieces.size())];
        return s;
    };
    const std::vector<std::string> placeholders = {"{echo}", "{ref}", "{problem}", "{more}", "{n}", "{form}",
                                                   "{station}", "{tag}", "{value}", "{detail}"};
    auto tpl = [&]() {
        std::string s;
        const std::size_t n = pick(8);
        for (std::size_t i = 0; i < n; ++i) s += pick(2) ? placeholders[pick(placeholders.size())] : text(60);
        return s;
    };

    Codebook cb = tiny_codebook();
    const std::vector<std::string> languages = {"en", "ru", "kk", "zz", "missing"};
    int fallbacks_real = 0;
    int replies = 0;
    int cut = 0;       // replies that lost part of the echo or detail
    int ucs2 = 0;
    int minimal = 0;
    for (int iter = 0; iter < 5000; ++iter) {
        ReplyTemplates& zz = cb.replies["zz"];
        zz.accepted = tpl();
        zz.warning = tpl();
        zz.rejected = tpl();
        zz.more = tpl();
        zz.errors.clear();
        for (std::string_view name : code_names)
            if (pick(3)) zz.errors[std::string(name)] = tpl();

        const bool plain = pick(2) == 0;  // station digits and ASCII tags, as the parser gives them
        Report r;
        r.form = plain || pick(4) ? std::string(1, "RSNQ"[pick(4)]) : text(10);
        r.station = plain ? std::to_string(10000 + pick(90000)) : text(40);
        const std::size_t nv = pick(4) == 0 ? pick(60) : pick(8);
        for (std::size_t i = 0; i < nv; ++i)
            r.values.push_back({plain ? std::string(1, "ABCXTDE"[pick(7)]) : text(6),
                                static_cast<std::int64_t>(rng() >> pick(64)) * (pick(10) ? 1 : -1),
                                static_cast<int>(i) + 2});
        for (std::size_t i = pick(3) ? 0 : pick(20); i > 0; --i) r.incidents.push_back(static_cast<int>(pick(100)));
        r.has_comment = pick(4) == 0;

        Verdict v = verdict_for(cb, r, static_cast<Status>(pick(3)));
        auto random_issue = [&](bool warning) {
            const Code c = warning ? (pick(2) ? Code::CHECK_WARNING : Code::PARTIAL)
                                   : static_cast<Code>(pick(static_cast<std::size_t>(Code::CONFLICT) + 1));
            const std::size_t len = pick(10) == 0 ? 2000 : 40;
            return issue(c, plain ? std::string(pick(len), 'd') : text(len), static_cast<int>(pick(10)) - 1,
                         plain ? "b" : text(8));
        };
        for (std::size_t i = pick(3) ? pick(4) : 0; i > 0; --i) v.errors.push_back(random_issue(false));
        for (std::size_t i = pick(2) ? pick(3) : 0; i > 0; --i) v.warnings.push_back(random_issue(true));
        ReplyExtras extras;
        if (pick(8) == 0) extras.errors.push_back(issue(pick(2) ? Code::DUPLICATE : Code::CONFLICT, text(20)));
        if (pick(8) == 0) extras.warnings.push_back(issue(Code::PARTIAL, text(20)));

        const std::string token =
            pick(2) ? reference_for_id(static_cast<std::int64_t>(rng() >> pick(64))) : reference_for_text(text(30));
        const std::string& lang = languages[pick(languages.size())];
        const std::string reply = build_reply(v, r, cb, lang, token, extras);
        ++replies;

        CAPTURE(iter);
        CAPTURE(reply);
        REQUIRE(fits_one(reply));
        REQUIRE(ends_with(reply, token));
        for (std::size_t i = 0; i < reply.size();) {
            const Utf8Char u = decode_utf8(reply, i);
            REQUIRE(u.valid);
            REQUIRE((u.cp >= 0x20 || u.cp == '\n' || u.cp == '\r'));  // breaks only from templates
            i += u.len;
        }

        cut += reply.find("..") != std::string::npos || reply.find("\u2026") != std::string::npos;
        ucs2 += sms_size(reply).coding == SmsCoding::ucs2;

        const bool is_rejected = !v.errors.empty() || !extras.errors.empty() || v.status == Status::rejected;
        const bool is_minimal = reply.rfind("ERR ", 0) == 0 || reply == "OK " + token ||
                                reply.rfind("OK CHECK_WARNING ", 0) == 0 || reply.rfind("OK PARTIAL ", 0) == 0;
        minimal += is_minimal;
        if (lang == "zz") continue;
        const ReplyTemplates& t = cb.replies_for(lang);
        const std::string& status_tpl = is_rejected ? t.rejected
                                        : (!v.warnings.empty() || !extras.warnings.empty()) ? t.warning
                                                                                            : t.accepted;
        std::string status_word = status_tpl.substr(0, status_tpl.find('{'));
        while (!status_word.empty() && status_word.back() == ' ') status_word.pop_back();
        CHECK((reply.rfind(status_word, 0) == 0 || is_minimal));
        const bool nothing_to_name = is_rejected && v.errors.empty() && extras.errors.empty();
        if (is_minimal && plain && !nothing_to_name) {
            ++fallbacks_real;
            MESSAGE(reply);
        }
        // The error's own words survive every cut: each literal piece of its template is there.
        if (is_rejected && !is_minimal && (!v.errors.empty() || !extras.errors.empty())) {
            const Issue& first = extras.errors.empty() ? v.errors.front() : extras.errors.front();
            const std::string& et = t.errors.at(std::string(to_string(first.code)));
            std::size_t i = 0;
            while (i < et.size()) {
                const std::size_t open = std::min(et.find('{', i), et.size());
                std::string literal = et.substr(i, open - i);
                while (!literal.empty() && literal.back() == ' ') literal.pop_back();
                while (!literal.empty() && literal.front() == ' ') literal.erase(0, 1);
                if (!literal.empty()) CHECK(reply.find(literal) != std::string::npos);
                i = open == et.size() ? open : et.find('}', open) + 1;
            }
        }
    }
    CHECK(replies == 5000);
    // The run exercises every regime, not only the easy one.
    CHECK(cut > 500);
    CHECK(ucs2 > 1000);
    CHECK(minimal > 100);
    CHECK(fallbacks_real == 0);  // real templates with parser-like content never need the minimal form
}

namespace {

// What the pipeline does for one message, reply language from the sender's monitor record.
std::string reply_to(const Codebook& cb, std::string_view text, const std::string& phone) {
    const Report report = parse_message(text, cb);
    Sender sender;
    sender.raw = phone;
    sender.e164 = phone;
    const Verdict verdict = validate(report, cb, sender);
    const Monitor* monitor = cb.find_monitor(phone);
    return build_reply(verdict, report, cb, monitor ? monitor->language : cb.election.default_language,
                       reference_for_text(text));
}

}  // namespace

TEST_CASE("end to end with the tiny codebook: parse, validate, reply") {
    const Codebook* cb = &tiny();
    const std::string en = "+77010000001";  // 01001, English
    const std::string ru = "+77010000002";  // 01002;01003, Russian
    const std::string kk = "+77010000003";  // 01004, Kazakh
    auto ref = [](std::string_view text) { return reference_for_text(text); };

    const std::string ok = "R 01001 A312 B148 C57 X9 T526";
    CHECK(reply_to(*cb, ok, en) == "OK R 01001 A312 B148 C57 X9 T526 " + ref(ok));
    const std::string cyr = "r 0l002 а312 в148 c 57 x9 t526";
    CHECK(reply_to(*cb, cyr, ru) == "ПРИНЯТО R 01002 A312 B148 C57 X9 T526 " + ref(cyr));
    const std::string setup = "s01001 a0730 b1 c2 e3";
    CHECK(reply_to(*cb, setup, en) == "OK S 01001 A0730 B1 C2 E3 " + ref(setup));
    const std::string incident = "N 01001 1 12 @ наблюдателя выгнали";
    CHECK(reply_to(*cb, incident, en) == "OK N 01001 1 12 @ " + ref(incident));

    const std::vector<std::pair<std::string, std::string>> rejected_cases = {
        {"R 01001 A312 B148 C57 X9 T527", en}, {"R 01001 A312 B148", en},  {"R 01002 A312 B148 C57 X9 T526", en},
        {"R 99999 A1 B1 C1 X0 T3", ru},        {"Q 01002 A1", ru},         {"R 01004 A1 B1 C1 X0 T3 Z9", kk},
        {"R 01004 A1 A2 B1 C1 X0 T3", kk},     {"R 01004 A жж", kk},       {"", en},
        {"R 01001 A312 B148 C57 X9 T526", "+77019999999"},
    };
    for (const auto& rejected : rejected_cases) {
        // Named, not a structured binding: Clang 14 cannot capture a binding (CAPTURE is a lambda).
        const std::string& text = rejected.first;
        const std::string& phone = rejected.second;
        const std::string reply = reply_to(*cb, text, phone);
        CAPTURE(text);
        CAPTURE(reply);
        CHECK(fits_one(reply));
        CHECK(ends_with(reply, ref(text)));
        const bool any_status = reply.rfind("ERROR: ", 0) == 0 || reply.rfind("ОШИБКА: ", 0) == 0 ||
                                reply.rfind("ҚАТЕ: ", 0) == 0;
        CHECK(any_status);
    }

    // kk, high turnout: 290 of 300 registered is a warning; the reply still fits 70 units.
    const std::string high = "R 01004 A100 B100 C85 X5 T290";
    const std::string warned = reply_to(*cb, high, kk);
    CAPTURE(warned);
    CHECK(warned.rfind("ҚАБЫЛДАНДЫ R 01004", 0) == 0);
    CHECK(warned.find("high_turnout") != std::string::npos);
    CHECK(sms_size(warned).coding == SmsCoding::ucs2);
    CHECK(fits_one(warned));
}
