// smsgw entry point: dispatches to the subcommands of SPEC.md section 7.
#include "daemon/cli/commands.hpp"
#include "smsgw_version.hpp"
#include "daemon/cli/options.hpp"

#include <cstdio>
#include <exception>
#include <span>
#include <string>
#include <string_view>

namespace {

int cmd_version(const smsgw::Args& args) {
    smsgw::cli::Options opts("version", "smsgw version (or smsgw --version)\n\nPrints the version and the git commit it was built from.");
    if (auto exit = opts.parse(args)) return *exit;
    std::printf("smsgw %s (commit %s)\n", smsgw::version_string, smsgw::git_commit);
    return 0;
}

struct Command {
    std::string_view name;
    int (*run)(const smsgw::Args&);
    std::string_view summary;
};

constexpr Command commands[] = {
    {"run", smsgw::cmd_run, "run the gateway daemon (--config FILE)"},
    {"recover", smsgw::cmd_recover, "copy what can be read of a damaged database into a new one (--db FILE --out NEW)"},
    {"resolve", smsgw::cmd_resolve, "settle a conflict in favour of one report (--db FILE --report ID)"},
    {"queue", smsgw::cmd_queue, "what needs a human: conflicts, warnings, anomalies, incidents, silent stations (--db FILE)"},
    {"review", smsgw::cmd_review, "decide on a report or station: verify|reject|quarantine|release|note (--db FILE ITEM VERB)"},
    {"call", smsgw::cmd_call, "log a call to a station's monitor (--db FILE --station CODE --outcome OUTCOME)"},
    {"audit", smsgw::cmd_audit, "check the operators' hash-chained audit trail (--db FILE verify|list)"},
    {"check-codebook", smsgw::cmd_check_codebook, "check a codebook directory, list every problem"},
    {"gen-codebook", smsgw::cmd_gen_codebook, "generate the reference election codebook from a seed"},
    {"inject", smsgw::cmd_inject, "write an incoming SMS into a dummy-driver device directory"},
    {"simulate", smsgw::cmd_simulate, "play an election night as SMS into dummy-driver devices (--codebook DIR --device DIR)"},
    {"estimate", smsgw::cmd_estimate, "print the current quick-count estimates (--db FILE [--json])"},
    {"status", smsgw::cmd_status, "modems, messages, replies, reporting progress, last export (--db FILE [--json])"},
    {"watch", smsgw::cmd_watch, "the status view refreshed in the terminal until Ctrl-C (--db FILE [--interval S])"},
    {"callback", smsgw::cmd_callback, "whom to call: sampled stations still silent, with their monitors (--db FILE [--json])"},
    {"export", smsgw::cmd_export, "write one export of the database now (--db FILE --out DIR)"},
    {"official", smsgw::cmd_official, "import a commission's per-station results (import --db FILE --form CODE CSV [--map FILE])"},
    {"verify", smsgw::cmd_verify, "official results against the quick count and the monitors' reports (--db FILE [--json])"},
    {"push", smsgw::cmd_push, "deliver the exports HQ lacks and verify they arrived (--config FILE)"},
    {"parse", smsgw::cmd_parse, "parse and validate messages from stdin, one JSON line each (no store)"},
    {"version", cmd_version, "print the version and the git commit it was built from (also --version)"},
};

// Not for people: the daemon runs it, one process per modem.
constexpr Command hidden[] = {
    {"modem-process", smsgw::cmd_modem_process, "one modem's libgammu in a process of its own"},
};

void usage() {
    std::FILE* out = stdout;
    std::fprintf(out,
                 "usage: smsgw COMMAND [options]   (smsgw COMMAND --help for its options)\n"
                 "exit status: 0 done, 1 a runtime error (the message says what to do), 2 a usage error (one line\n"
                 "naming it); each command's --help lists any other.\n\ncommands:\n");
    for (const auto& c : commands)
        std::fprintf(out, "  %-16.*s %.*s\n", int(c.name.size()), c.name.data(), int(c.summary.size()),
                     c.summary.data());
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return smsgw::cli::usage_error("", "no command given");
    std::string_view name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") {
        usage();
        return 0;
    }
    if (name == "--version") name = "version";
    smsgw::Args args(argv + 2, argv + argc);
    const Command* found = nullptr;
    for (auto list : {std::span<const Command>(commands), std::span<const Command>(hidden)})
        for (const auto& c : list)
            if (c.name == name) found = &c;
    if (found) {
        try {
            return found->run(args);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "smsgw %s: %s\n", argv[1], e.what());
            return 1;
        }
    }
    return smsgw::cli::usage_error("", "unknown command '" + std::string(name) + "'");
}
