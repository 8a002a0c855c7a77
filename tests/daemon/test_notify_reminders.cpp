// Reminder windows: config, when they fire (once, not early), whom they text, in which words, across restarts.
#include "daemon/config/config.hpp"
#include "daemon/notify/reminders.hpp"
#include "notify_fixture.hpp"

#include "codebooks/gsm7.hpp"
#include "tests/support/codebook_files.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

using namespace notify_test;
using namespace smsgw::notify;
using namespace std::chrono;

namespace {

TimeZone almaty_zone() { return TimeZone::load("Asia/Almaty"); }

struct Rig : StoreRig {
    CodebookPtr cb = load(tiny_sources());
    std::vector<ReminderConfig> windows{window("R", 22, 30)};
    std::vector<std::string> own;
    std::unique_ptr<Reminders> reminders;

    void start() {
        reminders = std::make_unique<Reminders>(*store, ReminderSchedule(windows, almaty_zone()), ReminderPlanner(cb, own),
                                                [this] { return now; });
    }
    std::int64_t sms_to(const std::string& phone) {
        return count("SELECT count(*) FROM reply WHERE kind = 'reminder' AND destination = '" + phone + "'");
    }
    std::string text_to(const std::string& phone) {
        return text("SELECT text FROM reply WHERE kind = 'reminder' AND destination = '" + phone + "'");
    }
};

// 8 sampled stations, each with one monitor to text (see reminder_plan.hpp); the `*` coordinator
// covers two of them and gets both in one SMS.
constexpr int sampled_in_tiny = 8;
constexpr int sms_in_tiny = 7;

}  // namespace

TEST_CASE("a window at 22:30 fires at 22:30:00, not a second before, and once") {
    Rig rig;
    rig.now = almaty(22, 29, 59);
    rig.start();
    REQUIRE(rig.reminders->next_wake().has_value());
    CHECK(*rig.reminders->next_wake() == almaty(22, 30));
    auto t = rig.reminders->tick();
    CHECK(t.fired.empty());
    CHECK(rig.count("SELECT count(*) FROM reminder") == 0);

    rig.now = almaty(22, 30, 0);
    t = rig.reminders->tick();
    REQUIRE(t.fired.size() == 1);
    CHECK(t.fired[0].window.key == "R@22:30/2026-03-01");
    CHECK(t.fired[0].window.label == "22:30");
    CHECK(t.fired[0].stations == sampled_in_tiny);
    CHECK(t.fired[0].queued == sms_in_tiny);
    CHECK(rig.count("SELECT count(*) FROM reminder") == sampled_in_tiny);
    CHECK(rig.count("SELECT count(*) FROM reply WHERE kind = 'reminder' AND message_id IS NULL AND status = 'queued'") ==
          sms_in_tiny);
    CHECK(rig.count("SELECT count(*) FROM reminder r JOIN reply p ON p.id = r.reply_id AND p.destination = r.phone") ==
          sampled_in_tiny);

    rig.now = almaty(22, 45);
    t = rig.reminders->tick();
    CHECK(t.fired.empty());
    CHECK(t.too_old.empty());
    CHECK(rig.count("SELECT count(*) FROM reply") == sms_in_tiny);
    // The next one is tomorrow's.
    CHECK(*rig.reminders->next_wake() == almaty(22, 30, 0, 2));
}

TEST_CASE("a station that reported the form before the window gets nothing") {
    Rig rig;
    rig.report("R", "01001", Status::accepted);
    rig.report("R", "01004", Status::warning);
    rig.report("R", "01002", Status::rejected, false);  // a rejected report is no report
    rig.report("S", "02001", Status::accepted);         // another form
    rig.report("R", "02002", Status::accepted, false);  // superseded, not current
    rig.now = almaty(22, 30);
    rig.start();
    auto t = rig.reminders->tick();
    REQUIRE(t.fired.size() == 1);
    CHECK(t.fired[0].stations == sampled_in_tiny - 2);
    CHECK(t.fired[0].queued == sms_in_tiny - 2);
    CHECK(rig.count("SELECT count(*) FROM reminder WHERE station IN ('01001', '01004')") == 0);
    CHECK(rig.count("SELECT count(*) FROM reminder WHERE station IN ('01002', '02001', '02002')") == 3);
    CHECK(rig.sms_to("+77010000001") == 0);
    CHECK(rig.sms_to("+77010000002") == 1);
}

