// Through run_command: stdout and stderr go to files, so neither side can block on a full pipe.
#include "tests/support/run_smsgw.hpp"

#include "tests/support/child_process.hpp"
#include "tests/support/files.hpp"

namespace smsgw::test {

std::vector<std::string> Run::lines() const { return lines_of(out); }

Run run_program(const std::vector<std::string>& argv, const std::string& input, std::chrono::milliseconds timeout) {
    const CommandResult c = run_command(argv, input, timeout, false);
    return {c.exit_code(), c.out, c.err};
}

std::string smsgw_binary() { return SMSGW_BINARY; }

namespace {

std::vector<std::string> smsgw_argv(const std::vector<std::string>& args) {
    std::vector<std::string> argv{smsgw_binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
}

}  // namespace

Run run_smsgw(const std::vector<std::string>& args, const std::string& input, std::chrono::milliseconds timeout) {
    return run_program(smsgw_argv(args), input, timeout);
}

Run run_smsgw_in(const std::filesystem::path& working_directory, const std::vector<std::string>& args,
                 const std::string& input, std::chrono::milliseconds timeout) {
    const CommandResult c = run_command(smsgw_argv(args), input, timeout, false, working_directory.string());
    return {c.exit_code(), c.out, c.err};
}

Run run_smsgw_merged(const std::vector<std::string>& args, const std::string& input, std::chrono::milliseconds timeout) {
    const CommandResult c = run_command(smsgw_argv(args), input, timeout, true);
    return {c.exit_code(), c.out, {}};
}

}  // namespace smsgw::test
