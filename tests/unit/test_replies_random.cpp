// Text to reply on the reference election: 100,000 generated, mutated and random messages keep every invariant.
#include "codebooks/codebook_loader.hpp"
#include "codebooks/gsm7.hpp"
#include "codebooks/phone.hpp"
#include "codebooks/reference.hpp"
#include "codebooks/reply_builder.hpp"
#include "codebooks/validator.hpp"
#include "parsers/char_class.hpp"
#include "parsers/parser.hpp"

#include "example_traffic.hpp"
#include "tests/support/files.hpp"
#include "tests/support/codebook_files.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>

using namespace smsgw;

namespace {

using smsgw::test::read_file;

const Codebook& example() {
    static const CodebookPtr cb = [] {
        const std::string dir = std::string(SMSGW_SOURCE_DIR) + "/codebooks/example/";
        CodebookSources src = smsgw::test::codebook_sources(dir);
        LoadResult r = load_codebook(src);
        REQUIRE(r.ok());
        return r.codebook;
    }();
    return *cb;
}

bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const Utf8Char u = decode_utf8(s, i);
        if (!u.valid) return false;
        i += u.len;
    }
    return true;
}

bool has_control(std::string_view s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

bool in_range(const Field& fd, std::int64_t v) {
    switch (fd.kind) {
        case FieldKind::count: return v >= fd.min && v <= fd.max;
        case FieldKind::yesno: return v == 1 || v == 2;
        case FieldKind::choice: return std::find(fd.choices.begin(), fd.choices.end(), v) != fd.choices.end();
        case FieldKind::time: return v >= 0 && v / 100 <= 23 && v % 100 <= 59;
        case FieldKind::multi: {
            if (v <= 0) return false;
            int last = 0;
            for (const char c : std::to_string(v)) {  // ascending distinct listed digits
                const int d = c - '0';
                if (d <= last || std::find(fd.choices.begin(), fd.choices.end(), d) == fd.choices.end()) return false;
                last = d;
            }
            return true;
        }
    }
    return false;
}

// Everything an accepted (or warning) verdict promises: SPEC.md sections 3 and 5, validator.hpp.
void check_accepted(const Codebook& cb, const Report& r, const Verdict& v, const Sender& sender) {
    REQUIRE(v.form != nullptr);
    REQUIRE(v.station != nullptr);
    const Form& form = *v.form;
    const Station& st = *v.station;
    CHECK(r.form == form.code);
    CHECK(r.station == st.code);
    if (!sender.any_station) {
        REQUIRE(v.monitor != nullptr);
        CHECK(cb.monitor_covers(*v.monitor, st));
    }
    if (form.kind == FormKind::incident) {
        CHECK_FALSE(r.incidents.empty());
        CHECK(r.values.empty());
        for (int code : r.incidents) CHECK(form.find_incident(code) != nullptr);
        return;
    }
    std::vector<std::int64_t> values(form.fields.size());
    std::vector<bool> present(form.fields.size());
    for (const TagValue& tv : r.values) {
        const int f = form.field_index(tv.tag);
        REQUIRE(f >= 0);
        const auto i = static_cast<std::size_t>(f);
        CHECK_FALSE(present[i]);  // no tag twice
        CHECK_MESSAGE(in_range(form.fields[i], tv.value), tv.tag << "=" << tv.value);
        values[i] = tv.value;
        present[i] = true;
    }
    // On a candidates form every field but invalid and cast is an option; the district's candidates
    // are the required ones and no other option may be there.
    std::vector<std::uint16_t> options;
    if (form.options_from_candidates) {
        for (const Candidate& c : cb.candidates_in(st.district))
            options.push_back(static_cast<std::uint16_t>(form.field_index(c.tag)));
    } else {
        for (const std::string& tag : form.option_tags)
            options.push_back(static_cast<std::uint16_t>(form.field_index(tag)));
    }
    for (std::size_t i = 0; i < form.fields.size(); ++i) {
        const Field& fd = form.fields[i];
        bool required = fd.required;
        if (form.options_from_candidates && fd.tag != form.invalid_tag && fd.tag != form.cast_tag) {
            required = std::find(options.begin(), options.end(), static_cast<std::uint16_t>(i)) != options.end();
            if (!required) CHECK_MESSAGE(!present[i], fd.tag << " is no candidate in district " << st.district);
        }
        if (required) CHECK_MESSAGE(present[i], "missing " << fd.tag);
    }
    const std::unique_ptr<bool[]> flags(new bool[present.size()]);
    std::copy(present.begin(), present.end(), flags.get());
    ExprEnv env{values, std::span<const bool>(flags.get(), present.size()), options, &st,
                [&](std::uint16_t i) { return std::string_view(form.fields[i].tag); }};
    for (const Check& c : form.checks) {
        if (c.severity != Severity::error) continue;
        const EvalResult e = c.expr.evaluate(env);
        CHECK_MESSAGE(e.status != EvalStatus::overflow, c.id);
        if (e.status == EvalStatus::ok) CHECK_MESSAGE(e.value != 0, c.id << ": " << c.expr.explain(env).text());
    }
}

struct Tally {
    std::map<Status, std::size_t> status;
    std::size_t messages = 0;
};

void run_one(const Codebook& cb, const std::string& text, const Sender& sender, Tally& tally) {
    CAPTURE(text);
    CAPTURE(sender.raw);
    const Report r = parse_message(text, cb);
    const Verdict v = validate(r, cb, sender);
    const Monitor* m = sender.e164 ? cb.find_monitor(*sender.e164) : nullptr;
    const std::string language = m ? m->language : cb.election.default_language;
    const std::string ref = reference_for_text(text);
    const std::string reply = build_reply(v, r, cb, language, ref);
    ++tally.messages;
    ++tally.status[v.status];

    REQUIRE((v.status == Status::rejected) == !v.errors.empty());
    REQUIRE((v.status == Status::warning) == (v.errors.empty() && !v.warnings.empty()));
    for (const auto* list : {&v.errors, &v.warnings})
        for (const Issue& i : *list) {
            CHECK_FALSE(i.detail.empty());
            CHECK(valid_utf8(i.detail));
        }
    const SmsSize size = sms_size(reply);
    CHECK_MESSAGE(size.fits_one(), reply);
    CHECK(valid_utf8(reply));
    CHECK_FALSE(has_control(reply));
    REQUIRE(reply.size() > ref.size());
    CHECK(reply.compare(reply.size() - ref.size(), ref.size(), ref) == 0);
    if (v.status == Status::rejected) return;
    check_accepted(cb, r, v, sender);
    if (v.status == Status::accepted) CHECK(reply.find(r.form + " " + r.station) != std::string::npos);
}

Sender make_sender(const Codebook& cb, test::ExampleTraffic& gen, const std::string& phone) {
    Sender s;
    const std::uint64_t k = gen.below(20);
    if (k == 0) {
        s.raw = "+77019999999";  // not a monitor
    } else if (k == 1) {
        s.raw = "Beeline";
    } else if (k == 2) {  // some other monitor, in national format
        const std::string& other = cb.monitors[gen.below(cb.monitors.size())].phone;
        s.raw = "8" + other.substr(2);
    } else if (phone.empty()) {
        s.any_station = true;
        return s;
    } else {
        s.raw = phone;
    }
    s.e164 = normalize_phone(s.raw, cb.election.phones);
    return s;
}

std::string random_bytes(test::ExampleTraffic& gen) {
    std::string s(gen.below(120), '\0');
    for (char& c : s) c = static_cast<char>(gen.below(256));
    return s;
}

std::string mutate(test::ExampleTraffic& gen, std::string s) {
    static constexpr std::string_view pieces[] = {"O", "l", "I", "0", "1", " ", "@", "А", "Ж", "😀", "\xFF", "\xC3",
                                                  "Ｔ", "７", ",", "Y", "N", "Q", "T", "X"};
    const std::uint64_t n = 1 + gen.below(4);
    for (std::uint64_t k = 0; k < n; ++k) {
        const std::size_t pos = s.empty() ? 0 : gen.below(s.size() + 1);
        switch (gen.below(4)) {
            case 0: s.insert(pos, pieces[gen.below(std::size(pieces))]); break;
            case 1: if (pos < s.size()) s.erase(pos, 1 + gen.below(3)); break;
            case 2: if (pos < s.size()) s[pos] = static_cast<char>(gen.below(256)); break;
            default: if (pos < s.size()) s.insert(pos, s.substr(pos, 1 + gen.below(8))); break;
        }
    }
    return s;
}

}  // namespace

