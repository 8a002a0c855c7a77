// The frames between the daemon and a modem's process: every value survives the trip, and a
// broken stream is refused instead of being half-read.
#include "daemon/modem/modem_protocol.hpp"

#include <doctest/doctest.h>

using namespace smsgw;
namespace proto = smsgw::modem_protocol;

namespace {

std::vector<boost::json::object> read_all(const std::string& bytes, std::size_t chunk) {
    proto::FrameReader r;
    std::vector<boost::json::object> out;
    for (std::size_t i = 0; i < bytes.size(); i += chunk)
        REQUIRE(r.feed(bytes.data() + i, std::min(chunk, bytes.size() - i), out));
    return out;
}

}  // namespace

TEST_CASE("a batch with parts and poison records survives encoding, whatever the read sizes") {
    ReceivedBatch b;
    b.modem = "sim1";
    b.batch_id = (7ull << 32) + 3;
    ReceivedPart p;
    p.modem = "sim1";
    p.imei = "352099001761481";
    p.location = 100004;
    p.sender = "+77010000001";
    p.smsc_time = "2026-03-01T20:15:00";
    p.received_at = SystemTime(std::chrono::milliseconds(1772395200123));
    p.concat_ref = 66;
    p.concat_part = 2;
    p.concat_total = 3;
    p.text = "R 01234 A312 \xD0\xB0\"\\\n";
    p.coding = "ucs2";
    b.parts.push_back(p);
    PoisonRecord q;
    q.modem = "sim1";
    q.imei = "352099001761481";
    q.location = 5;
    q.error = "ERR_CORRUPTED";
    q.reason = "libgammu cannot read it";
    q.pdu_hex = "07917710000000F0040B";
    q.detected_at = SystemTime(std::chrono::milliseconds(1772395200999));
    b.poison.push_back(q);

    const std::string bytes = proto::encode(proto::to_json(b)) + proto::encode(proto::heartbeat_message(42));
    for (std::size_t chunk : {1u, 3u, 4u, 5u, 4096u}) {
        auto frames = read_all(bytes, chunk);
        REQUIRE(frames.size() == 2);
        CHECK(proto::type_of(frames[1]) == "hb");
        auto back = proto::batch_from(frames[0]);
        REQUIRE(back);
        CHECK(back->batch_id == b.batch_id);
        REQUIRE(back->parts.size() == 1);
        const auto& bp = back->parts[0];
        CHECK(bp.location == p.location);
        CHECK(bp.text == p.text);
        CHECK(bp.received_at == p.received_at);
        CHECK(bp.concat_ref == 66);
        CHECK(bp.concat_total == 3);
        CHECK(bp.coding == "ucs2");
        REQUIRE(back->poison.size() == 1);
        CHECK(back->poison[0].pdu_hex == q.pdu_hex);
        CHECK(back->poison[0].error == "ERR_CORRUPTED");
        CHECK(back->poison[0].detected_at == q.detected_at);
    }
}

TEST_CASE("start, ack, send, result and health round-trip") {
    proto::Start s;
    s.config.name = "sim2";
    s.config.device = "/dev/serial/by-id/usb-Huawei_E3372-if00";
    s.config.connection = "at115200";
    s.config.pin = "1234";
    s.config.poll_interval = std::chrono::milliseconds(250);
    s.config.send = false;
    s.careful = true;
    s.delete_first = {3, 100007};
    s.first_batch = 5ll << 32;
    auto s2 = proto::start_from(read_all(proto::encode(proto::to_json(s)), 7).at(0));
    REQUIRE(s2);
    CHECK(s2->config == s.config);
    CHECK(s2->careful);
    CHECK(s2->delete_first == s.delete_first);
    CHECK(s2->first_batch == s.first_batch);

    BatchAck a{9, true, {1, 2, 3}};
    auto a2 = proto::ack_from(proto::to_json(a));
    REQUIRE(a2);
    CHECK(a2->batch_id == 9);
    CHECK(a2->committed);
    CHECK(a2->locations == std::vector<int>{1, 2, 3});

    SendRequest r{17, "+77010000001", "Принято #4F2A"};
    auto r2 = proto::send_request_from(proto::to_json(r));
    REQUIRE(r2);
    CHECK(r2->text == r.text);

    SendResult res{"sim1", 17, false, 1, -1, "ERR_TIMEOUT"};
    auto res2 = proto::send_result_from(proto::to_json(res));
    REQUIRE(res2);
    CHECK(res2->reply_id == 17);
    CHECK(!res2->sent);
    CHECK(res2->error == "ERR_TIMEOUT");

    ModemHealth h;
    h.modem = "sim1";
    h.state = ModemState::pin_failed;
    h.sim_used = 24;
    h.sim_size = 30;
    h.device = "/dev/ttyUSB0";
    h.last_error = "PIN rejected";
    h.delete_failures = 7;
    h.undeletable = 2;
    h.last_delete_error = "SIM location 3: ERR_UNKNOWN";
    auto h2 = proto::health_from(proto::to_json(h));
    REQUIRE(h2);
    CHECK(h2->state == ModemState::pin_failed);
    CHECK(h2->sim_used == 24);
    CHECK(h2->sim_size == 30);
    CHECK(h2->phone_size == -1);
    CHECK(h2->device == "/dev/ttyUSB0");
    CHECK(h2->delete_failures == 7);
    CHECK(h2->undeletable == 2);
    CHECK(h2->last_delete_error == "SIM location 3: ERR_UNKNOWN");
}

TEST_CASE("a frame with a missing or mistyped field is not taken") {
    auto o = proto::to_json(BatchAck{1, true, {4}});
    o["locations"] = "4";
    CHECK(!proto::ack_from(o));
    auto h = proto::to_json(ModemHealth{});
    h["state"] = 99;
    CHECK(!proto::health_from(h));
    h.erase("state");
    CHECK(!proto::health_from(h));
}

TEST_CASE("a stream that is not frames is refused for good") {
    std::vector<boost::json::object> out;
    proto::FrameReader huge;
    const char big[4] = {'\x7f', '\x00', '\x00', '\x00'};
    CHECK(!huge.feed(big, 4, out));
    CHECK(!huge.error().empty());
    CHECK(!huge.feed("", 0, out));  // stays broken

    proto::FrameReader garbage;
    std::string frame = std::string("\x00\x00\x00\x05", 4) + "hello";
    CHECK(!garbage.feed(frame.data(), frame.size(), out));

    proto::FrameReader untyped;
    std::string body = "{\"x\":1}";
    std::string f2 = std::string("\x00\x00\x00", 3) + char(body.size()) + body;
    CHECK(!untyped.feed(f2.data(), f2.size(), out));
    CHECK(out.empty());
}
