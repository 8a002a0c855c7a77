// smsgw inject: puts one SMS into a dummy-driver device directory, as if a monitor had sent it.
#include "daemon/cli/commands.hpp"
#include "daemon/modem/inject_sms.hpp"

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include <iostream>

namespace smsgw {

int cmd_inject(const Args& args) {
    namespace po = boost::program_options;
    std::string device, from, text, time, smsc;
    int ref = -1;
    bool ucs2 = false;
    po::options_description opts("smsgw inject --device DIR --from PHONE TEXT...\n\n"
                                 "Writes TEXT as an incoming SMS (several parts when long) into the dummy device DIR.\n\noptions");
    opts.add_options()
        ("help,h", "show this help")
        ("device", po::value(&device)->required(), "dummy device directory (gammu device = DIR, model = dummy)")
        ("from", po::value(&from)->required(), "sender number or alphanumeric id")
        ("ucs2", po::bool_switch(&ucs2), "encode as UCS-2 even when GSM-7 would do")
        ("ref", po::value(&ref), "concatenation reference (0-255) for multipart messages")
        ("time", po::value(&time), "SMSC time YYYYMMDDTHHMMSS (UTC); default now")
        ("smsc", po::value(&smsc)->default_value("+77010000000"), "SMSC number")
        ("text", po::value<std::vector<std::string>>()->required(), "message text (words are joined by spaces)");
    po::positional_options_description pos;
    pos.add("text", -1);
    po::variables_map vm;
    po::store(po::command_line_parser(args).options(opts).positional(pos).run(), vm);
    if (vm.count("help")) {
        std::cout << opts << "\n";
        return 0;
    }
    po::notify(vm);
    for (const auto& w : vm["text"].as<std::vector<std::string>>()) text += (text.empty() ? "" : " ") + w;
    InjectOptions o;
    o.force_ucs2 = ucs2;
    if (ref >= 0) o.concat_ref = ref;
    o.smsc_time = time;
    o.smsc = smsc;
    for (const auto& path : inject_sms(device, from, text, o)) std::cout << path << "\n";
    return 0;
}

}  // namespace smsgw