TEST_CASE("100,000 messages on the example codebook: parse + validate + reply keep every invariant") {
    const Codebook& cb = example();
    test::ExampleTraffic gen(cb, 20260301);
    Tally tally;
    for (int i = 0; i < 100'000; ++i) {
        test::ExampleTraffic::Message m = gen.next();
        if (i % 5 == 0) m.text = random_bytes(gen);
        if (i % 5 == 1) m.text = mutate(gen, m.text);
        run_one(cb, m.text, make_sender(cb, gen, m.sender), tally);
    }
    MESSAGE("accepted " << tally.status[Status::accepted] << ", warning " << tally.status[Status::warning]
                        << ", rejected " << tally.status[Status::rejected]);
    // the invariants above must have been exercised on every outcome
    CHECK(tally.status[Status::accepted] > 20'000);
    CHECK(tally.status[Status::warning] > 200);
    CHECK(tally.status[Status::rejected] > 20'000);
}

TEST_CASE("each traffic kind: valid messages from their own monitor are accepted (or warned)") {
    const Codebook& cb = example();
    test::ExampleTraffic gen(cb, 7);
    Tally tally;
    for (int i = 0; i < 2'000; ++i) {
        const test::ExampleTraffic::Message m = gen.next(test::ExampleTraffic::Kind::valid);
        Sender s;
        s.any_station = m.sender.empty();
        s.raw = m.sender;
        s.e164 = m.sender.empty() ? std::nullopt : std::optional<std::string>(m.sender);
        run_one(cb, m.text, s, tally);
        const Verdict v = validate(parse_message(m.text, cb), cb, s);
        // only the deliberate over-100% turnout may be rejected, and then by cast_registered alone
        if (v.status == Status::rejected) {
            CAPTURE(m.text);
            REQUIRE(v.errors.size() == 1);
            CHECK(v.errors[0].code == Code::CHECK_FAILED);
            CHECK(v.errors[0].detail.rfind("cast_registered", 0) == 0);
        }
    }
    CHECK(tally.status[Status::accepted] > 1'800);
}
