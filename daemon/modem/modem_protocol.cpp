// Encodes and decodes the frames between the daemon and a modem's process; a bad field makes the frame invalid.
#include "daemon/modem/modem_protocol.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace smsgw::modem_protocol {

namespace json = boost::json;

namespace {

std::int64_t ms_of(SystemTime t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
SystemTime time_of(std::int64_t ms) { return SystemTime(std::chrono::milliseconds(ms)); }

// Field readers: each sets ok=false when the field is missing or of another type.
struct Fields {
    const json::object& o;
    bool ok = true;

    std::string str(std::string_view k) {
        auto* v = o.if_contains(k);
        if (v && v->is_string()) return std::string(v->get_string());
        ok = false;
        return {};
    }
    std::int64_t num(std::string_view k) {
        auto* v = o.if_contains(k);
        if (v && v->is_int64()) return v->get_int64();
        if (v && v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
            return static_cast<std::int64_t>(v->get_uint64());
        ok = false;
        return 0;
    }
    int integer(std::string_view k) {
        auto n = num(k);
        if (n < INT32_MIN || n > INT32_MAX) ok = false;
        return static_cast<int>(n);
    }
    bool boolean(std::string_view k) {
        auto* v = o.if_contains(k);
        if (v && v->is_bool()) return v->get_bool();
        ok = false;
        return false;
    }
    const json::array* array(std::string_view k) {
        auto* v = o.if_contains(k);
        if (v && v->is_array()) return &v->get_array();
        ok = false;
        return nullptr;
    }
    const json::object* object(std::string_view k) {
        auto* v = o.if_contains(k);
        if (v && v->is_object()) return &v->get_object();
        ok = false;
        return nullptr;
    }
    std::vector<int> ints(std::string_view k) {
        std::vector<int> out;
        if (auto* a = array(k))
            for (const auto& v : *a) {
                if (!v.is_int64() || v.get_int64() < INT32_MIN || v.get_int64() > INT32_MAX) {
                    ok = false;
                    break;
                }
                out.push_back(static_cast<int>(v.get_int64()));
            }
        return out;
    }
};

json::array ints_json(const std::vector<int>& v) {
    json::array a;
    for (int i : v) a.push_back(i);
    return a;
}

json::object config_json(const ModemConfig& c) {
    return {{"name", c.name},           {"device", c.device},
            {"connection", c.connection}, {"model", c.model},
            {"pin", c.pin},             {"number", c.number},
            {"poll_interval_ms", c.poll_interval.count()},
            {"receive", c.receive},     {"send", c.send},
            {"sends_per_minute", c.sends_per_minute}};
}

std::optional<ModemConfig> config_from(const json::object& o) {
    Fields f{o};
    ModemConfig c;
    c.name = f.str("name");
    c.device = f.str("device");
    c.connection = f.str("connection");
    c.model = f.str("model");
    c.pin = f.str("pin");
    c.number = f.str("number");
    c.poll_interval = std::chrono::milliseconds(f.num("poll_interval_ms"));
    c.receive = f.boolean("receive");
    c.send = f.boolean("send");
    c.sends_per_minute = f.integer("sends_per_minute");
    if (!f.ok) return std::nullopt;
    return c;
}

json::object part_json(const ReceivedPart& p) {
    return {{"modem", p.modem},           {"imei", p.imei},
            {"location", p.location},     {"sender", p.sender},
            {"smsc_time", p.smsc_time},   {"received_at", ms_of(p.received_at)},
            {"concat_ref", p.concat_ref}, {"concat_part", p.concat_part},
            {"concat_total", p.concat_total}, {"text", p.text},
            {"coding", p.coding}};
}

std::optional<ReceivedPart> part_from(const json::object& o) {
    Fields f{o};
    ReceivedPart p;
    p.modem = f.str("modem");
    p.imei = f.str("imei");
    p.location = f.integer("location");
    p.sender = f.str("sender");
    p.smsc_time = f.str("smsc_time");
    p.received_at = time_of(f.num("received_at"));
    p.concat_ref = f.integer("concat_ref");
    p.concat_part = f.integer("concat_part");
    p.concat_total = f.integer("concat_total");
    p.text = f.str("text");
    p.coding = f.str("coding");
    if (!f.ok) return std::nullopt;
    return p;
}

json::object poison_json(const PoisonRecord& p) {
    return {{"modem", p.modem}, {"imei", p.imei},     {"location", p.location},
            {"error", p.error}, {"reason", p.reason}, {"pdu_hex", p.pdu_hex},
            {"detected_at", ms_of(p.detected_at)}};
}

std::optional<PoisonRecord> poison_from(const json::object& o) {
    Fields f{o};
    PoisonRecord p;
    p.modem = f.str("modem");
    p.imei = f.str("imei");
    p.location = f.integer("location");
    p.error = f.str("error");
    p.reason = f.str("reason");
    p.pdu_hex = f.str("pdu_hex");
    p.detected_at = time_of(f.num("detected_at"));
    if (!f.ok) return std::nullopt;
    return p;
}

}  // namespace

std::string encode(const json::object& message) {
    std::string body = json::serialize(message);
    std::string out(4, '\0');
    const auto n = static_cast<std::uint32_t>(body.size());
    out[0] = static_cast<char>(n >> 24);
    out[1] = static_cast<char>(n >> 16);
    out[2] = static_cast<char>(n >> 8);
    out[3] = static_cast<char>(n);
    out += body;
    return out;
}

bool FrameReader::feed(const char* data, std::size_t size, std::vector<json::object>& out) {
    if (!error_.empty()) return false;
    buffer_.append(data, size);
    std::size_t pos = 0;
    while (buffer_.size() - pos >= 4) {
        const auto* b = reinterpret_cast<const unsigned char*>(buffer_.data() + pos);
        const std::size_t n = (std::size_t(b[0]) << 24) | (std::size_t(b[1]) << 16) | (std::size_t(b[2]) << 8) | b[3];
        if (n > max_frame) {
            error_ = "frame of " + std::to_string(n) + " bytes";
            return false;
        }
        if (buffer_.size() - pos - 4 < n) break;
        boost::system::error_code ec;
        json::value v = json::parse(std::string_view(buffer_.data() + pos + 4, n), ec);
        if (ec || !v.is_object() || type_of(v.get_object()).empty()) {
            error_ = "a frame that is not a JSON object with a type";
            return false;
        }
        out.push_back(std::move(v.get_object()));
        pos += 4 + n;
    }
    buffer_.erase(0, pos);
    return true;
}

std::string_view type_of(const json::object& o) {
    auto* t = o.if_contains("t");
    return t && t->is_string() ? std::string_view(t->get_string()) : std::string_view();
}

json::object to_json(const Start& s) {
    return {{"t", "start"},
            {"config", config_json(s.config)},
            {"careful", s.careful},
            {"delete_first", ints_json(s.delete_first)},
            {"first_batch", s.first_batch}};
}

std::optional<Start> start_from(const json::object& o) {
    Fields f{o};
    Start s;
    const json::object* c = f.object("config");
    s.careful = f.boolean("careful");
    s.delete_first = f.ints("delete_first");
    s.first_batch = f.num("first_batch");
    if (!f.ok || !c) return std::nullopt;
    auto config = config_from(*c);
    if (!config) return std::nullopt;
    s.config = std::move(*config);
    return s;
}

json::object to_json(const BatchAck& a) {
    return {{"t", "ack"},
            {"batch", static_cast<std::int64_t>(a.batch_id)},
            {"committed", a.committed},
            {"locations", ints_json(a.locations)}};
}

std::optional<BatchAck> ack_from(const json::object& o) {
    Fields f{o};
    BatchAck a;
    a.batch_id = static_cast<std::uint64_t>(f.num("batch"));
    a.committed = f.boolean("committed");
    a.locations = f.ints("locations");
    if (!f.ok) return std::nullopt;
    return a;
}

json::object to_json(const SendRequest& r) {
    return {{"t", "send"}, {"reply_id", r.reply_id}, {"destination", r.destination}, {"text", r.text}};
}

std::optional<SendRequest> send_request_from(const json::object& o) {
    Fields f{o};
    SendRequest r;
    r.reply_id = f.num("reply_id");
    r.destination = f.str("destination");
    r.text = f.str("text");
    if (!f.ok) return std::nullopt;
    return r;
}

json::object to_json(const ReceivedBatch& b) {
    json::array parts, poison;
    for (const auto& p : b.parts) parts.push_back(part_json(p));
    for (const auto& p : b.poison) poison.push_back(poison_json(p));
    return {{"t", "batch"},
            {"modem", b.modem},
            {"batch", static_cast<std::int64_t>(b.batch_id)},
            {"parts", std::move(parts)},
            {"poison", std::move(poison)}};
}

std::optional<ReceivedBatch> batch_from(const json::object& o) {
    Fields f{o};
    ReceivedBatch b;
    b.modem = f.str("modem");
    b.batch_id = static_cast<std::uint64_t>(f.num("batch"));
    const json::array* parts = f.array("parts");
    const json::array* poison = f.array("poison");
    if (!f.ok) return std::nullopt;
    for (const auto& v : *parts) {
        auto p = v.is_object() ? part_from(v.get_object()) : std::nullopt;
        if (!p) return std::nullopt;
        b.parts.push_back(std::move(*p));
    }
    for (const auto& v : *poison) {
        auto p = v.is_object() ? poison_from(v.get_object()) : std::nullopt;
        if (!p) return std::nullopt;
        b.poison.push_back(std::move(*p));
    }
    return b;
}

json::object to_json(const SendResult& r) {
    return {{"t", "sent"},  {"modem", r.modem}, {"reply_id", r.reply_id}, {"sent", r.sent},
            {"parts", r.parts}, {"mr", r.message_reference}, {"error", r.error}};
}

std::optional<SendResult> send_result_from(const json::object& o) {
    Fields f{o};
    SendResult r;
    r.modem = f.str("modem");
    r.reply_id = f.num("reply_id");
    r.sent = f.boolean("sent");
    r.parts = f.integer("parts");
    r.message_reference = f.integer("mr");
    r.error = f.str("error");
    if (!f.ok) return std::nullopt;
    return r;
}

json::object to_json(const ModemHealth& h) {
    return {{"t", "health"},
            {"modem", h.modem},
            {"state", static_cast<std::int64_t>(h.state)},
            {"imei", h.imei},
            {"imsi", h.imsi},
            {"manufacturer", h.manufacturer},
            {"model", h.model},
            {"network_code", h.network_code},
            {"network_name", h.network_name},
            {"network_state", h.network_state},
            {"device", h.device},
            {"signal", h.signal_percent},
            {"battery", h.battery_percent},
            {"sim_used", h.sim_used},
            {"sim_size", h.sim_size},
            {"phone_used", h.phone_used},
            {"phone_size", h.phone_size},
            {"last_error", h.last_error},
            {"delete_failures", h.delete_failures},
            {"undeletable", h.undeletable},
            {"last_delete_error", h.last_delete_error},
            {"at", ms_of(h.at)}};
}

std::optional<ModemHealth> health_from(const json::object& o) {
    Fields f{o};
    ModemHealth h;
    h.modem = f.str("modem");
    const auto state = f.num("state");
    if (state < 0 || state > static_cast<std::int64_t>(ModemState::restarting)) return std::nullopt;
    h.state = static_cast<ModemState>(state);
    h.imei = f.str("imei");
    h.imsi = f.str("imsi");
    h.manufacturer = f.str("manufacturer");
    h.model = f.str("model");
    h.network_code = f.str("network_code");
    h.network_name = f.str("network_name");
    h.network_state = f.str("network_state");
    h.device = f.str("device");
    h.signal_percent = f.integer("signal");
    h.battery_percent = f.integer("battery");
    h.sim_used = f.integer("sim_used");
    h.sim_size = f.integer("sim_size");
    h.phone_used = f.integer("phone_used");
    h.phone_size = f.integer("phone_size");
    h.last_error = f.str("last_error");
    h.delete_failures = static_cast<long>(f.num("delete_failures"));
    h.undeletable = f.integer("undeletable");
    h.last_delete_error = f.str("last_delete_error");
    h.at = time_of(f.num("at"));
    if (!f.ok) return std::nullopt;
    return h;
}

json::object stop_message() { return {{"t", "stop"}}; }

json::object heartbeat_message(std::int64_t worker_idle_ms) { return {{"t", "hb"}, {"idle_ms", worker_idle_ms}}; }

}  // namespace smsgw::modem_protocol