TEST_CASE("a restart does not text anyone twice; a window missed while down goes out late within its grace") {
    Rig rig;
    rig.now = almaty(22, 30, 1);
    rig.start();
    REQUIRE(rig.reminders->tick().fired.at(0).queued == sms_in_tiny);

    // Restart ten minutes later: the window is handed out again, the store keeps it to one SMS each.
    rig.reminders.reset();
    rig.reopen();
    rig.now = almaty(22, 40);
    rig.start();
    auto t = rig.reminders->tick();
    REQUIRE(t.fired.size() == 1);
    CHECK(t.fired[0].queued == 0);
    CHECK(t.fired[0].reminded_before == sampled_in_tiny);
    CHECK(rig.count("SELECT count(*) FROM reply") == sms_in_tiny);
    CHECK(rig.count("SELECT count(*) FROM reminder") == sampled_in_tiny);
}

TEST_CASE("down at the window's end: sent late within the grace, skipped (and said) beyond it") {
    SUBCASE("within the grace") {
        Rig rig;
        rig.now = almaty(0, 20, 0, 2);  // 1 h 50 min after 22:30 the day before
        rig.start();
        auto t = rig.reminders->tick();
        REQUIRE(t.fired.size() == 1);
        CHECK(t.fired[0].window.key == "R@22:30/2026-03-01");
        CHECK(t.fired[0].queued == sms_in_tiny);
    }
    SUBCASE("beyond the grace") {
        Rig rig;
        rig.now = almaty(0, 31, 0, 2);
        rig.start();
        auto t = rig.reminders->tick();
        CHECK(t.fired.empty());
        REQUIRE(t.too_old.size() == 1);
        CHECK(t.too_old[0].first.key == "R@22:30/2026-03-01");
        CHECK(t.too_old[0].second == minutes{121});
        CHECK(rig.count("SELECT count(*) FROM reply") == 0);
        CHECK(rig.reminders->tick().too_old.empty());  // said once
    }
    SUBCASE("a daily window's end from an earlier day is not tonight's") {
        Rig rig;
        rig.now = almaty(11, 0, 0, 2);
        rig.start();
        auto t = rig.reminders->tick();
        CHECK(t.fired.empty());
        CHECK(t.too_old.empty());
    }
    SUBCASE("a dated window fires at that moment only") {
        Rig rig;
        ReminderConfig w = window("R", 22, 30);
        w.year = 2026, w.month = 3, w.day = 1, w.second = 15;
        w.id = "R@2026-03-01T22:30:15";
        rig.windows = {w};
        rig.now = almaty(22, 30, 14);
        rig.start();
        CHECK(rig.reminders->tick().fired.empty());
        rig.now = almaty(22, 30, 15);
        auto t = rig.reminders->tick();
        REQUIRE(t.fired.size() == 1);
        CHECK(t.fired[0].window.key == "R@2026-03-01T22:30:15");
        CHECK(t.fired[0].window.label == "22:30:15");
        rig.now = almaty(22, 30, 15, 2);
        CHECK(rig.reminders->tick().fired.empty());
        CHECK(!rig.reminders->next_wake().has_value());
    }
}

