// The modem process: a ModemWorker for one connection, its results sent to the daemon as frames,
// the daemon's acknowledgements and replies handed to it, a heartbeat every second.
#include "daemon/modem/modem_child.hpp"

#include "daemon/modem/gammu_session.hpp"
#include "daemon/modem/modem_protocol.hpp"
#include "daemon/modem/modem_sandbox.hpp"
#include "daemon/modem/modem_worker.hpp"
#include "daemon/modem/read_probe.hpp"

#include <boost/json/object.hpp>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <algorithm>
#include <mutex>
#include <thread>

#include <malloc.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace smsgw {

namespace json = boost::json;
namespace proto = modem_protocol;
using namespace std::chrono_literals;

namespace {

constexpr auto heartbeat_every = 1s;
constexpr int start_wait_ms = 10'000;

// Frames to the daemon, from the worker thread and the main thread alike.
class Link {
public:
    explicit Link(int fd) : fd_(fd) {}
    void send(const json::object& message) {
        const std::string frame = proto::encode(message);
        std::lock_guard lock(mutex_);
        std::size_t done = 0;
        while (done < frame.size()) {
            ssize_t n = ::send(fd_, frame.data() + done, frame.size() - done, MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                broken_ = true;  // the daemon is gone: the main loop stops the worker
                return;
            }
            done += static_cast<std::size_t>(n);
        }
    }
    bool broken() const {
        std::lock_guard lock(mutex_);
        return broken_;
    }

private:
    int fd_;
    mutable std::mutex mutex_;
    bool broken_ = false;
};

// The worker's results, as frames to the daemon; its connection, the moment to enter the sandbox.
class FrameSink final : public ModemSink {
public:
    FrameSink(Link& link, ReadProbe& probe, std::string modem) : link_(link), probe_(probe), modem_(std::move(modem)) {}
    void on_batch(ReceivedBatch batch) override { link_.send(proto::to_json(batch)); }
    void on_sent(SendResult result) override { link_.send(proto::to_json(result)); }
    void on_health(ModemHealth health) override { link_.send(proto::to_json(health)); }
    void on_connected() override {
        std::string error;
        if (!enter_sandbox(error, &probe_.area()->forbidden_syscall)) {
            std::fprintf(stderr, "smsgw modem-process %s: %s\n", modem_.c_str(), error.c_str());
            std::_Exit(modem_exit_sandbox);  // never read strangers' SMS unconfined
        }
        sandbox_selftest();
    }

private:
    Link& link_;
    ReadProbe& probe_;
    std::string modem_;
};

// Reads whatever arrived within `timeout_ms`; false when the daemon closed the socket or broke the protocol.
bool read_frames(int fd, proto::FrameReader& reader, int timeout_ms, std::vector<json::object>& out) {
    pollfd p{fd, POLLIN, 0};
    int r = ::poll(&p, 1, timeout_ms);
    if (r < 0) return errno == EINTR;
    if (r == 0) return true;
    char buf[65536];
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n < 0) return errno == EINTR || errno == EAGAIN;
    if (n == 0) return false;
    return reader.feed(buf, static_cast<std::size_t>(n), out);
}

}  // namespace

int run_modem_process(int socket_fd, int probe_fd) {
    // Two threads, little allocation: one malloc arena is enough (a second costs its own pages).
    ::mallopt(M_ARENA_MAX, 1);
    restrict_process();
    // Ctrl-C in a terminal reaches the whole process group: only the daemon decides when a modem stops.
    std::signal(SIGINT, SIG_IGN);
    std::signal(SIGTERM, SIG_IGN);
    std::signal(SIGHUP, SIG_IGN);
    std::signal(SIGPIPE, SIG_IGN);
    close_inherited_fds({socket_fd, probe_fd});
    ReadProbe probe(probe_fd);
    Link link(socket_fd);

    proto::FrameReader reader;
    std::vector<json::object> frames;
    std::optional<proto::Start> start;
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(start_wait_ms);
    while (!start && std::chrono::steady_clock::now() < give_up) {
        if (!read_frames(socket_fd, reader, 200, frames)) return modem_exit_stopped;
        // Frames after the start frame (replies a dead predecessor held) are the main loop's.
        auto it = std::find_if(frames.begin(), frames.end(), [](const json::object& f) { return proto::type_of(f) == "start"; });
        if (it == frames.end()) {
            frames.clear();
            continue;
        }
        start = proto::start_from(*it);
        frames.erase(frames.begin(), it + 1);
    }
    if (!start) {
        std::fprintf(stderr, "smsgw modem-process: no start frame from the daemon\n");
        return modem_exit_protocol;
    }

    GammuSession::global_init();
    FrameSink sink(link, probe, start->config.name);
    ModemWorker::Options options;
    options.one_session = true;
    options.careful = start->careful;
    options.delete_first = start->delete_first;
    options.first_batch = static_cast<std::uint64_t>(std::max<std::int64_t>(1, start->first_batch));
    options.probe = &probe;
    ModemWorker worker(start->config, sink, ModemTimers{}, std::move(options));
    worker.start();

    auto next_beat = std::chrono::steady_clock::now();
    bool stop_sent = false;
    bool alive = true;
    while (!worker.finished()) {
        const auto now = std::chrono::steady_clock::now();
        if (now >= next_beat) {
            const auto idle = std::chrono::duration_cast<std::chrono::milliseconds>(now - worker.heartbeat()).count();
            link.send(proto::heartbeat_message(idle));
            next_beat = now + heartbeat_every;
        }
        if (frames.empty() && alive) alive = read_frames(socket_fd, reader, 100, frames);
        else if (!alive) std::this_thread::sleep_for(50ms);  // the daemon is gone; the worker is stopping
        for (const auto& f : frames) {
            const auto type = proto::type_of(f);
            if (type == "ack") {
                if (auto a = proto::ack_from(f)) worker.acknowledge(std::move(*a));
            } else if (type == "send") {
                if (auto r = proto::send_request_from(f)) worker.send(std::move(*r));
            } else if (type == "stop") {
                worker.request_stop();
                stop_sent = true;
            }
        }
        frames.clear();
        if ((!alive || link.broken()) && !stop_sent) {
            worker.request_stop();  // the daemon is gone: what is unacknowledged stays on the SIM
            stop_sent = true;
        }
    }
    worker.join();
    return worker.state() == ModemState::backing_off && !stop_sent ? modem_exit_reconnect : modem_exit_stopped;
}

}  // namespace smsgw
