// Who gets a reminder for one window end, and in which words: pure, from the codebook and the reports.
#pragma once

#include "codebooks/codebook.hpp"

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smsgw::notify {

// One SMS; a monitor of several silent stations gets them in one text while it fits one SMS.
struct PlannedReminder {
    std::vector<std::string> stations;
    std::string phone;  // E.164
    std::string language;
    std::string text;   // one SMS
};

struct ReminderPlan {
    std::vector<PlannedReminder> sms;
    std::size_t stations = 0;         // silent sampled stations that get at least one SMS now
    std::size_t reminded_before = 0;  // (station, monitor) pairs this window reminded before (a restart)
    std::size_t not_phones = 0;       // (station, monitor) pairs skipped: alphanumeric, short code or own number
    std::size_t without_monitor = 0;  // silent sampled stations nobody can be texted for
};

// The text for one monitor: the codebook's [replies.LANG] reminder when it fits one SMS, else the
// built-in text of the language (en, ru, kk; others get English). `station` may list several
// ("01002, 01003"); nullopt when neither fits one SMS with them. With `terse`, a last short English
// text instead of nullopt (for one station, so a monitor is never left without a reminder).
std::optional<std::string> reminder_text(const Codebook& cb, std::string_view language, std::string_view form,
                                         std::string_view station, std::string_view window_label, bool terse = true);
// The built-in text of a language, with {form} {station} {window} still in it.
std::string_view builtin_reminder(std::string_view language);

class ReminderPlanner {
public:
    // `own_numbers`: E.164 numbers never texted (the modems' own SIMs and the config's list).
    ReminderPlanner(CodebookPtr codebook, std::vector<std::string> own_numbers);

    // Every (silent sampled station, monitor) not in `already` (station, phone), one SMS per monitor
    // and as many of its stations as fit, in codebook order. A station's
    // monitors are the ones whose stations list names it; only when there is none, the mobile teams
    // of its district (district:NN); only when there is none either, the `*` coordinators. A team
    // or coordinator covers many stations and would otherwise get dozens of SMS per window for
    // stations that have their own monitor to remind.
    ReminderPlan plan(std::string_view form, const std::set<std::string, std::less<>>& reported,
                      const std::set<std::pair<std::string, std::string>>& already,
                      std::string_view window_label) const;

    // The monitors plan() would text for a station (indexes into codebook->monitors).
    const std::vector<std::uint32_t>& monitors_of(std::uint32_t station) const { return by_station_[station]; }

private:
    CodebookPtr cb_;
    std::vector<std::string> own_;
    std::vector<std::vector<std::uint32_t>> by_station_;
};

}  // namespace smsgw::notify
