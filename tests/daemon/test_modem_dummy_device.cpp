// The dummy driver's inbox count: an idle poll skips the read, a busy one stops at the last message.
#include "daemon/config/config.hpp"
#include "daemon/modem/dummy_device.hpp"
#include "daemon/modem/inject_sms.hpp"
#include "daemon/modem/modem_worker.hpp"
#include "tests/support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <thread>

using namespace smsgw;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

using smsgw::test::TempDir;

// A dummy-driver worker polling every 20 ms, and the batches it hands over.
struct Polling final : ModemSink {
    std::mutex m;
    std::condition_variable cv;
    std::vector<ReceivedBatch> batches;
    std::unique_ptr<ModemWorker> worker;

    explicit Polling(const fs::path& device) {
        ModemConfig c;
        c.name = "sim1";
        c.device = device.string();
        c.connection = "none";
        c.model = "dummy";
        c.poll_interval = 20ms;
        ModemTimers t;
        t.set(ModemTimer::stop_drain, 200ms);
        t.set(ModemTimer::idle_wait, 10ms);
        worker = std::make_unique<ModemWorker>(c, *this, t);
        worker->start();
    }
    void on_batch(ReceivedBatch b) override {
        std::lock_guard l(m);
        batches.push_back(std::move(b));
        cv.notify_all();
    }
    void on_sent(SendResult) override {}
    void on_health(ModemHealth) override {}
    ~Polling() {
        worker->request_stop();
        worker->join();
    }
    ReceivedBatch batch(std::size_t i) {
        std::lock_guard l(m);
        return batches.at(i);
    }
    bool wait_batches(std::size_t n) {
        std::unique_lock l(m);
        return cv.wait_for(l, 5s, [&] { return batches.size() >= n; });
    }
};

}  // namespace

TEST_CASE("which configs are the dummy driver") {
    ModemConfig c;
    c.connection = "none";
    c.model = "dummy";
    CHECK(is_dummy_device(c));
    c.model = "";
    CHECK(is_dummy_device(c));  // gammu's own default for connection = none
    c.connection = "proxyat";
    c.model = "at";
    CHECK_FALSE(is_dummy_device(c));
}

TEST_CASE("the inbox count: numbered files in both inbox folders, -1 when in doubt") {
    TempDir dir;
    CHECK(dummy_inbox_count(dir.path.string()) == -1);  // folders missing: let libgammu look
    fs::create_directories(dir.path / "sms/1");
    CHECK(dummy_inbox_count(dir.path.string()) == -1);  // sms/3 missing
    fs::create_directories(dir.path / "sms/3");
    fs::create_directories(dir.path / "sms/2");
    std::ofstream(dir.path / "sms/2/1") << "an outbox file is not incoming";
    CHECK(dummy_inbox_count(dir.path.string()) == 0);
    std::ofstream(dir.path / "sms/3/7") << "x";
    std::ofstream(dir.path / "sms/1/10000") << "x";
    std::ofstream(dir.path / "sms/1/.inject-tmp-1") << "being written";
    CHECK(dummy_inbox_count(dir.path.string()) == 2);
}

TEST_CASE("a busy dummy inbox is read to its last message, skipped in-flight ones included") {
    TempDir dir;
    fs::create_directories(dir.path / "sms/3");  // the driver makes it on connect; inject only sms/1
    for (int i = 0; i < 5; ++i) inject_sms(dir.path.string(), "+7701000000" + std::to_string(i), "S 01001 A" + std::to_string(i));
    REQUIRE(dummy_inbox_count(dir.path.string()) == 5);
    Polling p(dir.path);
    REQUIRE(p.wait_batches(1));
    CHECK(p.batch(0).parts.size() == 5);
    // Not acknowledged: the parts stay in flight and on the device, and a message arriving now is
    // still found behind them (the count includes the skipped ones).
    inject_sms(dir.path.string(), "+77010000009", "S 01001 A9");
    REQUIRE(p.wait_batches(2));
    REQUIRE(p.batch(1).parts.size() == 1);
    CHECK(p.batch(1).parts[0].sender == "+77010000009");
}

TEST_CASE("a message arriving in an idle dummy inbox is still read at the next poll") {
    TempDir dir;
    Polling p(dir.path);
    // Several idle polls pass (the driver created the folders on connect) before the message comes.
    for (int i = 0; i < 200 && !fs::exists(dir.path / "sms/3"); ++i) std::this_thread::sleep_for(10ms);
    REQUIRE(fs::exists(dir.path / "sms/3"));
    std::this_thread::sleep_for(200ms);
    inject_sms(dir.path.string(), "+77010000001", "R 01001 A100 B200 C300 X5 T605");
    REQUIRE(p.wait_batches(1));
    REQUIRE(p.batch(0).parts.size() == 1);
    CHECK(p.batch(0).parts[0].sender == "+77010000001");
}
