// `smsgw modem-process --socket FD --probe FD`: hidden; the daemon starts one per modem (daemon/modem/modem_child.hpp).
#include "daemon/cli/options.hpp"
#include "daemon/cli/commands.hpp"
#include "daemon/modem/modem_child.hpp"

#include <limits>
#include <string>

namespace smsgw {

int cmd_modem_process(const Args& args) {
    int socket_fd = -1, probe_fd = -1;
    std::string modem;
    cli::Options opts("modem-process",
                      "smsgw modem-process --socket FD --probe FD [--modem NAME]\n\n"
                      "Started by `smsgw run` for each modem, not by hand: one modem's libgammu in a process of its own.");
    const int most = std::numeric_limits<int>::max();
    opts.number("socket", socket_fd, 0, most, "FD", "the socket to the daemon").required().shown_default("");
    opts.number("probe", probe_fd, 0, most, "FD", "the daemon's read probe").required().shown_default("");
    opts.text("modem", modem, "NAME", "the modem's name, for ps");
    if (auto exit = opts.parse(args)) return *exit;
    return run_modem_process(socket_fd, probe_fd);
}

}  // namespace smsgw
