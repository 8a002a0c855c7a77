// parse_message: normalization, then the readers of form/station, items or incidents, in message order.
#include "parsers/parser.hpp"

#include "parsers/canonical_text.hpp"
#include "parsers/header_reader.hpp"
#include "parsers/incident_reader.hpp"
#include "parsers/item_reader.hpp"
#include "parsers/normalizer.hpp"
#include "parsers/parse_state.hpp"

namespace smsgw {

namespace {

void run(ParseState& s) {
    const NormalizedMessage& m = s.m;
    if (m.status == NormalizedMessage::Status::too_long) {
        IssueFacts f;
        f.reason = "too_long";
        s.error(Code::BAD_VALUE,
                "message too long: " + std::to_string(m.body.size()) + " bytes, at most " +
                    std::to_string(kMaxMessageBytes),
                -1, 0, 0, std::move(f));
        return;
    }
    if (m.status == NormalizedMessage::Status::too_many_tokens) {
        IssueFacts f;
        f.reason = "too_long";
        s.error(Code::BAD_VALUE, "message too long: more than " + std::to_string(kMaxTokens) + " parts", -1, 0, 0,
                std::move(f));
        return;
    }
    if (m.token_count == 0) {
        IssueFacts f;
        if (m.has_comment) f.reason = "comment_only";
        s.error(Code::EMPTY, m.has_comment ? "nothing before the comment" : "empty message", -1, 0, 0, std::move(f));
        return;
    }
    HeaderReader header(s);
    if (header.read_form()) header.read_station();
    if (s.form != nullptr) {
        s.report.values.reserve(s.form->fields.size());
        if (s.form->kind == FormKind::incident)
            IncidentReader(s).read_all();
        else
            ItemReader(s).read_all();
    }
    // Stable insertion sort: at most kMaxErrors issues, nearly in order, and no buffer to allocate.
    std::vector<Issue>& errors = s.report.errors;
    for (std::size_t k = 1; k < errors.size(); ++k)
        for (std::size_t j = k; j > 0 && errors[j].token < errors[j - 1].token; --j) std::swap(errors[j], errors[j - 1]);
    write_canonical_text(s);
}

}  // namespace

Report parse_message(std::string_view text, const Codebook& cb) {
    Report report;
    NormalizedMessage m;
    m.normalize(text, report.errors);
    if (m.has_comment) {
        report.has_comment = true;
        report.comment = m.comment;
    }
    ParseState state(m, cb, report);
    run(state);
    return report;
}

}  // namespace smsgw
