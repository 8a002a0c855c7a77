// The frames between the daemon and a modem's process: length-prefixed JSON values, pure (no I/O).
#pragma once

#include "daemon/config/config.hpp"
#include "daemon/modem/modem_types.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smsgw::modem_protocol {

// A frame is a 4-byte big-endian length and that many bytes of one JSON object with a "t" (type).
// Larger frames than this are a broken peer, never data: a batch of 200 parts is ~100 KB.
inline constexpr std::size_t max_frame = 16u << 20;

std::string encode(const boost::json::object& message);

// Accumulates bytes read from the socket and returns the complete frames in order.
class FrameReader {
public:
    // Returns false (and error()) when the peer sent something that is not a frame: the
    // connection is then useless and the peer is treated as dead.
    bool feed(const char* data, std::size_t size, std::vector<boost::json::object>& out);
    const std::string& error() const { return error_; }

private:
    std::string buffer_;
    std::string error_;
};

// Parent -> child: what the process is for, sent once right after it starts.
struct Start {
    ModemConfig config;
    bool careful = false;             // read one location at a time (a read killed the last process)
    std::vector<int> delete_first;    // quarantined locations to delete before anything is read
    std::int64_t first_batch = 1;     // batch ids stay unique across the modem's processes
};

boost::json::object to_json(const Start&);
boost::json::object to_json(const BatchAck&);
boost::json::object to_json(const SendRequest&);
boost::json::object to_json(const ReceivedBatch&);
boost::json::object to_json(const SendResult&);
boost::json::object to_json(const ModemHealth&);
boost::json::object stop_message();
boost::json::object heartbeat_message(std::int64_t worker_idle_ms);

// Each returns nullopt when a field is missing or of the wrong type.
std::optional<Start> start_from(const boost::json::object&);
std::optional<BatchAck> ack_from(const boost::json::object&);
std::optional<SendRequest> send_request_from(const boost::json::object&);
std::optional<ReceivedBatch> batch_from(const boost::json::object&);
std::optional<SendResult> send_result_from(const boost::json::object&);
std::optional<ModemHealth> health_from(const boost::json::object&);

std::string_view type_of(const boost::json::object&);

}  // namespace smsgw::modem_protocol
