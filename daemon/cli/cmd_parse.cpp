// smsgw parse --codebook DIR [--from PHONE]: one message per stdin line in, one JSON object per line out.
#include "daemon/cli/options.hpp"
#include "daemon/codebook_io/codebook_dir.hpp"
#include "daemon/cli/commands.hpp"
#include "daemon/cli/parse_output.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <unistd.h>

namespace smsgw {

namespace {

// An SMS is at most 255 parts of 153 characters; a line beyond this is not a message, and
// keeping all of it would let one runaway line exhaust memory. The rest of it is dropped.
constexpr std::size_t kMaxLineBytes = 1 << 20;
constexpr std::size_t kFlushBytes = 1 << 16;

class Output {
public:
    Output() : interactive_(::isatty(STDOUT_FILENO) == 1) { buf_.reserve(kFlushBytes + 4096); }
    std::string& buffer() { return buf_; }
    // After each line: a terminal sees it at once, a pipe gets large writes.
    bool line_done() { return interactive_ || buf_.size() >= kFlushBytes ? flush() : true; }
    bool flush() {
        std::size_t done = 0;
        while (done < buf_.size()) {
            const ssize_t n = ::write(STDOUT_FILENO, buf_.data() + done, buf_.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return false;
            done += static_cast<std::size_t>(n);
        }
        buf_.clear();
        return true;
    }

private:
    bool interactive_;
    std::string buf_;
};

// Reads stdin in blocks and calls `emit(line, truncated)` per line: '\n' ends a line, a '\r'
// before it is dropped (CRLF files), a last line without '\n' still counts.
template <class Emit>
bool for_each_line(Emit&& emit) {
    static char block[1 << 16];
    std::string pending;  // a line that spans blocks
    bool truncated = false;
    auto finish = [&](std::string_view line) {
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        const bool ok = emit(line, truncated);
        pending.clear();
        truncated = false;
        return ok;
    };
    auto keep = [&](std::string_view part) {
        const std::size_t room = kMaxLineBytes - pending.size();
        if (part.size() > room) truncated = true;
        pending.append(part.substr(0, std::min(room, part.size())));
    };
    for (;;) {
        const ssize_t n = ::read(STDIN_FILENO, block, sizeof block);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            std::fprintf(stderr, "smsgw parse: reading stdin: %s\n", std::strerror(errno));
            return false;
        }
        if (n == 0) break;
        std::string_view rest(block, static_cast<std::size_t>(n));
        while (!rest.empty()) {
            const std::size_t nl = rest.find('\n');
            if (nl == std::string_view::npos) {
                keep(rest);
                break;
            }
            bool ok;
            if (pending.empty() && !truncated) {
                ok = finish(rest.substr(0, nl));  // no copy for the common case (a block < kMaxLineBytes)
            } else {
                keep(rest.substr(0, nl));
                ok = finish(pending);
            }
            if (!ok) return false;
            rest.remove_prefix(nl + 1);
        }
    }
    if (!pending.empty() || truncated) return finish(pending);
    return true;
}

}  // namespace

int cmd_parse(const Args& args) {
    std::string dir, from;
    cli::Options opts("parse",
                      "smsgw parse --codebook DIR [--from PHONE]\n\n"
                      "Reads one message per line on stdin (CRLF or LF; invalid UTF-8 is fine) and writes one JSON\n"
                      "object per line: input, status (accepted|warning|rejected), form, station, values {tag: value},\n"
                      "incidents, comment, errors and warnings [{code, detail}], reply, then sender, language and,\n"
                      "without --from, \"authorized\": \"any\". form and station are what was understood (null if\n"
                      "nothing); comment is null when there is no '@'. Without --from the sender counts as authorized\n"
                      "for every station and replies use the codebook's default language; with --from the phone is\n"
                      "normalized by the codebook's [phones] rules and its monitor's language is used. No database,\n"
                      "no modem. Exit 0 however the messages fare; 1 if the codebook does not load or stdin or\n"
                      "stdout fail; 2: bad arguments.");
    opts.text("codebook", dir, "DIR", "codebook directory").required();
    opts.text("from", from, "PHONE", "sender phone number (any form the codebook's [phones] rules accept)");
    if (auto exit = opts.parse(args)) return *exit;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        std::cerr << "smsgw parse: codebook " << dir << " is not a directory (give the directory that holds election.toml)\n";
        return 1;
    }
    const LoadResult loaded = load_codebook_dir(dir);
    if (!loaded.ok()) {
        for (const Diagnostic& d : loaded.diagnostics) std::cerr << format_diagnostic(dir, d) << '\n';
        const std::size_t errors = loaded.error_count();
        std::cerr << "smsgw parse: codebook " << dir << " does not load: " << errors
                  << (errors == 1 ? " error" : " errors") << "\n";
        return 1;
    }

    const ParseJson line_json(*loaded.codebook,
                              opts.given("from") ? std::optional<std::string>(from) : std::nullopt);
    Output out;
    bool write_ok = true;
    const bool read_ok = for_each_line([&](std::string_view line, bool truncated) {
        line_json.append(out.buffer(), line, truncated);
        write_ok = out.line_done();
        return write_ok;
    });
    if (write_ok) write_ok = out.flush();
    if (!write_ok) {
        std::fprintf(stderr, "smsgw parse: writing stdout: %s\n", std::strerror(errno));
        return 1;
    }
    return read_ok ? 0 : 1;
}

}  // namespace smsgw
