// libFuzzer target: one SMS through normalize, parse, validate and reply, with the pipeline's invariants.
#include "codebooks/gsm7.hpp"
#include "codebooks/phone.hpp"
#include "codebooks/reference.hpp"
#include "codebooks/reply_builder.hpp"
#include "codebooks/validator.hpp"
#include "fuzz_codebooks.hpp"
#include "parsers/parser.hpp"

#include <algorithm>
#include <cstdint>
#include <string_view>

using namespace smsgw;

namespace {

// A broken invariant is a finding: stop where the debugger and the crash file can see it.
void require(bool ok) {
    if (!ok) __builtin_trap();
}

bool in_range(const Field& fd, std::int64_t v) {
    switch (fd.kind) {
        case FieldKind::count: return v >= fd.min && v <= fd.max;
        case FieldKind::yesno: return v == 1 || v == 2;
        case FieldKind::choice: return std::find(fd.choices.begin(), fd.choices.end(), v) != fd.choices.end();
        case FieldKind::time: return v >= 0 && v / 100 <= 23 && v % 100 <= 59;
        case FieldKind::multi: return v > 0;
    }
    return false;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    fuzz::tiny();
    fuzz::example();
    return 0;
}

// Byte 0 chooses the codebook (bit 0), the sender (bits 1-2: anywhere, a monitor picked by the
// upper bits, an unknown number, an alphanumeric id); the rest is the message text.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t sel = data[0];
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    const Codebook& cb = (sel & 1) ? fuzz::example() : fuzz::tiny();
    Sender sender;
    switch ((sel >> 1) & 3) {
        case 0: sender.any_station = true; break;
        case 1: sender.raw = cb.monitors[(sel >> 3) % cb.monitors.size()].phone; break;
        case 2: sender.raw = "+77019999999"; break;
        default: sender.raw = "Beeline"; break;
    }
    if (!sender.any_station) sender.e164 = normalize_phone(sender.raw, cb.election.phones);
    const Monitor* m = sender.e164 ? cb.find_monitor(*sender.e164) : nullptr;

    const Report r = parse_message(text, cb);
    const Verdict v = validate(r, cb, sender);
    const std::string ref = reference_for_text(text);
    const std::string reply = build_reply(v, r, cb, m ? m->language : cb.election.default_language, ref);

    require((v.status == Status::rejected) == !v.errors.empty());
    require(sms_size(reply).fits_one());
    require(reply.size() > ref.size() && reply.compare(reply.size() - ref.size(), ref.size(), ref) == 0);
    if (v.status != Status::rejected) {
        require(v.form != nullptr && v.station != nullptr);
        for (const TagValue& tv : r.values) {
            const int f = v.form->field_index(tv.tag);
            require(f >= 0 && in_range(v.form->fields[static_cast<std::size_t>(f)], tv.value));
        }
    }
    return 0;
}