TEST_CASE("each monitor in their language; the codebook's text when it has one and it fits") {
    Rig rig;
    rig.now = almaty(22, 30);
    SUBCASE("built-in texts") {
        rig.start();
        rig.reminders->tick();
        CHECK(rig.text_to("+77010000001") == "Reminder: no R report from station 01001 yet (due 22:30). Please send it now.");
        CHECK(rig.text_to("+77010000002") == "Напоминание: нет отчёта R по участку 01002. Пришлите, пожалуйста.");
        CHECK(rig.text_to("+77010000003") == "Еске салу: 01004 учаскесі бойынша R есебі жоқ. Жіберіңіз.");
    }
    SUBCASE("the codebook's [replies.LANG] reminder") {
        CodebookSources s = tiny_sources();
        const std::string ru = "[replies.ru]\n";
        auto at = s.election_toml.find(ru);
        REQUIRE(at != std::string::npos);
        s.election_toml.insert(at + ru.size(), "reminder = \"Нет {form} по {station} (срок {window})\"\n");
        const std::string en = "[replies.en]\n";
        at = s.election_toml.find(en);
        s.election_toml.insert(at + en.size(), "reminder = \"" + std::string(170, 'x') + " {station}\"\n");
        rig.cb = load(s);
        rig.start();
        rig.reminders->tick();
        CHECK(rig.text_to("+77010000002") == "Нет R по 01002 (срок 22:30)");
        // Too long for one SMS: the built-in text instead.
        CHECK(rig.text_to("+77010000001") == "Reminder: no R report from station 01001 yet (due 22:30). Please send it now.");
    }
}

TEST_CASE("whom: direct monitors; mobile teams, then coordinators, only for a station without one") {
    Rig rig;
    rig.now = almaty(22, 30);
    rig.start();
    rig.reminders->tick();
    // 01005 has no monitor of its own: district 2's mobile team, not also the coordinator.
    CHECK(rig.text("SELECT group_concat(phone) FROM reminder WHERE station = '01005'") == "+77010000004");
    // 02003 and 02006: no monitor, no team in district 3: the `*` coordinator.
    CHECK(rig.text("SELECT group_concat(phone) FROM reminder WHERE station = '02003'") == "+77010000005");
    CHECK(rig.count("SELECT count(*) FROM reminder WHERE phone = '+77010000005'") == 2);
    CHECK(rig.sms_to("+77010000005") == 1);
    CHECK(rig.text_to("+77010000005") ==
          "Reminder: no R report from station 02003, 02006 yet (due 22:30). Please send it now.");
    CHECK(rig.count("SELECT count(DISTINCT reply_id) FROM reminder WHERE phone = '+77010000005'") == 1);
    CHECK(rig.text("SELECT group_concat(phone) FROM reminder WHERE station = '01001'") == "+77010000001");
    // Never a station outside the sample.
    CHECK(rig.count("SELECT count(*) FROM reminder WHERE station IN ('01003', '01006', '02004', '02005')") == 0);
}

TEST_CASE("never to the gateway's own numbers; every text fits one SMS") {
    Rig rig;
    rig.own = {"+77010000006"};
    rig.now = almaty(22, 30);
    rig.start();
    auto t = rig.reminders->tick();
    REQUIRE(t.fired.size() == 1);
    CHECK(t.fired[0].not_phones == 1);
    CHECK(t.fired[0].queued == sms_in_tiny - 1);
    CHECK(rig.sms_to("+77010000006") == 0);

    auto cb = load(tiny_sources());
    for (const char* lang : {"en", "ru", "kk", "xx"})
        CHECK(sms_size(reminder_text(*cb, lang, "RRR", "12345678", "22:30:15").value()).fits_one());
}

