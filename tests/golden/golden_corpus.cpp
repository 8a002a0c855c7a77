// Golden corpus files (sender TAB message, with escapes) and running them through the real `smsgw parse`.
#include "golden_corpus.hpp"

#include "tests/support/run_smsgw.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <stdexcept>

namespace fs = std::filesystem;

namespace smsgw::golden {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}


}  // namespace

std::string unescape(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\') {
            out += s[i];
            continue;
        }
        if (++i == s.size()) throw std::invalid_argument("backslash at the end");
        switch (s[i]) {
            case '\\': out += '\\'; break;
            case 't': out += '\t'; break;
            case 'r': out += '\r'; break;
            case 'x': {
                const int hi = i + 1 < s.size() ? hex_value(s[i + 1]) : -1;
                const int lo = i + 2 < s.size() ? hex_value(s[i + 2]) : -1;
                if (hi < 0 || lo < 0) throw std::invalid_argument("\\x needs two hex digits");
                out += static_cast<char>(hi * 16 + lo);
                i += 2;
                break;
            }
            case 'u': {
                const std::size_t close = s.find('}', i);
                if (i + 1 >= s.size() || s[i + 1] != '{' || close == std::string::npos || close == i + 2)
                    throw std::invalid_argument("\\u needs {HEX}");
                char32_t cp = 0;
                for (std::size_t k = i + 2; k < close; ++k) {
                    const int h = hex_value(s[k]);
                    if (h < 0 || cp > 0x10FFFF) throw std::invalid_argument("bad hex in \\u{}");
                    cp = cp * 16 + static_cast<char32_t>(h);
                }
                if (cp > 0x10FFFF) throw std::invalid_argument("\\u{} beyond U+10FFFF");
                append_utf8(out, cp);
                i = close;
                break;
            }
            default: throw std::invalid_argument(std::string("unknown escape \\") + s[i]);
        }
    }
    return out;
}

fs::path Corpus::expected_path() const {
    fs::path p = tsv;
    p.replace_extension(".expected.jsonl");
    return p;
}

Corpus read_corpus(const fs::path& tsv, const fs::path& source_dir) {
    std::ifstream in(tsv, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + tsv.string());
    Corpus c;
    c.tsv = tsv;
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        const std::string where = tsv.filename().string() + ":" + std::to_string(n) + ": ";
        if (line.rfind("#! codebook:", 0) == 0) {
            std::string p = line.substr(12);
            p.erase(0, p.find_first_not_of(' '));
            c.codebook = source_dir / p;
            continue;
        }
        if (line.empty() || line[0] == '#') continue;
        if (line.find('\r') != std::string::npos) throw std::runtime_error(where + "raw CR (write \\r)");
        const std::size_t tab = line.find('\t');
        if (tab == std::string::npos || tab == 0) throw std::runtime_error(where + "expected SENDER<TAB>MESSAGE");
        Case k;
        k.line = n;
        k.sender = line.substr(0, tab);
        k.typed = line.substr(tab + 1);
        try {
            k.message = unescape(k.typed);
        } catch (const std::invalid_argument& e) {
            throw std::runtime_error(where + e.what());
        }
        c.cases.push_back(std::move(k));
    }
    if (c.codebook.empty()) throw std::runtime_error(tsv.string() + ": no '#! codebook: PATH' line");
    return c;
}

std::vector<fs::path> corpus_files(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".tsv") out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> run_corpus(const Corpus& corpus, const std::string& binary) {
    std::map<std::string, std::vector<std::size_t>> by_sender;
    for (std::size_t i = 0; i < corpus.cases.size(); ++i) by_sender[corpus.cases[i].sender].push_back(i);

    std::vector<std::string> out(corpus.cases.size());
    for (const auto& [sender, indexes] : by_sender) {
        std::string input;
        for (std::size_t i : indexes) input += corpus.cases[i].message + '\n';
        std::vector<std::string> argv{binary, "parse", "--codebook", corpus.codebook.string()};
        if (sender != "-") argv.insert(argv.end(), {"--from", sender});
        std::string cmd;
        for (const auto& a : argv) cmd += (cmd.empty() ? "" : " ") + a;
        const test::Run r = test::run_program(argv, input);
        if (r.status != 0) throw std::runtime_error(cmd + " failed (exit " + std::to_string(r.status) + "): " + r.err);
        const std::string& text = r.out;
        std::size_t k = 0, pos = 0;
        for (std::size_t nl; (nl = text.find('\n', pos)) != std::string::npos; pos = nl + 1) {
            if (k == indexes.size()) throw std::runtime_error(cmd + ": more output lines than input lines");
            out[indexes[k++]] = text.substr(pos, nl - pos);
        }
        if (k != indexes.size() || pos != text.size())
            throw std::runtime_error(cmd + ": " + std::to_string(k) + " output lines for " +
                                     std::to_string(indexes.size()) + " input lines");
    }
    return out;
}

}  // namespace smsgw::golden
