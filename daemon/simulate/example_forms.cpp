// The example codebook's forms (S setup, R party list, D district, N incidents) and reply templates.
#include "daemon/simulate/example_forms.hpp"

#include "daemon/simulate/example_frame.hpp"

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

// Words for the options of a results form in each language.
struct OptionWords {
    std::string_view en, ru, kk;
};

// The checks both results forms carry: arithmetic consistency, the list size, and a turnout flag.
// Each message is the whole reply text in its language (the English one also follows the formula
// in the operators' JSON detail), so it carries the figures the check used as they were understood
// ({lhs} {rhs}, {values} {registered}) for the monitor to compare with the protocol, and stays
// short enough for a 70-character UCS-2 SMS.
void results_checks(std::string& out, OptionWords options) {
    struct Text {
        std::string_view id, expr;
        std::string en, ru, kk;
    };
    const Text checks[] = {
        {"sum_cast", "sum(options) + X == T", std::string(options.en) + "+X={lhs} but T={rhs}",
         "сумма " + std::string(options.ru) + "+X={lhs}, а T={rhs}",
         std::string(options.kk) + "+X={lhs}, ал T={rhs}"},
        {"cast_registered", "T <= station.registered", "T={lhs} but only {rhs} registered",
         "T={lhs}, а избирателей всего {rhs}", "T={lhs}, ал сайлаушылар саны {rhs}"},
        {"high_turnout", "T * 100 <= station.registered * 90", "turnout over 90%: {values} of {registered} registered",
         "явка выше 90%: {values} при {registered} избирателях", "{values}, сайлаушы {registered}: 90%-дан көп"},
    };
    for (const Text& c : checks) {
        out += "\n  [[forms.checks]]\n  id = " + quoted(c.id) + "\n  expr = " + quoted(c.expr) +
               "\n  severity = " + quoted(c.id == "high_turnout" ? "warning" : "error") +
               "\n  message = " + quoted(c.en) + "\n  message_ru = " + quoted(c.ru) +
               "\n  message_kk = " + quoted(c.kk) + "\n";
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
    results_checks(out, {"parties", "партий", "партиялар"});
}

void district_form(std::string& out) {
    out += "\n[[forms]]\ncode = \"D\"\nname = \"District results\"\nkind = \"results\"\ncontest = \"DM\"\n"
           "options = \"candidates\"\ninvalid = \"X\"\ncast = \"T\"\n";
    // Up to seven candidates per district, so tags stop at G, well before I.
    for (char tag = 'A'; tag <= 'G'; ++tag) field(out, {&tag, 1}, std::string("Candidate ") + tag, "count", count_max);
    field(out, "X", "Invalid ballots", "count", count_max);
    field(out, "T", "Ballots cast", "count", count_max);
    results_checks(out, {"candidates", "кандидатов", "кандидаттар"});
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
             std::initializer_list<Texts> errors, std::initializer_list<Texts> reasons = {}) {
    out += "\n[replies." + std::string(lang) + "]\n";
    for (const auto& [key, text] : top) out += std::string(key) + " = " + quoted(text) + "\n";
    out += "\n  [replies." + std::string(lang) + ".errors]\n";
    for (const auto& [key, text] : errors) out += "  " + std::string(key) + " = " + quoted(text) + "\n";
    if (reasons.size() == 0) return;
    out += "\n  [replies." + std::string(lang) + ".reasons]\n";
    for (const auto& [key, text] : reasons) out += "  " + std::string(key) + " = " + quoted(text) + "\n";
}

// Cyrillic forces UCS-2 (70 characters per SMS), so the Russian and Kazakh texts are terse, and the
// accepted reply is Latin "OK" in every language: the echo of a full R report is ~50 characters,
// which together with a Cyrillic word would no longer fit one UCS-2 SMS.
// No text uses {detail} (English, for operators; check-codebook warns): they are built from the
// issue's facts ({tag} {value} {width} ...), with a text per kind of problem ([...reasons]) where
// one text per code would be vague. "Ошибка: " + text + " (+2). Исправьте #ABCD" leaves about 40
// characters for the text itself.
void all_replies(std::string& out) {
    replies(out, "ru",
            {{"accepted", "OK {echo} {ref}"},
             {"warning", "Принято. Проверьте: {problem} {ref}"},
             {"rejected", "Ошибка: {problem}{more}. Исправьте {ref}"},
             {"more", " (+{n})"},
             {"reminder", "Напоминание: нет отчёта {form} по участку {station}. Пришлите, пожалуйста."}},
            {{"EMPTY", "пустое сообщение"},
             {"UNKNOWN_FORM", "неизвестная форма {value}; формы: {forms}"},
             {"BAD_STATION", "неверный код участка {value}"},
             {"UNKNOWN_STATION", "участка {station} нет в списке"},
             {"UNKNOWN_TAG", "неизвестный пункт {tag}"},
             {"DUPLICATE_TAG", "{tag} указан дважды"},
             {"MISSING_VALUE", "нет числа после {tag}"},
             {"BAD_VALUE", "{tag} {value}: неверное значение"},
             {"OUT_OF_RANGE", "{tag}={value}: недопустимое значение"},
             {"MISSING_TAGS", "не хватает {tags}"},
             {"CHECK_FAILED", "{message}"},
             {"UNKNOWN_CHAR", "непонятный символ {value}"},
             {"UNREGISTERED_SENDER", "номер не в списке, звоните в штаб"},
             {"NOT_ASSIGNED", "{station} не ваш участок"},
             {"DUPLICATE", "уже получено"},
             {"CONFLICT", "другие цифры по {station}, штаб позвонит"},
             {"CHECK_WARNING", "{message}"},
             {"PARTIAL", "сообщение неполное"}},
            {{"too_long", "слишком длинное сообщение"},
             {"comment_only", "нет отчёта до знака @"},
             {"form_missing", "нет буквы формы ({forms}) перед {value}"},
             {"form_digit", "{value} вместо буквы формы ({forms})"},
             {"station_missing", "нет кода участка ({width} цифр)"},
             {"station_width", "код участка {value}: нужно {width} цифр"},
             {"station_split", "код участка {value}: пишите слитно"},
             {"no_tag", "число {value} без буквы пункта"},
             {"split", "{tag} {value}: пишите число слитно"},
             {"letters", "после {tag} нужно число, а не {value}"},
             {"time", "{tag} {value}: неверное время (ЧЧММ)"},
             {"yesno", "{tag} {value}: ответ 1 (да) или 2 (нет)"},
             {"one_digit", "{tag} {value}: нужна одна цифра"},
             {"multi_zero", "{tag} {value}: варианта 0 нет"},
             {"too_many_digits", "{tag}: слишком длинное число"},
             {"incident_letters", "коды инцидентов пишите цифрами"},
             {"incident_unknown", "нет инцидента с кодом {value}"},
             {"incident_missing", "нет кода инцидента"},
             {"not_candidate", "{tag}: нет такого кандидата в округе {district}"},
             {"max", "{tag}={value}: не больше {max}"},
             {"min", "{tag}={value}: не меньше {min}"},
             {"choices", "{tag}={value}: можно только {choices}"},
             {"in_value", "непонятный символ {value} в пункте {tag}"},
             {"bytes", "непонятные символы, наберите заново"}});
    replies(out, "kk",
            {{"accepted", "OK {echo} {ref}"},
             {"warning", "Қабылданды. Тексеріңіз: {problem} {ref}"},
             {"rejected", "Қате: {problem}{more}. Түзетіңіз {ref}"},
             {"more", " (+{n})"},
             {"reminder", "Еске салу: {station} учаскесі бойынша {form} есебі жоқ. Жіберіңіз."}},
            {{"EMPTY", "бос хабарлама"},
             {"UNKNOWN_FORM", "{value} деген форма жоқ; бар: {forms}"},
             {"BAD_STATION", "учаске коды қате: {value}"},
             {"UNKNOWN_STATION", "{station} учаскесі тізімде жоқ"},
             {"UNKNOWN_TAG", "белгісіз тармақ {tag}"},
             {"DUPLICATE_TAG", "{tag} екі рет жазылған"},
             {"MISSING_VALUE", "{tag} мәні жоқ"},
             {"BAD_VALUE", "{tag} {value}: мән қате"},
             {"OUT_OF_RANGE", "{tag}={value}: мұндай мән болмайды"},
             {"MISSING_TAGS", "жетіспейді: {tags}"},
             {"CHECK_FAILED", "{message}"},
             {"UNKNOWN_CHAR", "түсініксіз таңба {value}"},
             {"UNREGISTERED_SENDER", "нөмір тіркелмеген, штабқа хабарласыңыз"},
             {"NOT_ASSIGNED", "{station} сіздің учаскеңіз емес"},
             {"DUPLICATE", "бұрын қабылданған"},
             {"CONFLICT", "{station}: басқа сандар, штаб хабарласады"},
             {"CHECK_WARNING", "{message}"},
             {"PARTIAL", "хабарлама толық емес"}},
            {{"too_long", "хабарлама тым ұзын"},
             {"comment_only", "@ белгісіне дейін есеп жоқ"},
             {"form_missing", "{value} алдында форма әрпі ({forms}) жоқ"},
             {"form_digit", "форма әрпінің ({forms}) орнына {value} цифры"},
             {"station_missing", "учаске коды жоқ ({width} цифр)"},
             {"station_width", "учаске коды {value}: {width} цифр керек"},
             {"station_split", "учаске коды {value}: бос орынсыз жазыңыз"},
             {"no_tag", "{value} санының алдында әріп жоқ"},
             {"split", "{tag} {value}: санды бос орынсыз жазыңыз"},
             {"letters", "{tag} мәні сан болуы керек, {value} емес"},
             {"time", "{tag} {value}: уақыт қате (ССММ)"},
             {"yesno", "{tag} {value}: жауап 1 (иә) не 2 (жоқ)"},
             {"one_digit", "{tag} {value}: бір цифр керек"},
             {"multi_zero", "{tag} {value}: 0 нұсқасы жоқ"},
             {"too_many_digits", "{tag}: сан тым ұзын"},
             {"incident_letters", "оқиға кодтарын цифрмен жазыңыз"},
             {"incident_unknown", "{value} кодты оқиға жоқ"},
             {"incident_missing", "оқиға коды жоқ"},
             {"not_candidate", "{tag}: {district} округте мұндай кандидат жоқ"},
             {"max", "{tag}={value}: ең көбі {max}"},
             {"min", "{tag}={value}: ең азы {min}"},
             {"choices", "{tag}={value}: тек {choices} болады"},
             {"in_value", "{tag} тармағында түсініксіз таңба {value}"},
             {"bytes", "түсініксіз таңбалар, қайта теріңіз"}});
    replies(out, "en",
            {{"accepted", "OK {echo} {ref}"},
             {"warning", "OK {echo}. Check: {problem} {ref}"},
             {"rejected", "ERROR: {problem}{more}. Fix and resend. {ref}"},
             {"more", " (+{n} more)"},
             {"reminder", "Reminder: no {form} report from station {station} yet (due {window}). Please send it now."}},
            {{"EMPTY", "empty message"},
             {"UNKNOWN_FORM", "unknown form {value}; forms: {forms}"},
             {"BAD_STATION", "bad station code {value}"},
             {"UNKNOWN_STATION", "no station {station}"},
             {"UNKNOWN_TAG", "unknown item {tag}"},
             {"DUPLICATE_TAG", "{tag} twice"},
             {"MISSING_VALUE", "no number after {tag}"},
             {"BAD_VALUE", "{tag} {value}: bad value"},
             {"OUT_OF_RANGE", "{tag}={value}: out of range"},
             {"MISSING_TAGS", "missing {tags}"},
             {"CHECK_FAILED", "{message}"},
             {"UNKNOWN_CHAR", "unknown character {value}"},
             {"UNREGISTERED_SENDER", "phone not registered, call HQ"},
             {"NOT_ASSIGNED", "{station} is not your station"},
             {"DUPLICATE", "already received"},
             {"CONFLICT", "other figures received for {station}, HQ will call"},
             {"CHECK_WARNING", "{message}"},
             {"PARTIAL", "message incomplete"}},
            {{"too_long", "message too long"},
             {"comment_only", "no report before the @"},
             {"form_missing", "no form letter ({forms}) before {value}"},
             {"form_digit", "{value} where the form letter ({forms}) goes"},
             {"station_missing", "no station code ({width} digits)"},
             {"station_width", "station code {value}: {width} digits needed"},
             {"station_split", "station code {value}: write it without spaces"},
             {"no_tag", "number {value} has no item letter"},
             {"split", "{tag} {value}: write the number without spaces"},
             {"letters", "{tag} needs a number, not {value}"},
             {"time", "{tag} {value}: not a time (HHMM)"},
             {"yesno", "{tag} {value}: answer 1 (yes) or 2 (no)"},
             {"one_digit", "{tag} {value}: one digit needed"},
             {"multi_zero", "{tag} {value}: there is no option 0"},
             {"too_many_digits", "{tag}: number too long"},
             {"incident_letters", "write incident codes as numbers"},
             {"incident_unknown", "no incident with code {value}"},
             {"incident_missing", "no incident code"},
             {"not_candidate", "{tag}: no such candidate in district {district}"},
             {"max", "{tag}={value}: at most {max}"},
             {"min", "{tag}={value}: at least {min}"},
             {"choices", "{tag}={value}: only {choices}"},
             {"in_value", "unknown character {value} in item {tag}"},
             {"bytes", "unreadable characters, type it again"}});
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
