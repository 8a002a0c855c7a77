// Entry point of fake_modem, the scripted AT modem that tests run through libgammu's proxyat connection.
//
// libgammu 1.42's proxy_write retries forever when the proxy process is gone (the EPIPE it gets is
// masked as EAGAIN by its SIGPIPE handling), so a modem process that exits or is killed would hang the
// caller for good. The process libgammu starts therefore only keeps the line: the modem runs in a child,
// and when that child ends the line stays open and silent, like a hung USB modem, and libgammu sees
// timeouts. GSM_TerminateConnection's SIGHUP ends the keeper, and the child with it.
#include "runner.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <stdexcept>
#include <string>

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

// Reads and drops input until libgammu closes the line or its SIGHUP ends us.
void drain_input() {
    char buf[4096];
    while (true) {
        ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
        if (n == 0 || (n < 0 && errno != EINTR)) break;
    }
}

int keep_line(pid_t modem, fake_modem::Runner& runner) {
    int status = 0;
    while (::waitpid(modem, &status, 0) < 0 && errno == EINTR) {
    }
    std::string how = WIFSIGNALED(status) ? "killed by signal " + std::to_string(WTERMSIG(status))
                                          : "exited with status " + std::to_string(WEXITSTATUS(status));
    runner.note("modem process " + how + "; the line stays open and silent");
    drain_input();
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        auto options = fake_modem::parse_options(argc, argv);
        fake_modem::Runner runner(options);  // scripts and files are checked before anything forks
        if (!options.keeper) return runner.run();
        std::signal(SIGPIPE, SIG_IGN);
        std::fflush(nullptr);
        const pid_t keeper = ::getpid();
        const pid_t modem = ::fork();
        if (modem < 0) return runner.run();
        if (modem == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (::getppid() != keeper) return 0;
            return runner.run();
        }
        runner.note("keeper pid " + std::to_string(keeper) + ", modem pid " + std::to_string(modem));
        return keep_line(modem, runner);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "fake_modem: %s\n", e.what());
        // Even a bad script must not close the line under libgammu (see above): it then times out.
        bool keeper = true;
        for (int i = 1; i < argc; ++i) keeper = keeper && std::string(argv[i]) != "--no-keeper";
        if (keeper && !::isatty(STDIN_FILENO)) drain_input();
        return 2;
    }
}
