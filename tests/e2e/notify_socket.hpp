// Stands in for systemd in tests: a datagram socket in NOTIFY_SOCKET that keeps what sd_notify sends, with times.
#pragma once

#include <doctest/doctest.h>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace smsgw::test {

// It is drained all the time, as systemd does: a full socket would block the daemon's sd_notify.
// The daemon processes a test starts inherit NOTIFY_SOCKET (and whatever else the test sets).
struct NotifySocket {
    struct Datagram {
        std::chrono::steady_clock::time_point at;
        std::string text;
    };

    int fd = -1;
    std::mutex mutex;
    std::vector<Datagram> all;
    std::atomic<bool> done{false};
    std::thread reader;

    explicit NotifySocket(const std::filesystem::path& path) {
        fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        REQUIRE(fd >= 0);
        sockaddr_un a{};
        a.sun_family = AF_UNIX;
        REQUIRE(path.string().size() < sizeof a.sun_path);
        std::strcpy(a.sun_path, path.c_str());
        REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        ::setenv("NOTIFY_SOCKET", path.c_str(), 1);
        reader = std::thread([this] {
            char buf[4096];
            while (!done) {
                const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
                if (n > 0) {
                    std::lock_guard lock(mutex);
                    all.push_back({std::chrono::steady_clock::now(), std::string(buf, static_cast<std::size_t>(n))});
                } else {
                    std::this_thread::sleep_for(std::chrono::milliseconds(5));
                }
            }
        });
    }
    ~NotifySocket() {
        done = true;
        reader.join();
        ::unsetenv("NOTIFY_SOCKET");
        ::close(fd);
    }
    // Everything received so far, one datagram per line.
    std::string read() {
        std::lock_guard lock(mutex);
        std::string out;
        for (const auto& d : all) out += d.text + "\n";
        return out;
    }
    // When each datagram containing `needle` arrived.
    std::vector<std::chrono::steady_clock::time_point> times_of(const std::string& needle) {
        std::lock_guard lock(mutex);
        std::vector<std::chrono::steady_clock::time_point> out;
        for (const auto& d : all)
            if (d.text.find(needle) != std::string::npos) out.push_back(d.at);
        return out;
    }
};

}  // namespace smsgw::test
