// Running the smsgw binary (or any program) as a script would: an argv, stdin, exit code, stdout and stderr apart.
//
// How to adopt tests/support in a test (link `test_support`; it is linked into every doctest tier already):
//   #include "tests/support/run_smsgw.hpp"   // run_smsgw, run_program, Run
//   #include "tests/support/temp_dir.hpp"    // TempDir tmp{"mytopic"}; tmp.path, tmp / "x.db", tmp.file("x.db")
//   #include "tests/support/files.hpp"       // slurp, write_file, count_files, occurrences, lines_of
//   #include "tests/support/wait.hpp"        // wait_until(timeout, pred), CHECK(wait_for("what", timeout, pred))
//   #include "tests/support/child_process.hpp"  // ChildProcess (killed on destruction), run_command
//   #include "tests/support/store_probe.hpp"    // StoreProbe: read-only SQL on a running daemon's database
//   using namespace smsgw::test;
//   Run r = run_smsgw({"estimate", "--db", db, "--json"});  CHECK(r.status == 0);
//   Run r = run_smsgw_in(tmp.path, {"export", "--db", "x.db", "--out", "out"});  // relative to tmp.path
// Arguments are an argv: no shell, no quoting, paths with spaces are fine.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace smsgw::test {

struct Run {
    int status = -1;  // exit code; -1 when killed by a signal or still running at the timeout (then killed)
    std::string out, err;
    // stdout split at '\n' (a last line without '\n' is kept).
    std::vector<std::string> lines() const;
};

// `argv[0]` is a path, or a name searched in PATH; stdin is `input`.
Run run_program(const std::vector<std::string>& argv, const std::string& input = {},
                std::chrono::milliseconds timeout = std::chrono::minutes(5));
// `smsgw ARGS...`: the binary this build made.
Run run_smsgw(const std::vector<std::string>& args, const std::string& input = {},
              std::chrono::milliseconds timeout = std::chrono::minutes(5));
// The same in `working_directory`, for relative paths in ARGS (what the command writes lands there).
Run run_smsgw_in(const std::filesystem::path& working_directory, const std::vector<std::string>& args,
                 const std::string& input = {}, std::chrono::milliseconds timeout = std::chrono::minutes(5));
// The same with stderr into `out` as well, interleaved as a terminal would show them.
Run run_smsgw_merged(const std::vector<std::string>& args, const std::string& input = {},
                     std::chrono::milliseconds timeout = std::chrono::minutes(5));
// The binary's path, for argv built by hand (DaemonProcess, ChildProcess).
std::string smsgw_binary();

}  // namespace smsgw::test