TEST_CASE("config: [[reminders]] windows, and every problem with its line") {
    const std::string head = "[gateway]\ndatabase = \"a.db\"\ncodebook = \"cb\"\n";
    Config c = parse_config(head +
                                "[[reminders]]\nform = \"r\"\nat = \"22:30\"\n"
                                "[[reminders]]\nid = \"final\"\nform = \"R\"\nat = \"2026-03-01T23:45:30\"\ngrace = \"30m\"\n"
                                "[[reminders]]\nform = \"S\"\nat = 09:00:00\n",
                            "/etc/smsgw/smsgw.toml");
    REQUIRE(c.reminders.size() == 3);
    CHECK(c.reminders[0].id == "R@22:30");
    CHECK(c.reminders[0].form == "R");
    CHECK(c.reminders[0].hour == 22);
    CHECK(c.reminders[0].minute == 30);
    CHECK(c.reminders[0].year == 0);
    CHECK(c.reminders[0].grace == hours{2});
    CHECK(c.reminders[0].line == 4);
    CHECK(c.reminders[1].id == "final");
    CHECK(c.reminders[1].at == "2026-03-01T23:45:30");
    CHECK(c.reminders[1].day == 1);
    CHECK(c.reminders[1].second == 30);
    CHECK(c.reminders[1].grace == minutes{30});
    CHECK(c.reminders[2].at == "09:00");

    try {
        parse_config(head +
                         "[[reminders]]\nform = \"R\"\nat = \"25:00\"\n"             // line 6
                         "[[reminders]]\nat = \"22:30\"\ncolour = 1\n"               // 7..9
                         "[[reminders]]\nform = \"R\"\nat = \"2026-02-30T22:30\"\n"  // 12
                         "[[reminders]]\nform = \"R\"\nat = \"22:30\"\n"             // 13..15
                         "[[reminders]]\nform = \"R\"\nat = \"22:30\"\n",            // 16: same id
                     "c.toml");
        FAIL("no error");
    } catch (const ConfigError& e) {
        const std::string all = e.what();
        CHECK(all.find("c.toml:6: reminders.at must be a local time") != std::string::npos);
        CHECK(all.find("c.toml:7: reminders.form is required") != std::string::npos);
        CHECK(all.find("c.toml:9: unknown key 'colour' in [reminders]") != std::string::npos);
        CHECK(all.find("c.toml:12: reminders.at must be") != std::string::npos);
        CHECK(all.find("c.toml:16: reminders: a second window with id 'R@22:30'") != std::string::npos);
    }
    CHECK_THROWS_AS(parse_config(head + "[reminders]\nform = \"R\"\n", "c.toml"), ConfigError);

    auto cb = load(tiny_sources());
    ReminderConfig unknown = window("Q", 22, 30);
    unknown.line = 12;
    ReminderConfig incident = window("N", 22, 30);
    incident.line = 15;
    auto problems = check_reminder_forms({window("R", 22, 30), unknown, incident}, *cb, "smsgw.toml");
    REQUIRE(problems.size() == 2);
    CHECK(problems[0] == "smsgw.toml:12: reminders.form 'Q' is not a form of codebook tiny-2026");
    CHECK(problems[1].rfind("smsgw.toml:15: reminders.form 'N' is an incident form", 0) == 0);
}

TEST_CASE("the example config's reminder windows load") {
    Config c = load_config(std::string(SMSGW_SOURCE_DIR) + "/systemd/smsgw.toml");
    REQUIRE(c.reminders.size() == 2);
    CHECK(c.reminders[0].id == "R@22:30");
    CHECK(c.reminders[1].id == "R-final");
    CHECK(c.reminders[1].grace == hours{1});
    CHECK(c.gateway.hq_link_down_after == minutes{30});
}

TEST_CASE("a monitor of several silent stations: one SMS while they fit, else one each, always in their language") {
    Rig rig;
    CodebookSources s = tiny_sources();
    s.monitors_csv += "+77010000008,Много участков,02001;02002;02003;02006,ru\n";
    rig.cb = load(s);
    rig.now = almaty(22, 30);
    rig.start();
    auto t = rig.reminders->tick();
    REQUIRE(t.fired.size() == 1);
    // Two station codes no longer fit the Russian text in one UCS-2 SMS (70): four SMS, none in English.
    CHECK(rig.sms_to("+77010000008") == 4);
    CHECK(rig.count("SELECT count(*) FROM reply WHERE destination = '+77010000008' AND text LIKE 'Напоминание: нет "
                    "отчёта R по участку 0200_. Пришлите, пожалуйста.'") == 4);
    CHECK(rig.count("SELECT count(*) FROM reminder WHERE phone = '+77010000008'") == 4);
    // The coordinator has nothing left to remind: the stations have a monitor of their own now.
    CHECK(rig.sms_to("+77010000005") == 0);
}

