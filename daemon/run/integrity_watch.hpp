// The running daemon's periodic PRAGMA quick_check, on a thread of its own, so damage that appears after the start stops ingest.
#pragma once

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace smsgw {

// The check at open (Store) catches a file damaged while the daemon was down; a disk that starts
// failing during the night damages pages the daemon may not touch for hours, while SMS keep being
// stored and deleted from the SIMs. This reads the whole file every `every` through a read-only
// connection of its own (WAL: it never blocks the writer) and posts what it found to the event loop.
class IntegrityWatch {
public:
    using Damaged = std::function<void(std::vector<std::string> findings)>;

    IntegrityWatch(boost::asio::io_context& io, std::string database, std::chrono::milliseconds every, Damaged damaged);
    ~IntegrityWatch();
    IntegrityWatch(const IntegrityWatch&) = delete;
    IntegrityWatch& operator=(const IntegrityWatch&) = delete;

    // Takes effect after the current wait.
    void set_interval(std::chrono::milliseconds every);
    void stop();

private:
    void run();

    boost::asio::io_context& io_;
    std::string database_;
    Damaged damaged_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::chrono::milliseconds every_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace smsgw
