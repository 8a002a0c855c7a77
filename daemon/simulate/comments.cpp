// Comment texts by language; long Cyrillic ones exceed 70 UCS-2 characters, so they arrive in parts.
#include "daemon/simulate/comments.hpp"

#include <array>

namespace smsgw::sim {

namespace {

template <std::size_t N>
std::string pick(ExampleRng& rng, const std::array<std::string_view, N>& items) {
    return std::string(items[rng.below(N)]);
}

constexpr std::array<std::string_view, 6> kShortRu{"урна опечатана", "всё спокойно", "очередь у входа",
                                                   "протокол подписан", "наблюдателей двое", "свет отключали"};
constexpr std::array<std::string_view, 6> kShortKk{"жәшік мөрленген", "бәрі тыныш", "кезек бар",
                                                   "хаттама қол қойылды", "бақылаушы екеу", "жарық өшті"};
constexpr std::array<std::string_view, 6> kShortEn{"box sealed", "all calm", "queue outside",
                                                   "protocol signed", "two observers", "power cut at 9"};

constexpr std::array<std::string_view, 5> kIncidentRu{
    "двое мужчин с пачками бюллетеней", "наблюдателя вывели из зала", "автобус привёз избирателей",
    "председатель не показал пустую урну", "агитация у входа"};
constexpr std::array<std::string_view, 5> kIncidentKk{
    "екі ер адам бюллетень бумасымен", "бақылаушыны залдан шығарды", "автобус сайлаушыларды әкелді",
    "төраға бос жәшікті көрсетпеді", "кіреберісте үгіт жүргізілді"};
constexpr std::array<std::string_view, 5> kIncidentEn{
    "two men with bags of ballots", "observer removed from the hall", "a bus brought voters",
    "chair did not show the empty box", "campaigning at the entrance"};

constexpr std::array<std::string_view, 3> kLongRu{
    "В 14:20 в участок зашли двое мужчин, один опустил в урну пачку бюллетеней, председатель комиссии это "
    "видел и ничего не сделал, члены комиссии отказались составить акт",
    "Наблюдателя от партии вывели из помещения без объяснения причин, полиция стояла у входа и не вмешалась, "
    "после этого подсчёт шёл без наблюдателей около часа",
    "С утра к участку приезжают автобусы с работниками предприятия, их встречает человек со списком и "
    "отмечает каждого после голосования"};
constexpr std::array<std::string_view, 3> kLongKk{
    "Сағат 14:20-да учаскеге екі ер адам кірді, біреуі жәшікке бюллетень бумасын салды, комиссия төрағасы "
    "көрді бірақ ештеңе істемеді, акт жасаудан бас тартты",
    "Партия бақылаушысын себепсіз залдан шығарды, полиция кіреберісте тұрды, содан кейін санау бір сағаттай "
    "бақылаушысыз жүрді",
    "Таңертеңнен бері кәсіпорын қызметкерлерін автобуспен әкеліп жатыр, тізіммен бір адам күтіп алып, "
    "дауыс бергеннен кейін белгілейді"};
constexpr std::array<std::string_view, 2> kLongEn{
    "At 14:20 two men entered the station and one of them put a thick stack of ballots into the box; the chair "
    "saw it and did nothing, and the commission refused to write a report of the incident",
    "Buses with employees of the sugar factory keep arriving since the morning; a man with a list meets each "
    "group at the door and ticks every voter off after they come out of the booth"};

constexpr std::array<std::string_view, 3> kOperator{
    "Ваш баланс 152,40 тг. Пополните счёт, чтобы оставаться на связи",
    "Ваш баланс менее 100 тг. Подключите услугу Доверительный платёж: *141#",
    "Internet paketi 1 GB aktivirovan do 23:59. Spasibo, chto vy s nami"};

}  // namespace

std::string short_comment(ExampleRng& rng, std::string_view language) {
    if (language == "ru") return pick(rng, kShortRu);
    if (language == "kk") return pick(rng, kShortKk);
    return pick(rng, kShortEn);
}

std::string incident_comment(ExampleRng& rng, std::string_view language, bool long_text) {
    if (language == "ru") return long_text ? pick(rng, kLongRu) : pick(rng, kIncidentRu);
    if (language == "kk") return long_text ? pick(rng, kLongKk) : pick(rng, kIncidentKk);
    return long_text ? pick(rng, kLongEn) : pick(rng, kIncidentEn);
}

std::string operator_info(ExampleRng& rng) { return pick(rng, kOperator); }

}  // namespace smsgw::sim
