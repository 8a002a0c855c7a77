// `smsgw modem-process --socket FD --probe FD`: hidden; the daemon starts one per modem (daemon/modem/modem_child.hpp).
#include "daemon/cli/commands.hpp"
#include "daemon/modem/modem_child.hpp"

#include <cstdio>
#include <string>

namespace smsgw {

int cmd_modem_process(const Args& args) {
    int socket_fd = -1, probe_fd = -1;
    for (std::size_t i = 0; i + 1 < args.size(); ++i) {
        if (args[i] == "--socket") socket_fd = std::stoi(args[i + 1]);
        if (args[i] == "--probe") probe_fd = std::stoi(args[i + 1]);
    }
    if (socket_fd < 0 || probe_fd < 0) {
        std::fprintf(stderr, "smsgw modem-process: started by `smsgw run` for each modem, not by hand\n");
        return 2;
    }
    return run_modem_process(socket_fd, probe_fd);
}

}  // namespace smsgw
