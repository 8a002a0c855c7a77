// Incident codes: numbers (O/I/L folded), leading zeros dropped, repeats counted once, letters reported.
#include "parsers/incident_reader.hpp"

#include <algorithm>

namespace smsgw {

namespace {
constexpr std::size_t kMaxIncidentDigits = 9;
}  // namespace

void IncidentReader::read_all() {
    while (!s_.at_end()) {
        const Token& t = s_.tok(s_.i);
        if (t.kind == TokenKind::bad) {
            s_.skip_bad(true);
        } else if (s_.starts_digits()) {
            const DigitRun run = s_.collect_digits();
            if (run.tainted) continue;
            std::string_view d = s_.digits_of(run);
            const auto nz = d.find_first_not_of('0');
            d = nz == std::string_view::npos ? d.substr(d.size() - 1) : d.substr(nz);
            if (d.size() > kMaxIncidentDigits) {
                IssueFacts f;
                f.reason = "too_many_digits";
                f.value = shown(d);
                std::string detail = f.value + " (too many digits)";
                s_.error(Code::BAD_VALUE, std::move(detail), static_cast<int>(run.first_tok), run.raw_b, run.raw_e,
                         std::move(f));
                continue;
            }
            int code = 0;
            for (char c : d) code = code * 10 + (c - '0');
            // a repeated code adds nothing: the report is the set of incidents seen
            if (std::find(s_.report.incidents.begin(), s_.report.incidents.end(), code) == s_.report.incidents.end())
                s_.report.incidents.push_back(code);
        } else {
            const std::string_view letters = s_.m.text(t).substr(s_.off);
            IssueFacts f;
            f.reason = "incident_letters";
            f.value = shown(letters);
            std::string detail = f.value + " (incident codes are numbers)";
            s_.error(Code::BAD_VALUE, std::move(detail), static_cast<int>(s_.i), s_.m.raw_offset(t.begin + s_.off, t),
                     t.raw_end, std::move(f));
            s_.next_token();
        }
    }
}

}  // namespace smsgw