TEST_CASE("codebook: [replies.LANG] reminder takes {form} {station} {window} only; too long a text is warned about") {
    CodebookSources s = tiny_sources();
    const std::string ru = "[replies.ru]\n";
    auto at = s.election_toml.find(ru);
    REQUIRE(at != std::string::npos);
    s.election_toml.insert(at + ru.size(), "reminder = \"Нет {form} по {station}, {ref}\"\n");
    LoadResult bad = load_codebook(s);
    CHECK_FALSE(bad.ok());
    bool named = false;
    for (const auto& d : bad.diagnostics)
        named = named || d.message.find("unknown placeholder {ref} in 'reminder'") != std::string::npos;
    CHECK(named);

    s = tiny_sources();
    at = s.election_toml.find(ru);
    s.election_toml.insert(at + ru.size(), "reminder = \"Напоминание: нет отчёта {form} по участку {station}, срок {window}. "
                                           "Пришлите, пожалуйста.\"\n");
    auto cb = load(s);
    CHECK(cb->replies.at("ru").reminder.find("{window}") != std::string::npos);
    CHECK(cb->replies.at("en").reminder.empty());
    auto warnings = check_reminder_texts({window("R", 22, 30)}, *cb);
    REQUIRE(warnings.size() == 1);
    CHECK(warnings[0].rfind("[replies.ru] reminder does not fit one SMS for window R@22:30", 0) == 0);
    CHECK(check_reminder_texts({window("R", 22, 30)}, *load(tiny_sources())).empty());
}

TEST_CASE("the example codebook's reminder texts fit one SMS for every form") {
    const fs::path dir = fs::path(SMSGW_SOURCE_DIR) / "codebooks" / "example";
    CodebookSources s = smsgw::test::codebook_sources(dir);
    auto cb = load(s);
    std::vector<ReminderConfig> windows;
    for (const Form& f : cb->forms) windows.push_back(window(f.code, 22, 30));
    for (const char* lang : {"en", "ru", "kk"}) CHECK_FALSE(cb->replies.at(lang).reminder.empty());
    CHECK(check_reminder_texts(windows, *cb).empty());
}

TEST_CASE("a daily window's end before the daemon first ran on the database is no missed window") {
    ReminderSchedule s({window("R", 22, 30)}, almaty_zone());
    s.set_first_start(almaty(6, 0, 0, 2));  // election morning
    auto d = s.due(almaty(7, 0, 0, 2));
    CHECK(d.fire.empty());
    CHECK(d.too_old.empty());
    ReminderSchedule before({window("R", 22, 30)}, almaty_zone());
    before.set_first_start(almaty(20, 0));  // ran the evening before
    d = before.due(almaty(7, 0, 0, 2));
    REQUIRE(d.too_old.size() == 1);
    CHECK(d.too_old[0].second == hours{8} + minutes{30});
}

TEST_CASE("a reload's new windows: ends already handled in this run are not handled again") {
    Rig rig;
    rig.now = almaty(22, 30);
    rig.start();
    REQUIRE(rig.reminders->tick().fired.size() == 1);
    rig.reminders->set_schedule(ReminderSchedule({window("R", 22, 30), window("S", 22, 31)}, almaty_zone()));
    rig.now = almaty(22, 31);
    auto t = rig.reminders->tick();
    REQUIRE(t.fired.size() == 1);
    CHECK(t.fired[0].window.key == "S@22:31/2026-03-01");
}
