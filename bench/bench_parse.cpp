// Benchmark: normalize + parse + validate (and + reply) throughput on one core over generated election-night traffic.
#include "codebooks/phone.hpp"
#include "codebooks/reference.hpp"
#include "codebooks/reply_builder.hpp"
#include "codebooks/validator.hpp"
#include "daemon/codebook_io/codebook_dir.hpp"
#include "parsers/parser.hpp"
#include "tests/unit/example_traffic.hpp"

#include <sched.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace smsgw;

namespace {

struct Sample {
    std::string text;
    Sender sender;
    std::string language;
    test::ExampleTraffic::Kind kind;
};

// The compiler must not drop work whose result is unused.
volatile std::size_t sink = 0;

template <class Step>
double messages_per_second(const std::vector<Sample>& samples, int passes, Step&& step) {
    std::vector<double> rates;
    for (int p = 0; p < passes; ++p) {
        std::size_t acc = 0;
        const auto start = std::chrono::steady_clock::now();
        for (const Sample& s : samples) acc += step(s);
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        sink = sink + acc;
        rates.push_back(static_cast<double>(samples.size()) / secs);
    }
    std::sort(rates.begin(), rates.end());
    return rates[rates.size() / 2];  // median pass
}

const char* kind_name(test::ExampleTraffic::Kind k) {
    switch (k) {
        case test::ExampleTraffic::Kind::valid: return "valid";
        case test::ExampleTraffic::Kind::typo: return "typo";
        case test::ExampleTraffic::Kind::cyrillic: return "cyrillic";
        case test::ExampleTraffic::Kind::invalid: return "invalid";
        case test::ExampleTraffic::Kind::garbage: return "garbage";
    }
    return "?";
}

}  // namespace

int main(int argc, char** argv) {
    const std::string dir = argc > 1 ? argv[1] : SMSGW_SOURCE_DIR "/codebooks/example";
    const long count = argc > 2 ? std::atol(argv[2]) : 200'000;
    const int passes = argc > 3 ? std::atoi(argv[3]) : 5;
    // For profiling one stage alone (perf record ... bench_parse DIR N P validate).
    const std::string only = argc > 4 ? argv[4] : "";
    if (count < 1 || passes < 1 || (only != "" && only != "parse" && only != "validate" && only != "reply")) {
        std::fprintf(stderr, "usage: bench_parse [CODEBOOK_DIR] [MESSAGES] [PASSES] [parse|validate|reply]\n");
        return 2;
    }
    const auto stage = [&](const char* name) { return only.empty() || only == name; };
    // One core, as the pipeline runs on one io_context thread; pinning also steadies the numbers.
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(0, &one);
    const bool pinned = sched_setaffinity(0, sizeof one, &one) == 0;

    const LoadResult loaded = load_codebook_dir(dir);
    if (!loaded.ok()) {
        std::fprintf(stderr, "%s does not load\n", dir.c_str());
        return 1;
    }
    const Codebook& cb = *loaded.codebook;

    // Senders are normalized once, as the pipeline does when the SMS arrives.
    test::ExampleTraffic gen(cb, 2026);
    std::vector<Sample> samples;
    samples.reserve(static_cast<std::size_t>(count));
    std::size_t bytes = 0, per_kind[5] = {};
    for (long i = 0; i < count; ++i) {
        test::ExampleTraffic::Message m = gen.next();
        Sample s{std::move(m.text), {}, cb.election.default_language, m.kind};
        if (m.sender.empty()) {
            s.sender.any_station = true;
        } else {
            s.sender.raw = m.sender;
            s.sender.e164 = normalize_phone(m.sender, cb.election.phones);
            if (const Monitor* mon = cb.find_monitor(*s.sender.e164)) s.language = mon->language;
        }
        bytes += s.text.size();
        ++per_kind[static_cast<int>(m.kind)];
        samples.push_back(std::move(s));
    }

    std::size_t status[3] = {};
    for (const Sample& s : samples) ++status[static_cast<int>(validate(parse_message(s.text, cb), cb, s.sender).status)];

    double parse_rate = 0, validate_rate = 0, reply_rate = 0;
    if (stage("parse")) parse_rate = messages_per_second(samples, passes, [&](const Sample& s) {
        return parse_message(s.text, cb).errors.size();
    });
    if (stage("validate")) validate_rate = messages_per_second(samples, passes, [&](const Sample& s) {
        const Report r = parse_message(s.text, cb);
        return static_cast<std::size_t>(validate(r, cb, s.sender).status);
    });
    if (stage("reply")) reply_rate = messages_per_second(samples, passes, [&](const Sample& s) {
        const Report r = parse_message(s.text, cb);
        const Verdict v = validate(r, cb, s.sender);
        return build_reply(v, r, cb, s.language, reference_for_text(s.text)).size();
    });

    std::printf("bench_parse: %s, %ld messages (%.1f bytes average), median of %d passes, %s\n", dir.c_str(), count,
                static_cast<double>(bytes) / static_cast<double>(count), passes,
                pinned ? "pinned to CPU 0" : "not pinned");
    std::printf("traffic:");
    for (int k = 0; k < 5; ++k)
        std::printf(" %s %.0f%%", kind_name(static_cast<test::ExampleTraffic::Kind>(k)),
                    100.0 * static_cast<double>(per_kind[k]) / static_cast<double>(count));
    std::printf("\nverdicts: accepted %.1f%%, warning %.1f%%, rejected %.1f%%\n",
                100.0 * static_cast<double>(status[0]) / static_cast<double>(count),
                100.0 * static_cast<double>(status[1]) / static_cast<double>(count),
                100.0 * static_cast<double>(status[2]) / static_cast<double>(count));
    std::printf("normalize+parse                  %10.0f msg/s\n", parse_rate);
    std::printf("normalize+parse+validate         %10.0f msg/s  (target >= 1,000,000)\n", validate_rate);
    std::printf("normalize+parse+validate+reply   %10.0f msg/s\n", reply_rate);

    // Per kind, parse+validate: where the time goes by traffic type.
    for (int k = 0; k < 5 && only.empty(); ++k) {
        std::vector<Sample> subset;
        for (const Sample& s : samples)
            if (static_cast<int>(s.kind) == k) subset.push_back(s);
        if (subset.empty()) continue;
        const double rate = messages_per_second(subset, passes, [&](const Sample& s) {
            return static_cast<std::size_t>(validate(parse_message(s.text, cb), cb, s.sender).status);
        });
        std::printf("  parse+validate, %-9s %10.0f msg/s\n", kind_name(static_cast<test::ExampleTraffic::Kind>(k)),
                    rate);
    }
    return 0;
}
