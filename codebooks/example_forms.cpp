// The example codebook's forms (S setup, R party list, D district, N incidents) and reply templates.
#include "codebooks/example_forms.hpp"

#include "codebooks/example_frame.hpp"

#include <string_view>
#include <utility>

namespace smsgw {

namespace {

std::string quoted(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

void field(std::string& out, std::string_view tag, std::string_view label, std::string_view kind,
           std::string_view extra = {}) {
    out += "\n  [[forms.fields]]\n  tag = " + quoted(tag) + "\n  label = " + quoted(label) + "\n  kind = " +
           quoted(kind) + "\n";
    out += extra;
}

constexpr std::string_view count_max = "  max = 5000\n";

// The checks both results forms carry: arithmetic consistency, the list size, and a turnout flag.
void results_checks(std::string& out, std::string_view options_word) {
    const std::pair<std::string_view, std::string_view> checks[] = {
        {"sum_cast", "sum(options) + X == T"},
        {"cast_registered", "T <= station.registered"},
        {"high_turnout", "T * 100 <= station.registered * 90"},
    };
    const std::string messages[] = {std::string(options_word) + " + X must equal T", "T above registered voters",
                                    "turnout above 90%"};
    for (std::size_t i = 0; i < 3; ++i) {
        out += "\n  [[forms.checks]]\n  id = " + quoted(checks[i].first) + "\n  expr = " + quoted(checks[i].second) +
               "\n  severity = " + quoted(i == 2 ? "warning" : "error") + "\n  message = " + quoted(messages[i]) +
               "\n";
    }
}

void setup_form(std::string& out) {
    out += "[[forms]]\ncode = \"S\"\nname = \"Setup checklist\"\nkind = \"checklist\"\n";
    field(out, "A", "Arrival time", "time");
    field(out, "B", "Opened on time", "yesno");
    field(out, "C", "All materials present", "yesno");
    field(out, "D", "Observers admitted", "yesno");
    field(out, "E", "Ballot box shown empty and sealed", "yesno");
    field(out, "F", "Number of observers present", "count", "  min = 0\n  max = 50\n");
    field(out, "G", "Missing: 1 ballots 2 voter list 3 stamps 4 boxes 5 booths 6 protocols", "multi",
          "  choices = [1, 2, 3, 4, 5, 6]\n  required = false\n");
    field(out, "H", "Police: 1 none 2 outside 3 inside", "choice", "  choices = [1, 2, 3]\n");
}

void party_list_form(std::string& out) {
    std::string options;
    for (const auto& p : example_parties()) options += std::string(options.empty() ? "" : ", ") + quoted({&p.tag, 1});
    out += "\n[[forms]]\ncode = \"R\"\nname = \"Party list results\"\nkind = \"results\"\ncontest = \"PL\"\n"
           "options = [" + options + "]\ninvalid = \"X\"\ncast = \"T\"\n";
    for (const auto& p : example_parties()) field(out, {&p.tag, 1}, p.name, "count", count_max);
    field(out, "X", "Invalid ballots", "count", count_max);
    field(out, "T", "Ballots cast", "count", count_max);
    results_checks(out, "parties");
}

void district_form(std::string& out) {
    out += "\n[[forms]]\ncode = \"D\"\nname = \"District results\"\nkind = \"results\"\ncontest = \"DM\"\n"
           "options = \"candidates\"\ninvalid = \"X\"\ncast = \"T\"\n";
    // Up to seven candidates per district, so tags stop at G, well before I.
    for (char tag = 'A'; tag <= 'G'; ++tag) field(out, {&tag, 1}, std::string("Candidate ") + tag, "count", count_max);
    field(out, "X", "Invalid ballots", "count", count_max);
    field(out, "T", "Ballots cast", "count", count_max);
    results_checks(out, "candidates");
}

void incident_form(std::string& out) {
    // N, not I: I folds to 1 where digits are expected and check-codebook warns about it.
    out += "\n[[forms]]\ncode = \"N\"\nname = \"Incident\"\nkind = \"incident\"\n";
    constexpr std::string_view labels[] = {
        "Ballot stuffing",
        "Observer expelled",
        "Voters turned away",
        "Carousel voting",
        "Pressure on voters",
        "Vote buying",
        "Voting more than once",
        "Unauthorized persons in the station",
        "Campaigning at the station",
        "Ballot box not sealed",
        "Voter list irregularities",
        "Violence or threats",
        "Observer denied documents",
        "Count procedure violated",
        "Other (describe after @)",
    };
    int code = 1;
    for (auto label : labels)
        out += "\n  [[forms.incidents]]\n  code = " + std::to_string(code++) + "\n  label = " + quoted(label) + "\n";
}

using Texts = std::pair<std::string_view, std::string_view>;

void replies(std::string& out, std::string_view lang, std::initializer_list<Texts> top,
             std::initializer_list<Texts> errors) {
    out += "\n[replies." + std::string(lang) + "]\n";
    for (const auto& [key, text] : top) out += std::string(key) + " = " + quoted(text) + "\n";
    out += "\n  [replies." + std::string(lang) + ".errors]\n";
    for (const auto& [key, text] : errors) out += "  " + std::string(key) + " = " + quoted(text) + "\n";
}

// Cyrillic forces UCS-2 (70 characters per SMS), so the Russian and Kazakh texts are terse, and the
// accepted reply is Latin "OK" in every language: the echo of a full R report is ~50 characters,
// which together with a Cyrillic word would no longer fit one UCS-2 SMS.
void all_replies(std::string& out) {
    replies(out, "ru",
            {{"accepted", "OK {echo} {ref}"},
             {"warning", "Принято. Проверьте: {problem} {ref}"},
             {"rejected", "Ошибка: {problem}{more}. Исправьте {ref}"},
             {"more", " (+{n})"}},
            {{"EMPTY", "пустое сообщение"},
             {"UNKNOWN_FORM", "нет формы {detail}"},
             {"BAD_STATION", "код участка {detail}"},
             {"UNKNOWN_STATION", "нет участка {station}"},
             {"UNKNOWN_TAG", "лишнее {detail}"},
             {"DUPLICATE_TAG", "{tag} дважды"},
             {"MISSING_VALUE", "нет числа после {tag}"},
             {"BAD_VALUE", "неверно {detail}"},
             {"OUT_OF_RANGE", "{detail} вне диапазона"},
             {"MISSING_TAGS", "нет {detail}"},
             {"CHECK_FAILED", "{detail}"},
             {"UNKNOWN_CHAR", "символ {detail}"},
             {"UNREGISTERED_SENDER", "номер не в списке, звоните в штаб"},
             {"NOT_ASSIGNED", "{station} не ваш участок"},
             {"DUPLICATE", "уже получено"},
             {"CONFLICT", "другие цифры по {station}, штаб позвонит"},
             {"CHECK_WARNING", "{detail}"},
             {"PARTIAL", "сообщение неполное"}});
    replies(out, "kk",
            {{"accepted", "OK {echo} {ref}"},
             {"warning", "Қабылданды. Тексеріңіз: {problem} {ref}"},
             {"rejected", "Қате: {problem}{more}. Түзетіңіз {ref}"},
             {"more", " (+{n})"}},
            {{"EMPTY", "бос хабарлама"},
             {"UNKNOWN_FORM", "{detail} формасы жоқ"},
             {"BAD_STATION", "учаске коды {detail}"},
             {"UNKNOWN_STATION", "{station} учаскесі жоқ"},
             {"UNKNOWN_TAG", "артық {detail}"},
             {"DUPLICATE_TAG", "{tag} екі рет"},
             {"MISSING_VALUE", "{tag} кейін сан жоқ"},
             {"BAD_VALUE", "қате мән {detail}"},
             {"OUT_OF_RANGE", "{detail} шектен тыс"},
             {"MISSING_TAGS", "{detail} жоқ"},
             {"CHECK_FAILED", "{detail}"},
             {"UNKNOWN_CHAR", "белгісіз таңба {detail}"},
             {"UNREGISTERED_SENDER", "нөмір тіркелмеген, штабқа хабарласыңыз"},
             {"NOT_ASSIGNED", "{station} сіздің учаскеңіз емес"},
             {"DUPLICATE", "бұрын қабылданған"},
             {"CONFLICT", "{station}: басқа сандар, штаб хабарласады"},
             {"CHECK_WARNING", "{detail}"},
             {"PARTIAL", "хабарлама толық емес"}});
    replies(out, "en",
            {{"accepted", "OK {echo} {ref}"},
             {"warning", "OK {echo}. Check: {problem} {ref}"},
             {"rejected", "ERROR: {problem}{more}. Fix and resend. {ref}"},
             {"more", " (+{n} more)"}},
            {{"EMPTY", "empty message"},
             {"UNKNOWN_FORM", "unknown form {detail}"},
             {"BAD_STATION", "bad station code {detail}"},
             {"UNKNOWN_STATION", "no station {station}"},
             {"UNKNOWN_TAG", "unknown item {detail}"},
             {"DUPLICATE_TAG", "{tag} twice"},
             {"MISSING_VALUE", "no number after {tag}"},
             {"BAD_VALUE", "bad value {detail}"},
             {"OUT_OF_RANGE", "{detail} out of range"},
             {"MISSING_TAGS", "missing {detail}"},
             {"CHECK_FAILED", "{detail}"},
             {"UNKNOWN_CHAR", "unknown letter {detail}"},
             {"UNREGISTERED_SENDER", "phone not registered, call HQ"},
             {"NOT_ASSIGNED", "{station} is not your station"},
             {"DUPLICATE", "already received"},
             {"CONFLICT", "other figures received for {station}, HQ will call"},
             {"CHECK_WARNING", "{detail}"},
             {"PARTIAL", "message incomplete"}});
}

}  // namespace

std::string example_forms_toml() {
    std::string out;
    setup_form(out);
    party_list_form(out);
    district_form(out);
    incident_form(out);
    all_replies(out);
    return out;
}

}  // namespace smsgw
