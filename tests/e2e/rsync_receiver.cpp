// A real rsync daemon on the loopback, started by a test: the HQ end that `smsgw push` delivers to.
#include "rsync_receiver.hpp"

#include "tests/support/wait.hpp"
#include "tests/support/files.hpp"
#include "tests/support/temp_dir.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace smsgw::e2e {

using namespace smsgw::test;

namespace fs = std::filesystem;

namespace {

// A port nothing listens on now (the kernel's choice for port 0).
int free_port() {
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    int port = 0;
    if (::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
        ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) == 0)
        port = ntohs(a.sin_port);
    ::close(s);
    return port;
}

}  // namespace

// posix_spawn does not search PATH.
std::string RsyncReceiver::program() {
    for (const char* p : {"/usr/bin/rsync", "/bin/rsync", "/usr/local/bin/rsync"})
        if (::access(p, X_OK) == 0) return p;
    return "rsync";
}

namespace {

bool accepts(int port) {
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool ok = ::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(s);
    return ok;
}

}  // namespace

RsyncReceiver::RsyncReceiver(fs::path work) : work_(std::move(work)), dir_(work_ / "hq") {
    fs::create_directories(dir_);
    // As root, rsyncd would write as "nobody"; the test's own ids keep the files readable to it.
    write_file(work_ / "rsyncd.conf", "use chroot = no\nlog file = " + (work_ / "rsyncd.log").string() +
                                          "\nuid = " + std::to_string(::getuid()) + "\ngid = " + std::to_string(::getgid()) +
                                          "\n[hq]\npath = " + dir_.string() + "\nread only = no\n");
}

RsyncReceiver::~RsyncReceiver() { kill(); }

bool RsyncReceiver::available() { return std::system("rsync --version >/dev/null 2>&1") == 0; }

void RsyncReceiver::start() {
    using namespace std::chrono_literals;
    for (int attempt = 0; attempt < 5; ++attempt) {
        if (port_ == 0 || attempt > 0) port_ = free_port();
        ChildProcess::Options o;
        o.stdout_file = (work_ / "rsyncd.out").string();
        process_.start({program(), "--daemon", "--no-detach", "--config=" + (work_ / "rsyncd.conf").string(),
                        "--address=127.0.0.1", "--port=" + std::to_string(port_)},
                       o);
        if (wait_until(5s, [&] { return accepts(port_) || !process_.running(); }) && process_.running()) return;
        kill();  // the port was taken meanwhile: another one
    }
    throw std::runtime_error("rsync --daemon did not start: " + slurp(work_ / "rsyncd.out"));
}

// rsyncd forks a process per connection: the link drops only when those die too.
void RsyncReceiver::kill() {
    if (process_.pid() > 0 && process_.running()) {
        for (const auto& e : fs::directory_iterator("/proc")) {
            const std::string stat = slurp(e.path() / "stat");
            const auto close = stat.rfind(')');
            if (close == std::string::npos) continue;
            int ppid = 0;
            char state = 0;
            if (std::sscanf(stat.c_str() + close + 1, " %c %d", &state, &ppid) == 2 && ppid == process_.pid())
                ::kill(std::stoi(e.path().filename().string()), SIGKILL);
        }
        process_.signal(SIGKILL);
        process_.wait(std::chrono::seconds(5));
    }
}

std::string RsyncReceiver::url() const { return "rsync://127.0.0.1:" + std::to_string(port_) + "/hq"; }

}  // namespace smsgw::e2e
