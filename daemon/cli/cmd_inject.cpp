// smsgw inject: puts one SMS into a dummy-driver device directory, as if a monitor had sent it.
#include "daemon/cli/options.hpp"
#include "daemon/cli/commands.hpp"
#include "daemon/modem/inject_sms.hpp"

#include <cctype>
#include <iostream>

namespace smsgw {

namespace {

// "YYYYMMDDTHHMMSS": the shape inject_sms takes; the values themselves are libgammu's to judge.
bool smsc_time_shaped(const std::string& t) {
    if (t.size() != 15) return false;
    for (std::size_t i = 0; i < t.size(); ++i)
        if (i == 8 ? t[i] != 'T' : !std::isdigit(static_cast<unsigned char>(t[i]))) return false;
    return true;
}

}  // namespace

int cmd_inject(const Args& args) {
    std::string device, from, time, smsc = "+77010000000";
    std::vector<std::string> words;
    int ref = -1;
    bool ucs2 = false;
    cli::Options opts("inject",
                      "smsgw inject --device DIR --from PHONE TEXT...\n\n"
                      "Writes TEXT as an incoming SMS (several parts when long) into the dummy device DIR and prints\n"
                      "the files written. Words starting with - go after --.\n"
                      "Exit 0: written; 1: DIR could not be written; 2: bad arguments.");
    opts.text("device", device, "DIR", "dummy device directory (gammu device = DIR, model = dummy)").required();
    opts.text("from", from, "PHONE", "sender number or alphanumeric id").required();
    opts.flag("ucs2", ucs2, "encode as UCS-2 even when GSM-7 would do");
    opts.number("ref", ref, 0, 255, "N", "concatenation reference for multipart messages").shown_default("");
    opts.text("time", time, "UTC", "SMSC time YYYYMMDDTHHMMSS (UTC); default now");
    opts.text("smsc", smsc, "PHONE", "SMSC number");
    opts.positionals("text", words, "TEXT", "message text (words are joined by spaces)").required();
    if (auto exit = opts.parse(args)) return *exit;
    if (!time.empty() && !smsc_time_shaped(time))
        return opts.usage_error("--time must be YYYYMMDDTHHMMSS in UTC (e.g. 20260301T201500), not '" + time + "'");

    std::string text;
    for (const auto& w : words) text += (text.empty() ? "" : " ") + w;
    InjectOptions o;
    o.force_ucs2 = ucs2;
    if (opts.given("ref")) o.concat_ref = ref;
    o.smsc_time = time;
    o.smsc = smsc;
    for (const auto& path : inject_sms(device, from, text, o)) std::cout << path << "\n";
    return 0;
}

}  // namespace smsgw
