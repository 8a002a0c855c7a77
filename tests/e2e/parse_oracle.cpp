// Runs `smsgw parse` and reads its JSON lines (SPEC.md section 7).
#include "parse_oracle.hpp"

#include "tests/support/child_process.hpp"

#include <boost/json.hpp>

#include <stdexcept>

namespace smsgw::e2e {

using namespace smsgw::test;

namespace {

std::string str(const boost::json::object& o, const char* key) {
    const auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

std::vector<ParseVerdict> parse_with_cli(const std::filesystem::path& codebook, const std::string& sender,
                                         const std::vector<std::string>& texts) {
    std::string input;
    for (const auto& t : texts) {
        if (t.find('\n') != std::string::npos) throw std::runtime_error("a message with a newline cannot be parsed per line");
        input += t + "\n";
    }
    auto r = run_command({SMSGW_BINARY, "parse", "--codebook", codebook.string(), "--from", sender}, input);
    if (!r.exited_ok()) throw std::runtime_error("smsgw parse --from " + sender + " failed: " + describe_status(r.status));
    std::vector<ParseVerdict> out;
    std::size_t pos = 0;
    while (pos < r.out.size()) {
        std::size_t nl = r.out.find('\n', pos);
        if (nl == std::string::npos) nl = r.out.size();
        const auto line = r.out.substr(pos, nl - pos);
        pos = nl + 1;
        if (line.empty()) continue;
        const auto o = boost::json::parse(line).as_object();
        ParseVerdict v;
        v.status = str(o, "status");
        v.form = str(o, "form");
        v.station = str(o, "station");
        v.reply = str(o, "reply");
        if (const auto* values = o.if_contains("values")) v.values = boost::json::serialize(*values);
        if (const auto* errors = o.if_contains("errors"); errors && errors->is_array() && !errors->as_array().empty())
            v.first_error = str(errors->as_array().front().as_object(), "code");
        if (const auto* s = o.if_contains("sender"); s && s->is_object())
            if (const auto* rep = s->as_object().if_contains("replyable"); rep && rep->is_bool()) v.replyable = rep->as_bool();
        out.push_back(std::move(v));
    }
    if (out.size() != texts.size())
        throw std::runtime_error("smsgw parse answered " + std::to_string(out.size()) + " lines for " +
                                 std::to_string(texts.size()) + " messages");
    return out;
}

std::string reply_without_reference(const std::string& reply) {
    const auto hash = reply.rfind('#');
    return hash == std::string::npos ? reply : reply.substr(0, hash + 1);
}

}  // namespace smsgw::e2e
