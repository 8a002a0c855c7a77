// One line of `smsgw parse` output: parse, validate and reply for one message, written as a JSON object.
#include "daemon/cli/parse_output.hpp"

#include "codebooks/phone.hpp"
#include "codebooks/reference.hpp"
#include "codebooks/reply_builder.hpp"
#include "codebooks/validator.hpp"
#include "codebooks/utf8.hpp"
#include "parsers/parser.hpp"

#include <boost/json.hpp>

namespace smsgw {

namespace json = boost::json;

namespace {

bool is_valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const Utf8Char u = decode_utf8(s, i);
        if (!u.valid) return false;
        i += u.len;
    }
    return true;
}

json::array issues(const std::vector<Issue>& list, json::storage_ptr sp) {
    json::array out(sp);
    out.reserve(list.size());
    for (const Issue& i : list) {
        json::object o(sp);
        o.reserve(2);
        o.emplace("code", to_string(i.code));
        o.emplace("detail", valid_utf8(i.detail));
        out.emplace_back(std::move(o));
    }
    return out;
}

}  // namespace

std::string valid_utf8(std::string_view s) {
    if (is_valid_utf8(s)) return std::string(s);
    std::string out;
    out.reserve(s.size() + 8);
    for (std::size_t i = 0; i < s.size();) {
        const Utf8Char u = decode_utf8(s, i);
        if (u.valid)
            out.append(s.substr(i, u.len));
        else
            out += "\uFFFD";
        i += u.len;
    }
    return out;
}

ParseJson::ParseJson(const Codebook& cb, std::optional<std::string> from) : cb_(cb) {
    language_ = cb.election.default_language;
    if (!from) {
        sender_.any_station = true;
        return;
    }
    has_from_ = true;
    sender_.raw = std::move(*from);
    sender_.e164 = normalize_phone(sender_.raw, cb.election.phones);
    if (sender_.e164) monitor_ = cb.find_monitor(*sender_.e164);
    if (monitor_ != nullptr) language_ = monitor_->language;
}

void ParseJson::append(std::string& out, std::string_view input, bool truncated) const {
    const Report report = parse_message(input, cb_);
    const Verdict verdict = validate(report, cb_, sender_);
    const std::string reply = build_reply(verdict, report, cb_, language_, reference_for_text(input));

    // Everything for one line comes from a stack buffer first; the heap only for huge lines.
    unsigned char buffer[8192];
    json::monotonic_resource mr(buffer, sizeof buffer);
    json::storage_ptr sp(&mr);

    json::object o(sp);
    o.reserve(16);
    o.emplace("input", valid_utf8(input));
    if (truncated) o.emplace("truncated", true);
    o.emplace("status", to_string(verdict.status));
    if (report.form.empty())
        o.emplace("form", nullptr);
    else
        o.emplace("form", report.form);
    if (report.station.empty())
        o.emplace("station", nullptr);
    else
        o.emplace("station", report.station);
    json::object values(sp);
    values.reserve(report.values.size());
    for (const TagValue& tv : report.values) values.emplace(tv.tag, tv.value);
    o.emplace("values", std::move(values));
    json::array incidents(sp);
    incidents.reserve(report.incidents.size());
    for (int code : report.incidents) incidents.emplace_back(code);
    o.emplace("incidents", std::move(incidents));
    if (report.has_comment)
        o.emplace("comment", valid_utf8(report.comment));
    else
        o.emplace("comment", nullptr);
    o.emplace("errors", issues(verdict.errors, sp));
    o.emplace("warnings", issues(verdict.warnings, sp));
    o.emplace("reply", reply);
    if (has_from_) {
        json::object s(sp);
        s.emplace("phone", valid_utf8(sender_.raw));
        if (sender_.e164)
            s.emplace("e164", *sender_.e164);
        else
            s.emplace("e164", nullptr);
        if (monitor_ != nullptr)
            s.emplace("monitor", valid_utf8(monitor_->name));
        else
            s.emplace("monitor", nullptr);
        // as the daemon decides with its default reply_unregistered = "country" (README)
        s.emplace("replyable", is_replyable_sender(sender_.raw) &&
                                   (monitor_ != nullptr || (sender_.e164 && in_country(*sender_.e164, cb_.election.phones))));
        o.emplace("sender", std::move(s));
    } else {
        o.emplace("sender", nullptr);
        o.emplace("authorized", "any");
    }
    o.emplace("language", language_);

    json::serializer sr;
    sr.reset(&o);
    char chunk[4096];
    while (!sr.done()) out.append(sr.read(chunk));
    out += '\n';
}

}  // namespace smsgw
