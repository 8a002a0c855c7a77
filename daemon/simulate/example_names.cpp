// Synthetic names for the example codebook: word lists and how they are combined.
#include "daemon/simulate/example_names.hpp"

#include <array>
#include <initializer_list>

namespace smsgw {

namespace {

// One word in Cyrillic and in the Kazakh Latin alphabet, so a name can be written either way.
struct Word {
    std::string_view cyr;
    std::string_view lat;
};

// A street or place word in Russian, Kazakh and English.
struct Word3 {
    std::string_view ru;
    std::string_view kk;
    std::string_view en;
};

constexpr std::array<std::string_view, 30> ru_male = {
    "Александр", "Алексей", "Андрей", "Антон",   "Артём",    "Борис",      "Вадим",   "Валерий",
    "Виктор",    "Виталий", "Владимир", "Геннадий", "Григорий", "Денис",     "Дмитрий", "Евгений",
    "Игорь",     "Илья",    "Кирилл",  "Константин", "Максим", "Михаил",     "Никита",  "Николай",
    "Олег",      "Павел",   "Роман",   "Сергей",   "Станислав", "Юрий"};

constexpr std::array<std::string_view, 26> ru_female = {
    "Алёна",  "Анастасия", "Анна",   "Валентина", "Вера",    "Виктория", "Галина",  "Дарья",   "Евгения",
    "Екатерина", "Елена",  "Ирина",  "Ксения",    "Лариса",  "Людмила",  "Марина",  "Мария",   "Наталья",
    "Нина",   "Оксана",    "Ольга",  "Полина",    "Светлана", "Софья",   "Татьяна", "Юлия"};

constexpr std::array<std::string_view, 40> ru_surnames = {
    "Белов",     "Васильев",  "Воронин",   "Гаврилов",  "Голубев",   "Григорьев", "Ерёмин",    "Жуков",
    "Зайцев",    "Калинин",   "Карпов",    "Ковалёв",   "Козлов",    "Комаров",   "Кузнецов",  "Лебедев",
    "Макаров",   "Медведев",  "Морозов",   "Никитин",   "Новиков",   "Орлов",     "Павлов",    "Поляков",
    "Романов",   "Семёнов",   "Соколов",   "Степанов",  "Тихонов",   "Фёдоров",   "Фролов",    "Широков",
    "Яковлев",   "Островский", "Ковальский", "Шевченко", "Бондаренко", "Ким",      "Пак",       "Литвиненко"};

constexpr std::array<Word, 26> kk_male = {{
    {"Ержан", "Erjan"},     {"Нұрлан", "Nurlan"},     {"Асқар", "Asqar"},   {"Бауыржан", "Bauyrjan"},
    {"Дәурен", "Dauren"},   {"Ерлан", "Erlan"},       {"Жандос", "Jandos"}, {"Қайрат", "Qairat"},
    {"Мұрат", "Murat"},     {"Серік", "Serik"},       {"Талғат", "Talgat"}, {"Тимур", "Timur"},
    {"Әлібек", "Alibek"},   {"Ғалым", "Galym"},       {"Дархан", "Darhan"}, {"Бекзат", "Bekzat"},
    {"Арман", "Arman"},     {"Самат", "Samat"},       {"Руслан", "Ruslan"}, {"Азамат", "Azamat"},
    {"Ерболат", "Erbolat"}, {"Мақсат", "Maqsat"},     {"Рүстем", "Rustem"}, {"Дидар", "Didar"},
    {"Олжас", "Oljas"},     {"Жанболат", "Janbolat"},
}};

constexpr std::array<Word, 22> kk_female = {{
    {"Айгүл", "Aigul"},       {"Айгерім", "Aigerim"}, {"Әсел", "Asel"},         {"Гүлнар", "Gulnar"},
    {"Динара", "Dinara"},     {"Жанар", "Janar"},     {"Жұлдыз", "Juldyz"},     {"Салтанат", "Saltanat"},
    {"Меруерт", "Meruert"},   {"Нұргүл", "Nurgul"},   {"Ақмарал", "Aqmaral"},   {"Сәуле", "Saule"},
    {"Дана", "Dana"},         {"Камила", "Kamila"},   {"Толқын", "Tolqyn"},     {"Гүлмира", "Gulmira"},
    {"Балжан", "Baljan"},     {"Аружан", "Arujan"},   {"Индира", "Indira"},     {"Маржан", "Marjan"},
    {"Ләззат", "Lazzat"},     {"Шынар", "Shynar"},
}};

// Kazakh surnames in their masculine -ов/-ев form; the feminine adds -а / -a.
constexpr std::array<Word, 26> kk_surnames = {{
    {"Ахметов", "Ahmetov"},         {"Бекенов", "Bekenov"},       {"Жақсылықов", "Jaqsylyqov"},
    {"Омаров", "Omarov"},           {"Сейітов", "Seiitov"},       {"Төлеуов", "Toleuov"},
    {"Қасымов", "Qasymov"},         {"Әбдірахманов", "Abdirahmanov"}, {"Нұрпейісов", "Nurpeiisov"},
    {"Ержанов", "Erjanov"},         {"Мұхамеджанов", "Muhamedjanov"}, {"Сапаров", "Saparov"},
    {"Исабеков", "Isabekov"},       {"Тұрсынов", "Tursynov"},     {"Жұмабаев", "Jumabaev"},
    {"Оспанов", "Ospanov"},         {"Байжанов", "Baijanov"},     {"Құдайбергенов", "Qudaibergenov"},
    {"Серікбаев", "Serikbaev"},     {"Рахимов", "Rahimov"},       {"Шәкенов", "Shakenov"},
    {"Дәулетов", "Dauletov"},       {"Есенов", "Esenov"},         {"Мәмбетов", "Mambetov"},
    {"Қалиев", "Qaliev"},           {"Үсенов", "Usenov"},
}};

constexpr std::array<std::string_view, 20> en_given = {
    "Emma",  "Oliver", "Sophie", "James", "Hannah", "Lukas", "Clara", "Daniel", "Maria", "Thomas",
    "Laura", "Jonas",  "Eva",    "Peter", "Anna",   "Mark",  "Julia", "Martin", "Sarah", "Paul"};

constexpr std::array<std::string_view, 20> en_surnames = {
    "Andersen", "Baker",  "Novak",    "Fischer", "Hughes", "Keller", "Lindqvist", "Moreau", "Nowak", "Olsen",
    "Price",    "Richter", "Schneider", "Turner", "Vogel", "Walsh",  "Bauer",     "Dubois", "Jensen", "Marsh"};

// Village names are a Kazakh-looking prefix and suffix ("Сарыбұлақ") or a Russian-style name.
constexpr std::array<Word, 16> village_heads = {{
    {"Ақ", "Aq"},       {"Қара", "Qara"},   {"Сары", "Sary"},   {"Көк", "Kok"},   {"Жаңа", "Jana"},
    {"Бес", "Bes"},     {"Қызыл", "Qyzyl"}, {"Ұлы", "Uly"},     {"Тас", "Tas"},   {"Шұбар", "Shubar"},
    {"Алтын", "Altyn"}, {"Кең", "Ken"},     {"Жел", "Jel"},     {"Үш", "Ush"},    {"Ескі", "Eski"},
    {"Бай", "Bai"},
}};

constexpr std::array<Word, 16> village_tails = {{
    {"бұлақ", "bulaq"}, {"тал", "tal"},     {"су", "su"},       {"көл", "kol"},     {"төбе", "tobe"},
    {"ағаш", "agash"},  {"жар", "jar"},     {"қайың", "qaiyn"}, {"арық", "aryq"},   {"құдық", "qudyq"},
    {"тау", "tau"},     {"өзек", "ozek"},   {"шоқы", "shoqy"},  {"дала", "dala"},   {"кент", "kent"},
    {"қоныс", "qonys"},
}};

constexpr std::array<Word, 14> ru_villages = {{
    {"Степное", "Stepnoe"},       {"Заречное", "Zarechnoe"},   {"Озёрное", "Ozernoe"},
    {"Берёзовка", "Berezovka"},   {"Каменка", "Kamenka"},      {"Луговое", "Lugovoe"},
    {"Садовое", "Sadovoe"},       {"Приречное", "Prirechnoe"}, {"Соколовка", "Sokolovka"},
    {"Сосновка", "Sosnovka"},     {"Новопокровка", "Novopokrovka"}, {"Красный Яр", "Krasnyi Yar"},
    {"Вишнёвка", "Vishnevka"},    {"Покровка", "Pokrovka"},
}};

// Names in quotes on culture houses and sports halls.
constexpr std::array<Word, 12> venue_words = {{
    {"Достық", "Dostyq"}, {"Жастар", "Jastar"}, {"Болашақ", "Bolashaq"}, {"Шапағат", "Shapagat"},
    {"Нұр", "Nur"},       {"Самал", "Samal"},   {"Арман", "Arman"},       {"Дружба", "Druzhba"},
    {"Юность", "Yunost"}, {"Рассвет", "Rassvet"}, {"Олимп", "Olimp"},     {"Сұңқар", "Sunqar"},
}};

constexpr std::array<Word3, 8> streets = {{
    {"Центральная", "Орталық", "Central"},        {"Мира", "Бейбітшілік", "Peace"},
    {"Школьная", "Мектеп", "School"},             {"Степная", "Дала", "Steppe"},
    {"Садовая", "Бақша", "Garden"},               {"Молодёжная", "Жастар", "Youth"},
    {"Независимости", "Тәуелсіздік", "Independence"}, {"Железнодорожная", "Теміржол", "Railway"},
}};

template <class T, std::size_t N>
std::span<const T> all(const std::array<T, N>& a) {
    return {a.data(), a.size()};
}

// Index drawn with the given integer weights.
std::size_t weighted(ExampleRng& rng, std::initializer_list<std::uint64_t> weights) {
    std::uint64_t total = 0;
    for (auto w : weights) total += w;
    auto r = rng.below(total);
    std::size_t i = 0;
    for (auto w : weights) {
        if (r < w) return i;
        r -= w;
        ++i;
    }
    return i - 1;
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string russian_feminine(std::string_view surname) {
    std::string s(surname);
    if (ends_with(s, "ский")) return s.substr(0, s.size() - std::string_view("ий").size()) + "ая";
    if (ends_with(s, "ов") || ends_with(s, "ев") || ends_with(s, "ёв") || ends_with(s, "ин")) return s + "а";
    return s;  // -енко, Ким, Пак do not change
}

std::string join(std::string_view given, std::string_view surname, bool surname_first) {
    std::string out;
    out.append(surname_first ? surname : given).append(" ").append(surname_first ? given : surname);
    return out;
}

}  // namespace

std::string ExampleNames::russian_person(bool female, bool surname_first) {
    std::string_view given = female ? rng_.pick(all(ru_female)) : rng_.pick(all(ru_male));
    std::string_view surname = rng_.pick(all(ru_surnames));
    return join(given, female ? russian_feminine(surname) : std::string(surname), surname_first);
}

std::string ExampleNames::kazakh_person(bool female, bool latin, bool surname_first) {
    const Word& given = female ? rng_.pick(all(kk_female)) : rng_.pick(all(kk_male));
    std::string surname;
    if (rng_.chance(3, 10)) {
        // The patronymic style (Нұрланұлы / Нұрланқызы) many Kazakhs now use as a surname.
        const Word& father = rng_.pick(all(kk_male));
        surname = std::string(latin ? father.lat : father.cyr) +
                  std::string(female ? (latin ? "qyzy" : "қызы") : (latin ? "uly" : "ұлы"));
    } else {
        const Word& s = rng_.pick(all(kk_surnames));
        surname = std::string(latin ? s.lat : s.cyr) + (female ? (latin ? "a" : "а") : "");
    }
    return join(latin ? given.lat : given.cyr, surname, surname_first);
}

std::string ExampleNames::english_person() {
    // Separate statements: the order of draws inside one call's arguments is unspecified.
    const std::string_view given = rng_.pick(all(en_given));
    return join(given, rng_.pick(all(en_surnames)), false);
}

std::string ExampleNames::person(std::string_view language) {
    const bool female = rng_.chance(11, 20);  // observer groups tend to be more than half women
    if (language == "en") return rng_.chance(1, 2) ? english_person() : kazakh_person(female, true, false);
    if (language == "kk") {
        const bool latin = rng_.chance(1, 5);
        return kazakh_person(female, latin, !latin && rng_.chance(1, 3));
    }
    // Russian speakers: Russian and Kazakh names alike, often surname first as on official lists;
    // a few typed "Surname, Given-name", which puts a comma in the CSV field.
    const auto order = rng_.below(20);
    std::string name = rng_.chance(3, 5) ? russian_person(female, order >= 12) : kazakh_person(female, false, order >= 12);
    if (order == 19) name.replace(name.find(' '), 1, ", ");
    return name;
}

std::string ExampleNames::candidate() {
    const bool female = rng_.chance(3, 10);
    return rng_.chance(7, 10) ? kazakh_person(female, false, true) : russian_person(female, true);
}

std::string ExampleNames::village(std::string_view language) {
    const bool latin = language == "en";
    if (rng_.chance(3, 10)) {
        const Word& v = rng_.pick(all(ru_villages));
        return std::string(latin ? v.lat : v.cyr);
    }
    const Word& head = rng_.pick(all(village_heads));
    const Word& tail = rng_.pick(all(village_tails));
    if (latin) return std::string(head.lat) + std::string(tail.lat);
    return std::string(head.cyr) + std::string(tail.cyr);
}

std::string ExampleNames::station(std::string_view language, bool urban) {
    const std::string n = std::to_string(rng_.between(1, 120));
    const Word& venue = rng_.pick(all(venue_words));
    const Word3& street = rng_.pick(all(streets));
    const std::string house = std::to_string(rng_.between(1, 150));
    // Most stations are in schools; a minority of names carry quotes or commas.
    const auto form = urban ? weighted(rng_, {30, 15, 12, 10, 8, 10, 5}) : weighted(rng_, {20, 45, 15, 10, 10});
    if (urban) {
        if (language == "en") {
            switch (form) {
            case 0: return "Secondary School No. " + n;
            case 1: return "Gymnasium No. " + n;
            case 2: return "Lyceum No. " + n;
            case 3: return "House of Culture \"" + std::string(venue.lat) + "\"";
            case 4: return "College, " + std::string(street.en) + " St. " + house;
            case 5: return "Polyclinic No. " + n;
            default: return "Sports Centre \"" + std::string(venue.lat) + "\"";
            }
        }
        if (language == "kk") {
            switch (form) {
            case 0: return "№" + n + " жалпы білім беретін мектеп";
            case 1: return "№" + n + " мектеп-гимназия";
            case 2: return "№" + n + " мектеп-лицей";
            case 3: return "«" + std::string(venue.cyr) + "» мәдениет үйі";
            case 4: return "Колледж, " + std::string(street.kk) + " көшесі, " + house;
            case 5: return "№" + n + " емхана";
            default: return "\"" + std::string(venue.cyr) + "\" спорт кешені";
            }
        }
        switch (form) {
        case 0: return "Средняя школа №" + n;
        case 1: return "Школа-гимназия №" + n;
        case 2: return "КГУ \"Школа-лицей №" + n + "\"";
        case 3: return "Дом культуры «" + std::string(venue.cyr) + "»";
        case 4: return "Колледж, ул. " + std::string(street.ru) + ", " + house;
        case 5: return "Поликлиника №" + n;
        default: return "Спорткомплекс \"" + std::string(venue.cyr) + "\"";
        }
    }
    const std::string v = village(language);
    if (language == "en") {
        switch (form) {
        case 0: return "Village Club, " + v;
        case 1: return v + " Secondary School";
        case 2: return v + " Primary School";
        case 3: return "Rural Akimat Building, " + v;
        default: return "Medical Post, " + v;
        }
    }
    if (language == "kk") {
        switch (form) {
        case 0: return v + " ауылдық клубы";
        case 1: return v + " орта мектебі";
        case 2: return v + " ауылы, бастауыш мектеп";
        case 3: return v + " ауылдық округі әкімдігі";
        default: return "\"" + v + "\" мәдениет үйі";
        }
    }
    switch (form) {
    case 0: return "Сельский клуб, с. " + v;
    case 1: return "Средняя школа с. " + v;
    case 2: return "Основная школа, с. " + v;
    case 3: return "Здание акимата, с. " + v;
    default: return "Медпункт с. " + v;
    }
}

std::string ExampleNames::mobile_team(std::string_view language, int district, int team) {
    const std::string d = std::to_string(district);
    const std::string t = std::to_string(team);
    if (language == "en") return "Mobile team " + t + ", district " + d;
    if (language == "kk") return "Жылжымалы топ " + t + ", " + d + "-округ";
    return "Мобильная группа " + t + ", округ " + d;
}

std::string ExampleNames::coordinator(std::string_view language) {
    if (language == "en") return "HQ coordinator " + person(language);
    if (language == "kk") return "Штаб үйлестірушісі " + person(language);
    return "Координатор штаба " + person(language);
}

}  // namespace smsgw
